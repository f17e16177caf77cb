"""The console's free timers tab: each timer's time, start / pause, reset and "on the presenter
screen", and a line to make one live. Every button sends a command of the registry
(studio/show/commands.py: timer_start, timer_pause, timer_reset, timer_show, timer_new), as the
remote control and Companion do; a refusal shows here as its sentence."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from studio.show.commands import Outcome
from studio.show.snapshot import ShowState, TimerReading

from ui.widgets.elided import ElidedLabel
from ui.widgets.free_timers import timer_text
from ui.widgets.typing import typing_field

Send = Callable[[str, dict[str, Any]], "Future[Outcome]"]
MODES = (("up", "counts up"), ("down", "counts down"), ("to", "to a time"))
LINE_PX = 22  # a line of the tab: a timer, or the new timer's fields


class _Row:
    def __init__(self, name: str, send: Callable[[str, dict[str, Any]], None]) -> None:
        self.name = name
        self.time = ElidedLabel()  # cut with "…" rather than widen the tab past a 1366-pixel screen's side panel
        self.toggle = _button("Start", lambda: send("timer_pause" if self.running else "timer_start", {"timer": name}))
        self.reset = _button("↺", lambda: send("timer_reset", {"timer": name}))
        self.reset.setToolTip("Reset: back to zero, its duration or its time")
        self.presenter = QCheckBox("Show")
        self.presenter.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.presenter.setToolTip("Show it on the presenter screen")
        self.presenter.clicked.connect(lambda on: send("timer_show", {"timer": name, "on": on}))
        for widget in self.widgets():
            widget.setMaximumHeight(LINE_PX)
        self.running = False

    def show(self, reading: TimerReading) -> None:
        self.running = reading.running
        self.time.set_full_text(timer_text(reading))
        self.time.setToolTip(self.time.full_text)
        _set_text(self.toggle, "Pause" if reading.running else "Start")
        self.toggle.setEnabled(not (reading.mode == "to" and reading.running))  # the clock cannot be paused
        if self.presenter.isChecked() != reading.presenter:
            self.presenter.setChecked(reading.presenter)

    def widgets(self) -> tuple[QWidget, ...]:
        return self.time, self.toggle, self.reset, self.presenter

    def place(self, grid: QGridLayout, line: int) -> None:
        """One line: the time, then its buttons (the tab of a 1366x768 screen is short: nothing to scroll)."""
        for column, widget in enumerate(self.widgets()):
            grid.addWidget(widget, line, column)


class FreeTimersPanel(QFrame):
    refused = Signal(str)  # from the show loop's thread: queued to the GUI thread
    finished = Signal()  # the new timer's line was sent or cancelled: keys belong to the show again

    def __init__(self, send: Send, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self._send = send
        self._rows: dict[str, _Row] = {}
        # Compact lines: beside the glance, a 1366x768 screen leaves this tab about 75 pixels (two timers and the new one).
        self.setProperty("density", "compact")  # assets/studio.qss: narrow padding
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(6, 2, 6, 2)
        self.grid.setSpacing(2)
        self.grid.setHorizontalSpacing(6)
        self.grid.setColumnStretch(0, 1)  # the timer's time, the new timer's name: the rest is buttons
        self.name = QLineEdit()
        self.name.setPlaceholderText("New timer")
        self.name.setMinimumWidth(60)
        self.mode = QComboBox()
        for mode, label in MODES:
            self.mode.addItem(label, mode)
        self.mode.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.value = QLineEdit()
        self.value.setPlaceholderText("5m, 23:00")
        self.value.setMaximumWidth(90)
        self.add = _button("Add", self._new)
        self.new_line = QWidget()  # its own columns: the timers' buttons stay narrow
        line = QHBoxLayout(self.new_line)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(4)
        for widget in (self.name, self.mode, self.value, self.add):
            widget.setMaximumHeight(LINE_PX)
            line.addWidget(widget, 2 if widget is self.name else 0)
        for field in (self.name, self.value):
            field.returnPressed.connect(self._new)
            typing_field(field, self.finished.emit)
        self.said = QLabel("")
        self.said.setWordWrap(True)
        self.said.hide()  # takes a line only when it has something to say
        self.refused.connect(self._say)
        self._stretch_row = 0
        self._place_new_line()

    def show_state(self, state: ShowState) -> None:
        names = [reading.name for reading in state.timers]
        if names != list(self._rows):
            self._rebuild(names)
        for reading in state.timers:
            self._rows[reading.name].show(reading)

    def _rebuild(self, names: list[str]) -> None:
        for row in self._rows.values():
            for widget in row.widgets():
                widget.deleteLater()
        self._rows = {}
        for widget in (self.new_line, self.said):
            self.grid.removeWidget(widget)
        for i, name in enumerate(names):
            self._rows[name] = _Row(name, self.send)
            self._rows[name].place(self.grid, i)
        self._place_new_line()

    def _place_new_line(self) -> None:
        line = len(self._rows)
        self.grid.setRowStretch(self._stretch_row, 0)
        self.grid.addWidget(self.new_line, line, 0, 1, 4)
        self.grid.addWidget(self.said, line + 1, 0, 1, 4)
        self._stretch_row = line + 2  # what is left of the tab goes below, not between the lines
        self.grid.setRowStretch(self._stretch_row, 1)

    def _new(self) -> None:
        name, value = self.name.text().strip(), self.value.text().strip()
        if not name:
            self._say("Give the new timer a name.")
            return
        mode = self.mode.currentData()
        self.send("timer_new", {"timer": name, "mode": mode, **({"value": value} if value and mode != "up" else {})})
        self.name.clear()
        self.value.clear()

    def send(self, name: str, arguments: dict[str, Any]) -> None:
        """Send a command; its refusal (a sentence) comes back to this panel."""
        self._say("")
        self._send(name, arguments).add_done_callback(self._answered)

    def _say(self, sentence: str) -> None:
        self.said.setText(sentence)
        self.said.setVisible(bool(sentence))

    def _answered(self, done: Future[Outcome]) -> None:  # on the show loop's thread: only a signal
        refused = done.exception() or done.result().refused
        if refused:
            self.refused.emit(str(refused))


def _button(text: str, action: Callable[[], None]) -> QPushButton:
    button = QPushButton(text)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the show's keys stay with the rundown
    button.clicked.connect(action)
    return button


def _set_text(widget: QPushButton, text: str) -> None:
    if widget.text() != text:
        widget.setText(text)
