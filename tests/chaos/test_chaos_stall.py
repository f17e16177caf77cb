"""A stalled disk: the as-run database accepts every write, but a commit takes seconds (no error at all).

The stall is real: the writer's own SQLite connection gets a TEMP trigger that blocks inside the commit
of the next take's record for STALL_S (a function of the connection sleeping, as an fsync on a
stalled disk would). Nothing fails, so nothing is refused: the director hears of it only because the
as-run lane falls behind (its oldest record waits more than SLOW_S), and again when it catches up.
"""

from __future__ import annotations

import sqlite3
import time

import pytest

from showkit import Recorded, make_rundown, seg, wait_until
from studio.app.session import LiveShow
from studio.show.events import LogHealth, SegmentStarted, ShowEnded
from studio.storage.asrun import LAG_CHECK_S, SLOW_S

pytestmark = pytest.mark.slow  # about 8 s

STALL_S = 3.0
SEGMENT_S = 1.0
SEGMENTS = 7
ON_TIME_S = 0.05


def stall_next_take(show: LiveShow) -> list[float]:
    """The next segment_runs insert blocks its commit for STALL_S, once; the list gets when it began (show clock)."""
    began: list[float] = []

    def stall(_row_id: int) -> int:
        if not began:
            began.append(show.clock.monotonic())
            time.sleep(STALL_S)
        return 0

    def install(db) -> None:
        db.create_function("stall", 1, stall)
        db.execute("CREATE TEMP TRIGGER stall_take AFTER INSERT ON main.segment_runs BEGIN SELECT stall(NEW.id); END")

    show.writer.call(install)
    return began


def test_a_commit_that_takes_seconds_is_told_and_the_show_stays_on_time(db_dir):
    show = LiveShow(make_rundown(*(seg(f"s{n}", SEGMENT_S) for n in range(1, SEGMENTS + 1))), db_dir / "a.db", start="now")
    seen = Recorded(show.bus)
    taken: list[float] = []  # when each take happened, by the show clock, as the loop publishes it
    show.bus.subscribe(lambda event: taken.append(show.clock.monotonic()), SegmentStarted)
    began = stall_next_take(show)
    try:
        show.run()
        assert wait_until(lambda: began, timeout=5), "the first take's record never reached the database"
        stalled_at = began[0]
        assert wait_until(lambda: seen.of(LogHealth), timeout=SLOW_S + 2 * LAG_CHECK_S + 1)
        assert wait_until(lambda: seen.of(ShowEnded), timeout=SEGMENTS * SEGMENT_S + 5)
    finally:
        show.close()
    slow, recovered = seen.of(LogHealth)  # one sentence each way
    assert (slow.ok, recovered.ok) == (False, True)
    assert slow.message.startswith("The as-run database is slow:") and slow.pending >= 1
    assert recovered.message == "The as-run database keeps up again: what aired meanwhile is written."
    # told once the oldest record is SLOW_S late (it was handed over just before the stall began), within a check
    assert SLOW_S - 0.1 <= slow.at - stalled_at <= SLOW_S + 2 * LAG_CHECK_S + 0.25, slow.at - stalled_at
    assert STALL_S <= recovered.at - stalled_at <= STALL_S + 2 * LAG_CHECK_S + 0.25, recovered.at - stalled_at
    # the takes went on, on time, through the stall (the clock read as each take is published, not its plan)
    assert len(taken) == SEGMENTS
    late = [round(at - (taken[0] + n * SEGMENT_S), 3) for n, at in enumerate(taken)]
    assert all(abs(seconds) <= ON_TIME_S for seconds in late), late
    # and every take and both sentences are in the database afterwards, in order
    with sqlite3.connect(db_dir / "a.db") as db:
        runs = [row[0] for row in db.execute("SELECT segment_id FROM segment_runs ORDER BY id")]
        health = [row[0] for row in db.execute("SELECT json_extract(detail, '$.ok') FROM events WHERE kind = 'log_health' ORDER BY id")]
    assert runs == [f"s{n}" for n in range(1, SEGMENTS + 1)]
    assert health == [0, 1]
