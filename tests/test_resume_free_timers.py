"""Free timers across a crash on the fake clock: each as the log kept it, re-based on the resumed show's clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import time, timedelta

from showkit import make_rundown, seg
from studio.rundown.free_timers import free_timer
from studio.rundown.model import FreeTimer
from studio.show.clock import FakeClock
from studio.show.engine import Engine
from studio.show.events import EventBus
from studio.storage.asrun import AsRunLog

RUNDOWN = replace(make_rundown(seg("a", 600, end="hold")),
                  timers=(FreeTimer("Q&A", "down", 300.0, presenter=True), FreeTimer("Speaker"), FreeTimer("Idle")))


def readings(engine: Engine) -> dict[str, tuple[float, bool, bool]]:
    return {t.name: (round(t.seconds, 3), t.running, t.presenter) for t in engine.state().timers}


def test_running_paused_shown_and_live_made_timers_come_back_after_a_crash(db_dir, clock, log):
    engine = Engine(RUNDOWN, clock=clock, timers=clock, bus=EventBus(), recorder=log, planned_start=clock.wall())
    engine.timer("start", "Speaker")  # before the show opens: logged when it does
    clock.advance(10)
    engine.start()
    engine.timer("start", "Q&A")
    clock.advance(50)
    engine.timer("pause", "Speaker")  # 60 s counted
    engine.show_timer("Speaker", True)
    engine.new_timer(free_timer("Doors", to=time(20, 30)))
    engine.new_timer(free_timer("Break", duration=120.0))
    clock.advance(20)
    before = readings(engine)
    assert before["Q&A"] == (230.0, True, True) and before["Speaker"] == (60.0, False, True)
    log.heartbeat(engine.show_id, clock.wall())
    log.close()  # dropped without closing the show, as kill -9 would

    gap = 45.0
    later = FakeClock(clock.wall() + timedelta(seconds=gap), mono=7.0)  # a new process: another monotonic origin
    log2 = AsRunLog(db_dir / "studio.db")
    try:
        point = log2.resume_point(str(RUNDOWN.path.resolve()))
        resumed = Engine(RUNDOWN, clock=later, timers=later, bus=EventBus(), recorder=log2, planned_start=point.planned_start)
        assert readings(resumed)["Q&A"] == (300.0, False, True)  # as the rundown declares it, before the restore
        resumed.restore(point)
        after = readings(resumed)
        assert after["Q&A"] == (230.0 - gap, True, True)  # it ran on through the gap, like the show's clock
        assert after["Speaker"] == before["Speaker"] and after["Idle"] == before["Idle"] == (0.0, False, False)
        assert after["Doors"] == (before["Doors"][0] - gap, True, False)  # still counting to 20:30
        assert after["Break"] == (120.0, False, False)  # made live, never started
        later.advance(30)
        assert readings(resumed)["Q&A"] == (230.0 - gap - 30, True, True)
        resumed.timer("start", "Speaker")
        later.advance(5)
        assert readings(resumed)["Speaker"] == (65.0, True, True)
    finally:
        log2.close()
