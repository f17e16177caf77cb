"""The on-air countdown, shared by the console and the presenter screen.

Green, amber at the warning, red at the alarm; in overtime it counts up as +mm:ss and
flashes twice a second (the flash phase comes from the state's own clock, so both screens
flash together and no extra timer runs).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from studio.show.snapshot import ShowState

from ui.widgets.theme import LEVEL_COLOURS, OVERTIME_DIM
from ui.widgets.timefmt import countdown


def countdown_look(state: ShowState | None) -> tuple[str, str]:
    """(text, colour) of the countdown for a state."""
    if state is None or state.on_air is None:
        return "--:--", LEVEL_COLOURS["idle"]
    colour = LEVEL_COLOURS[state.level]
    if state.level == "overtime" and int(state.at * 2) % 2:
        colour = OVERTIME_DIM
    return countdown(state.remaining), colour


class CountdownLabel(QLabel):
    def __init__(self, pixel_size: int, parent: QWidget | None = None) -> None:
        super().__init__("--:--", parent)
        self.setObjectName("countdown")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._pixel_size = pixel_size
        self.colour = ""
        self._restyle(LEVEL_COLOURS["idle"])

    def set_pixel_size(self, pixel_size: int) -> None:
        self._pixel_size = pixel_size
        self._restyle(self.colour)

    def show_state(self, state: ShowState | None) -> None:
        text, colour = countdown_look(state)
        if text != self.text():
            self.setText(text)
        if colour != self.colour:
            self._restyle(colour)

    def _restyle(self, colour: str) -> None:
        self.colour = colour
        self.setStyleSheet(f"color: {colour}; font-size: {self._pixel_size}px;")
