"""The show loop stays up by construction: periodic jobs outlive their exceptions, timers leave nothing behind."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import timedelta

from studio.show.clock import FakeClock
from studio.show.loop import ShowLoop


def fake_loop() -> tuple[FakeClock, ShowLoop, list[BaseException]]:
    clock = FakeClock()
    errors: list[BaseException] = []
    return clock, ShowLoop(clock, errors.append), errors


def test_a_periodic_job_that_raises_keeps_running_and_is_reported_once() -> None:
    clock, loop, errors = fake_loop()
    calls: list[float] = []

    def flaky() -> None:
        calls.append(clock.monotonic())
        if len(calls) % 2:
            raise RuntimeError(f"failure {len(calls)}")

    loop.every(1.0, flaky)
    for _ in range(10):  # ten hours of a 1-Hz heartbeat would be the same, only longer
        clock.advance(1.0)
        loop.run_due()
    assert calls == [1001.0 + n for n in range(10)]
    assert [str(e) for e in errors] == ["failure 1"]


def test_a_periodic_job_catches_up_without_accumulating_lateness() -> None:
    clock, loop, _ = fake_loop()
    calls: list[float] = []
    loop.every(0.5, lambda: calls.append(clock.monotonic()))
    clock.advance(2.2)  # the loop was held up: the missed runs happen at once, the schedule keeps its beat
    assert loop.run_due() == 4
    clock.advance(0.3)
    assert loop.run_due() == 1


def test_a_one_off_callback_that_raises_is_reported_and_the_next_runs() -> None:
    clock, loop, errors = fake_loop()
    ran: list[str] = []
    loop.post(lambda: 1 / 0)
    loop.post(lambda: ran.append("after"))
    loop.run_due()
    assert ran == ["after"]
    assert [type(e) for e in errors] == [ZeroDivisionError]


def test_cancelling_fired_timers_keeps_nothing() -> None:
    clock, loop, _ = fake_loop()
    handles = [loop.call_at(clock.monotonic() + n / 1000, lambda: None) for n in range(1000)]
    clock.advance(2.0)
    assert loop.run_due() == 1000
    for handle in handles:  # as the engine does when a segment ends after its warnings fired
        loop.cancel(handle)
        loop.cancel(handle)
    assert loop.pending == 0


def test_cancelled_future_timers_are_dropped_not_hoarded() -> None:
    clock, loop, _ = fake_loop()
    for n in range(10_000):
        loop.cancel(loop.call_at(clock.monotonic() + 3600 + n, lambda: None))
    assert loop.pending < 200
    ran: list[int] = []
    loop.call_at(clock.monotonic() + 1, lambda: ran.append(1))
    clock.advance(20_000)
    assert loop.run_due() == 1 and ran == [1]
    assert loop.pending == 0


def test_the_fake_clock_forgets_cancelled_timers_too() -> None:
    clock = FakeClock()
    ran: list[int] = []
    handles = [clock.call_at(clock.monotonic() + n, lambda n=n: ran.append(n)) for n in range(1, 4)]
    clock.cancel(handles[1])
    clock.advance(5)
    for handle in handles:
        clock.cancel(handle)
    assert ran == [1, 3]
    assert clock._timers.next_deadline() is None and len(clock._timers) == 0


def test_apscheduler_is_imported_only_for_a_wall_clock_appointment() -> None:
    script = (
        "import sys\n"
        "from studio.show.loop import ShowLoop\n"
        "loop = ShowLoop()\n"
        "loop.start(); loop.call_at(0, lambda: None); loop.post(lambda: None)\n"
        "print('apscheduler' in sys.modules)\n"
        "from datetime import datetime, timedelta, timezone\n"
        "loop.cancel(loop.call_at_wall(datetime.now(timezone.utc) + timedelta(hours=1), lambda: None))\n"
        "print('apscheduler' in sys.modules)\n"
        "loop.stop()\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]


def test_a_wall_clock_appointment_runs_on_the_loop() -> None:
    loop = ShowLoop()
    ran = threading.Event()
    where: list[str] = []
    loop.start()
    try:
        def appointment() -> None:
            where.append(threading.current_thread().name)
            ran.set()
        loop.call_at_wall(loop.clock.wall() + timedelta(milliseconds=50), appointment)
        assert ran.wait(5)
    finally:
        loop.stop()
    assert where == ["show-loop"]


def test_stopping_while_the_scheduler_clears_an_appointment_it_ran_leaves_no_traceback(monkeypatch) -> None:
    """The scheduler removes a one-off appointment right after running it; a stop at that instant used to kill its
    thread with JobLookupError (agronholm/apscheduler#104, seen once in CI). Here the removal waits for the stop."""
    from apscheduler.schedulers.base import BaseScheduler

    removing, stopping = threading.Event(), threading.Event()
    remove_job = BaseScheduler.remove_job

    def held_removal(self: BaseScheduler, job_id: str, jobstore: str | None = None) -> None:
        if threading.current_thread().name == "APScheduler":
            removing.set()
            stopping.wait(5)
        remove_job(self, job_id, jobstore)

    monkeypatch.setattr(BaseScheduler, "remove_job", held_removal)
    died: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: died.append(args.exc_value))
    loop = ShowLoop()
    loop.start()
    loop.call_at_wall(loop.clock.wall() + timedelta(milliseconds=50), lambda: None)
    assert removing.wait(5)
    stopper = threading.Thread(target=loop.stop)
    stopper.start()
    time.sleep(0.2)  # the stop gets as far as it can while the removal is held
    stopping.set()
    stopper.join(5)
    assert not stopper.is_alive() and died == []


def test_work_posted_just_before_stop_still_runs() -> None:
    """A close posts its last records and stops the loop at once: they run before the loop's thread ends."""
    ran: list[int] = []
    for n in range(20):
        loop = ShowLoop()
        loop.start()
        loop.post(lambda n=n: ran.append(n))
        loop.stop()
    assert ran == list(range(20))


def test_timers_not_yet_due_at_stop_are_dropped() -> None:
    loop = ShowLoop()
    loop.start()
    ran: list[str] = []
    loop.call_at(loop.clock.monotonic() + 60, lambda: ran.append("later"))
    loop.stop()
    assert ran == []
