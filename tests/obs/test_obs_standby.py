"""A hot standby with a real OBS: `kill -9` of the primary (`studio run --headless`) mid-show, and a primary that
comes back (restarted, or frozen with SIGSTOP past the takeover and woken with its cuts overdue). OBS's program
changes are watched from a client of their own: every scene once, in order."""

from __future__ import annotations

import os
import signal
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Iterator

import pytest
from standby.standbykit import SCENES, ProgramWatch, Studio, planned_start, runs, stamp, write_rundown

pytestmark = pytest.mark.slow  # about 25 s and 40 s

TAKEOVER_LATE_S = 2.5  # the first cut after the failure lands at most this late
ON_TIME_S = 0.25  # the standby's later cuts (its own timers; OBS's switch time and the machine's load included)
KILL_BEFORE_S = 0.3  # more than OBS's switch latency: the primary has not sent the cut early yet
CONTINUOUS_S = 0.002  # the same instant in both logs (each keeps milliseconds)


@contextmanager
def on_air_with_a_standby(obs, tmp_path: Path, count: int,
                          seconds: float) -> Iterator[tuple[datetime, ProgramWatch, list[Studio]]]:
    """(the planned start, OBS's program watched from a client of its own, the studios: the primary on air with s2,
    its standby standing by). Every studio in the list (a test may add one) is killed at the end."""
    rundown = write_rundown(tmp_path, count, seconds)
    watch = ProgramWatch(obs)
    watch.program("Opening")
    start = planned_start(6)
    studios: list[Studio] = []
    try:
        studios.append(Studio(tmp_path / "a", rundown, obs, "--start", f"{start:%H:%M:%S}"))
        studios.append(Studio(tmp_path / "b", rundown, obs, "--standby-of", studios[0].push))
        studios[1].wait_for(lambda text: "Standing by for the primary" in text, 10)
        studios[0].wait_for(lambda text: "ON AIR 2/" in text, 20)
        yield start, watch, studios
    finally:
        for studio in studios:
            studio.kill()
        watch.close()


def check_continuous(log) -> None:
    """Each run starts when the one before it ended: no gap, no overlap."""
    for before, after in zip(log, log[1:]):
        assert abs(stamp(after["actual_start"]) - stamp(before["actual_end"])) < CONTINUOUS_S, (before, after)


def test_kill_9_of_the_primary_mid_show_the_standby_cuts_on_without_a_double_cut(obs, tmp_path):
    count, seconds = 5, 3.0
    with on_air_with_a_standby(obs, tmp_path, count, seconds) as (start, watch, (primary, standby)):
        cut = start.timestamp() + 2 * seconds  # s3's planned instant: the primary dies just before it (the worst case:
        time.sleep(max(0.0, cut - KILL_BEFORE_S - time.time()))  # the cut falls due in the silence the standby waits out)
        primary.kill()
        killed = time.time()
        assert standby.ended(30) == 0
    assert watch.scenes() == list(SCENES[:count])  # every scene once, in order: no double cut, none missed
    after = [(at, scene) for at, scene in watch.changes if at > killed]
    first_at, first_scene = after[0]
    late = first_at - cut
    print(f"first cut after the kill {late * 1000:.0f} ms after its planned instant")
    assert first_scene == SCENES[2] and -0.1 < late <= TAKEOVER_LATE_S
    for n, (at, scene) in enumerate(after[1:], start=3):
        assert abs(at - (start.timestamp() + n * seconds)) < ON_TIME_S, (scene, at)
    assert any("TOOK OVER" in line.text and "on s2" in line.text for line in standby.lines)

    before = runs(primary.db)
    assert [r["segment_id"] for r in before] == ["s1", "s2"] and before[1]["actual_end"] is None  # died on air
    taken = runs(standby.db)
    assert [r["segment_id"] for r in taken] == [f"s{n}" for n in range(1, count + 1)]
    assert [r["taken_by"] for r in taken[:2]] == ["primary", "primary"]  # copied from its feed
    for mine, theirs in zip(taken, before):
        assert abs(stamp(mine["actual_start"]) - stamp(theirs["actual_start"])) < CONTINUOUS_S
    check_continuous(taken)
    assert abs(stamp(taken[2]["actual_start"]) - cut) <= TAKEOVER_LATE_S


def test_a_primary_that_comes_back_stands_by_and_takes_over_in_turn(obs, tmp_path):
    count, seconds = 6, 4.0
    with on_air_with_a_standby(obs, tmp_path, count, seconds) as (start, watch, studios):
        first, second = studios
        first.kill()
        second.wait_for(lambda text: "TOOK OVER" in text, 5)
        time.sleep(0.3)  # its note in OBS follows the takeover
        # the first studio comes back with the command it had: OBS's note sends it to stand by for the second
        back = Studio(tmp_path / "a", first.rundown, obs, "--start", f"{start:%H:%M:%S}")
        studios.append(back)
        back.wait_for(lambda text: "stands by for it and does not drive OBS" in text, 10)
        back.wait_for(lambda text: "Standing by for the primary" in text, 10)
        second.wait_for(lambda text: "ON AIR 4/" in text, 20)
        time.sleep(0.5)  # its state with s4 on air reaches the studio standing by
        assert watch.scenes() == list(SCENES[:4])  # the studio that came back cut nothing
        second.kill()
        assert back.ended(30) == 0
    assert watch.scenes() == list(SCENES[:count])
    assert any("TOOK OVER" in line.text and "on s4" in line.text for line in back.lines)
    log = runs(back.db)
    shows = {r["show_id"] for r in log}
    assert len(shows) == 2  # the show it drove before it died, and the one it took back
    taken_back = [r for r in log if r["show_id"] == max(shows)]
    assert [r["segment_id"] for r in taken_back] == [f"s{n}" for n in range(1, count + 1)]
    check_continuous(taken_back)


def test_a_frozen_primary_that_wakes_stands_down_and_stands_by(obs, tmp_path):
    count, seconds = 6, 4.0
    with on_air_with_a_standby(obs, tmp_path, count, seconds) as (start, watch, (first, second)):
        cut = start.timestamp() + 2 * seconds
        time.sleep(max(0.0, cut - 1.0 - time.time()))
        os.kill(first.proc.pid, signal.SIGSTOP)  # frozen a second before its cut: its sockets stay open, it says nothing
        second.wait_for(lambda text: "TOOK OVER" in text, 5)
        second.wait_for(lambda text: "ON AIR 4/" in text, 10)
        time.sleep(0.3)
        os.kill(first.proc.pid, signal.SIGCONT)  # it wakes with s3's and s4's cuts overdue: s3 would be a wrong cut now
        first.wait_for(lambda text: "STOOD DOWN" in text, 5)
        first.wait_for(lambda text: "stands by for it and does not drive OBS" in text, 15)  # the same process, again
        first.wait_for(lambda text: "Standing by for the primary" in text, 10)
        second.wait_for(lambda text: "ON AIR 5/" in text, 20)
        time.sleep(0.5)
        second.kill()
        assert first.ended(30) == 0
    assert watch.scenes() == list(SCENES[:count])  # the woken studio's overdue cuts waited for OBS's marker: none sent
    assert any("TOOK OVER" in line.text and "on s5" in line.text for line in first.lines)
