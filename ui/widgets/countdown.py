"""The on-air countdown, shared by the console and the presenter screen.

Green, amber at the warning, red at the alarm; in overtime it counts up as +mm:ss in white on
a red ground that pulses twice a second (the flash phase comes from the state's own clock, so both screens
flash together and no extra timer runs).
"""

from __future__ import annotations

from datetime import timezone, tzinfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from studio.show.snapshot import ShowState

from ui.widgets.theme import LEVEL_COLOURS, OVERTIME_DIM
from ui.widgets.timefmt import clock, countdown, counted


def countdown_look(state: ShowState | None, tz: tzinfo = timezone.utc) -> tuple[str, str]:
    """(text, colour) of the countdown for a state; the segment's timer type says what it shows
    (the time left, the time on air, the time of day in `tz`, or nothing), in the level's colour."""
    if state is None or state.on_air is None:
        if state is not None and state.starts_in is not None and state.starts_in > 0:
            return countdown(state.starts_in), LEVEL_COLOURS["idle"]  # standby: time to the planned start
        return "--:--", LEVEL_COLOURS["idle"]
    colour = LEVEL_COLOURS[state.level]
    if state.level == "overtime" and overtime_flash(state):
        colour = OVERTIME_DIM
    shown = {"count_up": lambda: counted(state.elapsed), "time_of_day": lambda: clock(state.wall, tz),
             "none": lambda: ""}.get(state.timer, lambda: countdown(state.remaining))
    return shown(), colour


def overtime_flash(state: ShowState) -> bool:
    """The dim half of the twice-a-second overtime flash, from the state's own clock (both screens agree)."""
    return bool(int(state.at * 2) % 2)


class CountdownLabel(QLabel):
    def __init__(self, pixel_size: int, parent: QWidget | None = None) -> None:
        super().__init__("--:--", parent)
        self.setObjectName("countdown")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._pixel_size = pixel_size
        self.colour = ""
        self.ground = ""  # "", "overtime" or "paused": what the digits stand on
        self.tz: tzinfo = timezone.utc  # the show's: a time-of-day segment shows its clock
        self._restyle(LEVEL_COLOURS["idle"])

    def set_pixel_size(self, pixel_size: int) -> None:
        self._pixel_size = pixel_size
        self._restyle(self.colour)

    def show_state(self, state: ShowState | None) -> None:
        text, colour = countdown_look(state, self.tz)
        if text != self.text():
            self.setText(text)
        ground = "paused" if state is not None and state.phase == "paused" else \
            "overtime" if state is not None and state.level == "overtime" and state.on_air is not None else ""
        if colour != self.colour or ground != self.ground:
            self.ground = ground
            self._restyle(colour)

    def _restyle(self, colour: str) -> None:
        """Overtime: full-brightness white digits on the pulsing red (`colour`); paused: black on amber."""
        self.colour = colour
        if self.ground == "overtime":
            look = f"color: #ffffff; background: {colour}; border-radius: 12px;"
        elif self.ground == "paused":
            look = "color: #000000; background: #ffb020; border-radius: 12px;"
        else:
            look = f"color: {colour};"
        self.setStyleSheet(f"{look} font-size: {self._pixel_size}px;")
