"""Countdown beeps: an audio cue when the segment on air crosses 30 s and 10 s left.

Driven by the show's ticks (the console ticks ten times a second), so a beep follows the
real countdown: extended, held or paused segments beep when they really reach the mark.
"""

from __future__ import annotations

from pathlib import Path

from studio.show.events import CountdownBeep, EventBus, Tick

MARKS_S = (30, 10)
SOUNDS = Path(__file__).resolve().parents[2] / "assets" / "media"


def beep_sound(seconds_left: int) -> Path:
    """One pip at 30 s, three higher pips at 10 s (assets/media/make_media.py makes them)."""
    return SOUNDS / f"beep-{seconds_left}s.wav"


class CountdownBeeper:
    """Publishes CountdownBeep when the on-air segment's countdown crosses a mark, while `enabled`."""

    def __init__(self, bus: EventBus, enabled: bool = False) -> None:
        self.bus = bus
        self.enabled = enabled
        self._last: tuple[int, float] | None = None  # (on-air index, remaining) at the previous tick
        self._unsubscribe = bus.subscribe(self._tick, Tick)

    def close(self) -> None:
        self._unsubscribe()

    def _tick(self, tick: Tick) -> None:
        state = tick.state
        on_air = state.on_air if state.phase == "on_air" else None
        last, self._last = self._last, (on_air, state.remaining) if on_air is not None else None
        if not self.enabled or last is None or self._last is None or last[0] != state.on_air:
            return
        for mark in MARKS_S:
            if last[1] > mark >= state.remaining:
                self.bus.publish(CountdownBeep(tick.at, state.segments[state.on_air].segment_id, mark))
