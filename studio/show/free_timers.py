"""Free timers: named timers beside the show's (a Q&A clock, a countdown to the doors).

They run on the show's one monotonic clock, on the show loop: the director's commands start,
pause and reset them (studio/show/commands.py) and the show's state carries their readings.
A `to` timer counts to the nearest occurrence of its time of day (within 12 hours ahead, or
up to 12 hours past, then negative), so "to 00:45" read at 23:40 counts to tonight's 00:45.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from studio.rundown.model import HALF_DAY, FreeTimer
from studio.show.clock import Anchor
from studio.show.recording import TimerState
from studio.show.snapshot import TimerReading


@dataclass
class _Timer:
    spec: FreeTimer
    banked: float = 0.0  # seconds counted before the last start
    since: float | None = None  # running since this monotonic instant
    target: float | None = None  # mode to: the monotonic instant counted to


class FreeTimers:
    def __init__(self, specs: tuple[FreeTimer, ...], anchor: Anchor, tz: ZoneInfo, now: float) -> None:
        self._anchor, self._tz = anchor, tz
        self._timers: dict[str, _Timer] = {}
        self.declare(specs, now)

    def declare(self, specs: tuple[FreeTimer, ...], now: float) -> None:
        """Add the timers a rundown declares that are not there yet (an edit keeps running ones running)."""
        for spec in specs:
            if spec.name not in self._timers:
                self.add(spec, now)

    def add(self, spec: FreeTimer, now: float) -> None:
        timer = self._timers[spec.name] = _Timer(spec)
        self.reset(spec.name, now)
        if spec.mode == "to":
            timer.since = now  # the clock does not stop: a to timer always runs

    def refusal(self, name: str, action: str) -> str | None:
        """The sentence refusing `action` (start, pause, reset, show, new) on timer `name`, or None."""
        timer = self._timers.get(name)
        if action == "new":
            return None if timer is None else f"There is already a timer '{name}'."
        if timer is None:
            known = ", ".join(self._timers) or "none yet"
            return f"There is no timer '{name}' (timers: {known})."
        if action == "pause" and timer.spec.mode == "to":
            return f"Timer '{name}' counts to {timer.spec.to}: the clock cannot be paused (reset it instead)."
        return None

    def start(self, name: str, now: float) -> None:
        timer = self._timers[name]
        if timer.since is None:
            timer.since = now

    def pause(self, name: str, now: float) -> None:
        timer = self._timers[name]
        if timer.since is not None:
            timer.banked += now - timer.since
            timer.since = None

    def reset(self, name: str, now: float) -> None:
        """Back to zero (up), to its duration (down), to the nearest occurrence of its time (to); a running up
        or down timer keeps running."""
        timer = self._timers[name]
        timer.banked = 0.0
        if timer.since is not None:
            timer.since = now
        if timer.spec.mode == "to":
            timer.target = now + self._seconds_to(timer.spec, now)

    def show(self, name: str, on: bool) -> None:
        timer = self._timers[name]
        timer.spec = replace(timer.spec, presenter=on)

    def names(self) -> tuple[str, ...]:
        return tuple(self._timers)

    def state(self, name: str) -> TimerState:
        """What the as-run log keeps of timer `name`, to restore it after a crash."""
        timer, wall = self._timers[name], self._anchor.wall_at
        return TimerState(timer.spec, timer.banked, None if timer.since is None else wall(timer.since),
                          None if timer.target is None else wall(timer.target))

    def restore(self, state: TimerState) -> None:
        """A timer as the log kept it, its instants re-based on this show's clock: a running one ran on
        through the gap, like the show's own clock."""
        mono = self._anchor.mono_at
        self._timers[state.spec.name] = _Timer(state.spec, state.banked_s, None if state.since is None else mono(state.since),
                                               None if state.target is None else mono(state.target))

    def readings(self, now: float) -> tuple[TimerReading, ...]:
        return tuple(self._reading(timer, now) for timer in self._timers.values())

    def _reading(self, timer: _Timer, now: float) -> TimerReading:
        spec = timer.spec
        counted = timer.banked + (0.0 if timer.since is None else now - timer.since)
        target = None
        if spec.mode == "up":
            seconds = counted
        elif spec.mode == "down":
            seconds = spec.duration - counted
        else:
            assert timer.target is not None
            seconds, target = timer.target - now, self._anchor.wall_at(timer.target)
        return TimerReading(spec.name, spec.mode, seconds, timer.since is not None, spec.presenter, target)

    def _seconds_to(self, spec: FreeTimer, now: float) -> float:
        """Seconds from `now` to the nearest occurrence of the spec's time of day, in (-12 h, +12 h]."""
        assert spec.to is not None
        here = self._anchor.wall_at(now).astimezone(self._tz)
        goal = datetime.combine(here.date(), spec.to, tzinfo=self._tz)
        ahead = goal.timestamp() - here.timestamp()  # across a change of daylight saving too
        while ahead <= -HALF_DAY:
            goal += timedelta(days=1)
            ahead = goal.timestamp() - here.timestamp()
        while ahead > HALF_DAY:
            goal -= timedelta(days=1)
            ahead = goal.timestamp() - here.timestamp()
        return ahead
