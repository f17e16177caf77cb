"""The show loop: the one thread on which the engine runs, live.

Director commands, timer deadlines and wall-clock appointments all arrive here as
callbacks and run one at a time, so the engine needs no locks and no caller ever waits
for it. Deadlines are monotonic and waited for on a condition variable (which waits on
the monotonic clock). Wall-clock appointments (a show start at 19:30:00, a hard start)
follow the operating system's clock through APScheduler's BackgroundScheduler, with no
misfire grace so a clock step never silently drops one; when they fall due they are
posted into this loop like everything else. APScheduler is imported and its thread
started only when the first appointment is made (it costs about 46 ms at start-up).

A callback that raises is reported through `on_error` and the loop goes on; a periodic
job (`every`) is rescheduled before it runs, so it survives its own exceptions. At stop(),
what was posted still runs; timers not yet due are dropped.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Callable

from studio.show.clock import Clock, SystemClock
from studio.threads import TimerQueue, start_thread

if TYPE_CHECKING:
    from apscheduler.events import JobExecutionEvent
    from apscheduler.schedulers.background import BackgroundScheduler

log = logging.getLogger(__name__)

ErrorSink = Callable[[BaseException], None]


class ShowLoop:
    def __init__(self, clock: Clock | None = None, on_error: ErrorSink | None = None) -> None:
        self.clock = clock or SystemClock()
        self._on_error = on_error
        self._timers = TimerQueue()
        self._cond = threading.Condition()
        self._running = False
        self._thread: threading.Thread | None = None
        self._scheduler: BackgroundScheduler | None = None  # made at the first wall-clock appointment

    def start(self) -> None:
        with self._cond:
            self._running = True
            if self._scheduler is not None:
                self._scheduler.start()
        self._thread = start_thread("show-loop", self._run)

    def stop(self) -> None:
        with self._cond:
            if not self._running:
                return
            self._running = False
            self._cond.notify()
            scheduler = self._scheduler
        if scheduler is not None and scheduler.running:
            _shut_down(scheduler)
        if self._thread is not None and threading.current_thread() is not self._thread:
            self._thread.join()

    @property
    def pending(self) -> int:
        """Timer entries held (live or cancelled but not yet dropped): bounded by the live timers."""
        with self._cond:
            return len(self._timers)

    # ----- Timers -----------------------------------------------------------------------

    def call_at(self, deadline: float, fn: Callable[[], None]) -> int:
        with self._cond:
            handle = self._timers.add(deadline, fn)
            self._cond.notify()
        return handle

    def call_at_wall(self, when: datetime, fn: Callable[[], None]) -> object:
        """Run `fn` at `when` by the wall clock. An appointment already due (a show started now) runs as soon
        as the loop is free, without APScheduler: importing it costs tens of milliseconds of start-up."""
        if when <= self.clock.wall():
            return self.call_at(float("-inf"), fn)
        with self._cond:
            scheduler = self._wall_scheduler()
        return scheduler.add_job(self.post, "date", run_date=when, args=[fn]).id

    def cancel(self, handle: object) -> None:
        if isinstance(handle, str):
            from apscheduler.jobstores.base import JobLookupError

            try:
                if self._scheduler is not None:
                    self._scheduler.remove_job(handle)
            except JobLookupError:  # it ran already
                pass
        else:
            with self._cond:
                self._timers.cancel(handle)

    # ----- posting work -----------------------------------------------------------------

    def post(self, fn: Callable[[], None]) -> None:
        """Run `fn` on the loop as soon as it is free."""
        self.call_at(float("-inf"), fn)

    def every(self, interval: float, fn: Callable[[], object]) -> None:
        """Run `fn` every `interval` seconds on the monotonic clock, without accumulating lateness.

        The next run is scheduled before this one, so an exception never ends the job; the
        first one is reported through the error sink, later ones only to the log.
        """
        failed = False

        def run(at: float) -> None:
            nonlocal failed
            self.call_at(at + interval, lambda: run(at + interval))
            try:
                fn()
            except Exception as exc:
                if failed:
                    log.debug("periodic job %r failed again: %s", fn, exc)
                    return
                failed = True
                self._report(exc, f"periodic job {fn!r} failed; it keeps running every {interval} s")

        start = self.clock.monotonic()
        self.call_at(start + interval, lambda: run(start + interval))

    def run_due(self) -> int:
        """Run, on the calling thread, every callback due by the clock now; how many ran.

        The loop's thread does this when it wakes; a test with a FakeClock calls it after
        advancing the clock.
        """
        ran = 0
        while True:
            with self._cond:
                due = self._timers.pop_due(self.clock.monotonic())
            if due is None:
                return ran
            self._call(due[1])
            ran += 1

    # ----- the loop ---------------------------------------------------------------------

    def _run(self) -> None:
        while self._wait_for_due():
            self.run_due()
        while (posted := self._posted()) is not None:  # handed over before stop() (a close's last records): run
            self._call(posted)

    def _posted(self) -> Callable[[], None] | None:
        with self._cond:
            due = self._timers.pop_due(float("-inf"))
        return None if due is None else due[1]

    def _wait_for_due(self) -> bool:
        """Wait until a callback falls due; False once the loop is stopped."""
        with self._cond:
            while self._running:
                deadline = self._timers.next_deadline()
                if deadline is None:
                    self._cond.wait()
                    continue
                wait = deadline - self.clock.monotonic()
                if wait <= 0:
                    return True
                self._cond.wait(wait)
            return False

    def _call(self, fn: Callable[[], None]) -> None:
        try:
            fn()
        except Exception as exc:  # keep the show running; report it
            self._report(exc, "show loop callback failed")

    def _report(self, exc: Exception, what: str) -> None:
        log.error("%s", what, exc_info=exc)
        if self._on_error is not None:
            self._on_error(exc)

    def _wall_scheduler(self) -> BackgroundScheduler:
        """The wall-clock scheduler, made (and started, if the loop runs) at the first call (caller holds the lock)."""
        if self._scheduler is None:
            from apscheduler.events import EVENT_JOB_MISSED
            from apscheduler.schedulers.background import BackgroundScheduler

            self._scheduler = BackgroundScheduler(
                timezone=timezone.utc, job_defaults={"misfire_grace_time": None, "coalesce": True})
            self._scheduler.add_listener(_missed, EVENT_JOB_MISSED)
            if self._running:
                self._scheduler.start()
        return self._scheduler


def _shut_down(scheduler: BackgroundScheduler) -> None:
    """APScheduler 3 marks itself stopped before it takes its job stores' lock. An appointment it has just run is
    then removed as if the scheduler had never started: not found, and its thread dies with a traceback
    (agronholm/apscheduler#104). Paused, it ends that round as a running scheduler; reading its jobs takes the
    lock the round holds, so it waits for the round's end."""
    scheduler.pause()
    scheduler.get_jobs()
    scheduler.shutdown(wait=False)


def _missed(event: JobExecutionEvent) -> None:
    log.warning("wall-clock job %s missed its time (%s); running it now", event.job_id, event.scheduled_run_time)
