"""Free timers as the rundown declares them: building one, and what the schema cannot check."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time

from studio.rundown.model import FreeTimer, Rundown
from studio.rundown.problems import Locator, Problem


def free_timer(name: str, mode: str | None = None, duration: float = 0.0, to: time | None = None,
               presenter: bool = False) -> FreeTimer:
    """A free timer; without a mode, `to` makes it count to a time, `duration` count down, else up."""
    if mode is None:
        mode = "to" if to is not None else "down" if duration else "up"
    return FreeTimer(name, mode, duration, to, presenter)


def free_timer_problems(rundown: Rundown, where: Locator) -> Iterator[Problem]:
    """A down timer needs its duration, a to timer its time of day."""
    for i, timer in enumerate(rundown.timers):
        if timer.mode == "down" and timer.duration <= 0:
            yield where.problem(("timers", i), f"timer '{timer.name}' counts down: give it a duration")
        elif timer.mode == "to" and timer.to is None:
            yield where.problem(("timers", i), f"timer '{timer.name}' counts to a time of day: give it 'to'")
