"""`studio run --headless` killed (SIGKILL) while another program locks its database, mid order burst,
then `--resume`d: what aired before the kill and waited in the journal is in the database, in order."""

from __future__ import annotations

import pytest
from chaoskit import Headless, Locker, assert_show_kept, rows, show_taking_orders

pytestmark = pytest.mark.slow  # about 20 s

SEGMENTS = 12  # of 1 s: locked from the 3rd, killed at the 6th


def test_killed_while_the_database_is_locked_the_resumed_show_has_every_take_and_order(tmp_path):
    db = tmp_path / "a.db"
    show, burst = show_taking_orders(tmp_path, db, SEGMENTS)
    locker = Locker(db)
    try:
        show.wait_for(lambda line: "ON AIR 3/" in line.text, 15)
        mark = len(show.lines)
        with locker.held():
            show.wait_for(lambda line: line.words[1:2] == ["LOG FAILING"], 5, after=mark)
            show.wait_for(lambda line: "ON AIR 6/" in line.text, 10)
            show.kill()
            burst.stop()
            logged = rows(db, "SELECT segment_id FROM segment_runs ORDER BY id")
    finally:
        locker.close()
        burst.stop()
        show.kill()
    aired = [line.words[2] for line in show.on_air()]
    assert len(logged) < len(aired)  # the last takes were only in the journal when the process died
    assert list(tmp_path.rglob("*.journal.jsonl"))

    resumed = Headless(tmp_path, tmp_path / "show.yaml", db, "--resume")
    try:
        assert resumed.ended(30) == 0
    finally:
        resumed.kill()
    worst = assert_show_kept(show, db, show.on_air(), burst, SEGMENTS)
    print(f"{len(aired)} takes before the kill, {len(logged)} of them in the database then; "
          f"worst take {worst * 1000:.1f} ms off plan")
    assert [run["segment_id"] for run in rows(db, "SELECT segment_id FROM segment_runs ORDER BY id")][:len(aired)] == aired
    assert len(rows(db, "SELECT * FROM shows")) == 1
    assert len(rows(db, "SELECT * FROM events WHERE kind = 'resumed'")) == 1
    assert not any(path.stat().st_size for path in tmp_path.rglob("*.journal.jsonl"))  # replayed and emptied
