"""The show's one clock.

Everything in studio measures time on a monotonic clock (seconds, float). Wall time is
only the anchor taken once, so a clock step (NTP, daylight saving) never moves a running
countdown. `FakeClock` replaces it in tests and also plays the timers, so a ten-hour show
runs in milliseconds.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable, Protocol

from studio.threads import TimerQueue
from studio.threads import Timers as Timers  # the one loop protocol, re-exported for the engine


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def wall(self) -> datetime:
        """The current wall time, timezone-aware UTC; read only to take an anchor."""
        ...


@dataclass(frozen=True)
class Anchor:
    """Ties one monotonic instant to one wall instant."""

    mono: float
    wall: datetime

    @classmethod
    def take(cls, clock: Clock) -> Anchor:
        return cls(clock.monotonic(), clock.wall())

    def wall_at(self, mono: float) -> datetime:
        return self.wall + timedelta(seconds=mono - self.mono)

    def mono_at(self, wall: datetime) -> float:
        return self.mono + (wall - self.wall).total_seconds()


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def wall(self) -> datetime:
        return datetime.now(timezone.utc)


class FakeClock:
    """A clock that moves only when told to, and runs the callbacks that fall due.

    It is a `studio.threads.Loop` like the real show loop, so code under test schedules
    exactly as it would live.
    """

    def __init__(self, wall: datetime | None = None, mono: float = 1000.0) -> None:
        self._mono = mono
        self._wall0 = wall or datetime(2026, 11, 5, 18, 0, tzinfo=timezone.utc)
        self._mono0 = mono
        self._wall_offset = 0.0
        self._timers = TimerQueue()

    def monotonic(self) -> float:
        return self._mono

    def wall(self) -> datetime:
        return self._wall0 + timedelta(seconds=self._mono - self._mono0 + self._wall_offset)

    def step_wall(self, seconds: float) -> None:
        """Simulate an operating-system clock step; the monotonic clock is unaffected."""
        self._wall_offset += seconds

    def call_at(self, deadline: float, fn: Callable[[], None]) -> int:
        return self._timers.add(deadline, fn)

    def post(self, fn: Callable[[], None]) -> None:
        """Run `fn` at the next advance (even of zero seconds), before any timer."""
        self._timers.add(float("-inf"), fn)

    def call_at_wall(self, when: datetime, fn: Callable[[], None]) -> int:
        return self.call_at(self._mono + (when - self.wall()).total_seconds(), fn)

    def cancel(self, handle: object) -> None:
        self._timers.cancel(handle)

    def advance(self, seconds: float) -> None:
        self.advance_to(self._mono + seconds)

    def advance_to(self, target: float) -> None:
        """Move time forward, stopping at each due timer to run it at its own instant."""
        while (due := self._timers.pop_due(target)) is not None:
            deadline, fn = due
            self._mono = max(self._mono, deadline)
            fn()
        self._mono = max(self._mono, target)
