"""The show loop: the one thread on which the engine runs, live.

Director commands, timer deadlines and wall-clock appointments all arrive here as
callbacks and run one at a time, so the engine needs no locks and no caller ever waits
for it. Deadlines are monotonic and waited for on a condition variable (which waits on
the monotonic clock). Wall-clock appointments (a show start at 19:30:00, a hard start)
follow the operating system's clock through APScheduler's BackgroundScheduler, with no
misfire grace so a clock step never silently drops one; when they fall due they are
posted into this loop like everything else.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
from datetime import datetime, timezone
from typing import Callable

from apscheduler.events import EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler

from studio.show.clock import Clock, SystemClock

log = logging.getLogger(__name__)


class ShowLoop:
    def __init__(self, clock: Clock | None = None, on_error: Callable[[BaseException], None] | None = None) -> None:
        self.clock = clock or SystemClock()
        self._on_error = on_error
        self._heap: list[tuple[float, int, Callable[[], None]]] = []
        self._cancelled: set[int] = set()
        self._seq = itertools.count()
        self._cond = threading.Condition()
        self._running = False
        self._thread = threading.Thread(target=self._run, name="show-loop", daemon=True)
        self._scheduler = BackgroundScheduler(timezone=timezone.utc, job_defaults={"misfire_grace_time": None, "coalesce": True})
        self._scheduler.add_listener(self._missed, EVENT_JOB_MISSED)

    def start(self) -> None:
        self._running = True
        self._scheduler.start()
        self._thread.start()

    def stop(self) -> None:
        if not self._running:
            return
        with self._cond:
            self._running = False
            self._cond.notify()
        self._scheduler.shutdown(wait=False)
        if threading.current_thread() is not self._thread:
            self._thread.join()

    # ----- Timers -----------------------------------------------------------------------

    def call_at(self, deadline: float, fn: Callable[[], None]) -> int:
        handle = next(self._seq)
        with self._cond:
            heapq.heappush(self._heap, (deadline, handle, fn))
            self._cond.notify()
        return handle

    def call_at_wall(self, when: datetime, fn: Callable[[], None]) -> str:
        return self._scheduler.add_job(self.post, "date", run_date=when, args=[fn]).id

    def cancel(self, handle: object) -> None:
        if isinstance(handle, str):
            try:
                self._scheduler.remove_job(handle)
            except JobLookupError:
                pass
        else:
            with self._cond:
                self._cancelled.add(handle)  # type: ignore[arg-type]

    # ----- posting work -----------------------------------------------------------------

    def post(self, fn: Callable[[], None]) -> None:
        """Run `fn` on the loop as soon as it is free."""
        self.call_at(float("-inf"), fn)

    def every(self, interval: float, fn: Callable[[], None]) -> None:
        """Run `fn` every `interval` seconds on the monotonic clock, without accumulating lateness."""
        def run(at: float) -> None:
            fn()
            self.call_at(at + interval, lambda: run(at + interval))
        start = self.clock.monotonic()
        self.call_at(start + interval, lambda: run(start + interval))

    # ----- the loop ---------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._cond:
                fn = self._next_due()
                if fn is None:
                    return
            try:
                fn()
            except Exception as exc:  # keep the show running; report it
                log.exception("show loop callback failed")
                if self._on_error is not None:
                    self._on_error(exc)

    def _next_due(self) -> Callable[[], None] | None:
        """Wait for the earliest callback to fall due (caller holds the condition)."""
        while self._running:
            if not self._heap:
                self._cond.wait()
                continue
            deadline, handle, fn = self._heap[0]
            if handle in self._cancelled:
                heapq.heappop(self._heap)
                self._cancelled.discard(handle)
                continue
            wait = deadline - self.clock.monotonic()
            if wait > 0:
                self._cond.wait(wait)
                continue
            heapq.heappop(self._heap)
            return fn
        return None

    def _missed(self, event: JobExecutionEvent) -> None:
        log.warning("wall-clock job %s missed its time (%s); running it now", event.job_id, event.scheduled_run_time)
