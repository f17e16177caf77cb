"""Another program locks the as-run database (`BEGIN EXCLUSIVE`, as any SQLite tool can) twice mid-show."""

from __future__ import annotations

import json
import time

import pytest
from chaoskit import TOLD_WITHIN_S, Locker, assert_show_kept, rows, show_taking_orders

pytestmark = pytest.mark.slow  # about 30 s

SEGMENTS = 27  # of 1 s: 2 before the first lock, 10 locked, 2 free, 10 locked, 3 after
LOCK_S = 10.0


def test_a_database_locked_twice_by_another_process_never_stops_or_delays_the_show(tmp_path):
    db = tmp_path / "a.db"
    show, burst = show_taking_orders(tmp_path, db, SEGMENTS)
    locker = Locker(db)
    told = []
    try:
        for take in (3, 15):
            show.wait_for(lambda line: f"ON AIR {take}/" in line.text, 30)
            mark = len(show.lines)
            with locker.held() as since:
                failing = show.wait_for(lambda line: line.words[1:2] == ["LOG FAILING"], 5, after=mark)
                told.append(round(failing.at - since, 3))
                time.sleep(LOCK_S - (time.time() - since))
            show.wait_for(lambda line: line.words[1:2] == ["LOG OK"], 5, after=mark)
        assert show.ended(30) == 0
    finally:
        locker.close()
        burst.stop()
        show.kill()
    assert all(seconds <= TOLD_WITHIN_S for seconds in told), told
    assert len(show.log_lines("FAILING")) == len(show.log_lines("OK")) == 2  # one sentence each way, each time
    assert "another program has locked the database" in show.log_lines("FAILING")[0].text
    worst = assert_show_kept(show, db, show.on_air(), burst, SEGMENTS)
    print(f"told {told} s after each lock; worst take {worst * 1000:.1f} ms off plan; {burst.refused} orders refused")
    assert burst.refused > 0  # orders were refused (503) while locked: the shops send them again
    health = [json.loads(row["detail"])["ok"] for row in rows(db, "SELECT * FROM events WHERE kind = 'log_health' ORDER BY id")]
    assert health == [False, True, False, True]
