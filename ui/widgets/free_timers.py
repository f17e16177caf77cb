"""Free timers as the console and the presenter screen write them: "Q&A 04:52  ·  Speaker 00:08 stopped"."""

from __future__ import annotations

from collections.abc import Iterable

from studio.show.snapshot import TimerReading

from ui.widgets.timefmt import countdown, counted


def timer_text(reading: TimerReading) -> str:
    """One timer: counted up, or what is left (+mm:ss past zero), "stopped" when it does not run."""
    value = counted(reading.seconds) if reading.mode == "up" else countdown(reading.seconds)
    return f"{reading.name} {value}" + ("" if reading.running else " stopped")


def timers_text(readings: Iterable[TimerReading]) -> str:
    return "  ·  ".join(map(timer_text, readings))
