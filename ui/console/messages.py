"""Messages to the presenter: one shared board with two lines, and the console's bar.

The director's line ("Wrap up", a custom text) is never replaced by an automatic cue message:
a cue's message has its own line, shown under the director's. Both belong to the segment on
air when they were posted and come down when the next segment is taken; the director's line
comes down earlier when someone acknowledges it (the presenter's click, the console's Clear (C, the show's clear command),
or `LiveShow.clear_message` from remote control).
"""

from __future__ import annotations

import time
from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QWidget

from ui.widgets.theme import caption
from ui.widgets.typing import typing_field

PRESETS = ("Wrap up", "Stretch 30 s", "Go to demo", "Look at camera 2")


class MessageBoard(QObject):
    """What the presenter screen shows: the director's message and the current cue's message."""

    posted = Signal(str)  # the director's message
    acknowledged = Signal(str, str)  # (director's message, by whom: director | presenter | remote ... | "end of segment")
    cue_changed = Signal(str)  # the cue's message, "" when there is none

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.current: str | None = None  # the director's
        self.cue: str | None = None
        self.now: Callable[[], float] = time.monotonic  # the show's clock (events are stamped on it)
        self._posted_at = float("-inf")

    def post(self, text: str) -> None:
        text = text.strip()
        if text:
            self.current = text
            self._posted_at = self.now()
            self.posted.emit(text)

    def post_cue(self, text: str) -> None:
        text = text.strip()
        if text and text != self.cue:
            self.cue = text
            self.cue_changed.emit(text)

    def acknowledge(self, by: str) -> None:
        if self.current is not None:
            text, self.current = self.current, None
            self.acknowledged.emit(text, by)

    def segment_changed(self, at: float) -> None:
        """A new segment went on air at `at`: what was said before, for the last one, comes down."""
        if self._posted_at < at:
            self.acknowledge("end of segment")
        if self.cue is not None:
            self.cue = None
            self.cue_changed.emit("")


class MessageBar(QFrame):
    """One-click presets, a custom message, and the state of the last one sent."""

    finished = Signal()  # the custom message was sent or cancelled: keys belong to the show again

    def __init__(self, board: MessageBoard, send: Callable[[str], object] | None = None, parent: QWidget | None = None) -> None:
        """`send`: how a message leaves the console (the show's `message` command, so every screen sees it)."""
        super().__init__(parent)
        self.setObjectName("panel")
        self.board = board
        self.send: Callable[[str], object] = send or board.post
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(caption("TO PRESENTER"))
        for text in PRESETS:
            button = QPushButton(text)
            button.setFocusPolicy(button.focusPolicy().NoFocus)
            button.clicked.connect(lambda _=False, text=text: self.send(text))
            layout.addWidget(button)
        self.custom = QLineEdit()
        self.custom.setPlaceholderText("Custom message, Enter sends, Esc cancels")
        self.custom.setMinimumWidth(140)
        self.custom.returnPressed.connect(self._send_custom)
        typing_field(self.custom, self.finished.emit)
        layout.addWidget(self.custom, 1)
        self.status = QLabel("")
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # cut, never widens the console
        layout.addWidget(self.status, 1)
        self.ack = QPushButton("Clear (ack)")
        self.ack.setFocusPolicy(self.ack.focusPolicy().NoFocus)
        self.ack.setEnabled(False)  # the console connects it to the show's clear command (C)
        layout.addWidget(self.ack)

    def showing(self, text: str) -> None:
        self._say(f"On screen: “{text}”")
        self.status.setStyleSheet("color: #ffb020; font-weight: bold;")
        self.ack.setEnabled(True)

    def cleared(self, text: str, by: str) -> None:
        self._say(f"“{text}” taken down at the end of its segment" if by == "end of segment"
                  else f"“{text}” acknowledged by the {by}")
        self.status.setStyleSheet("color: #9aa4b2;")
        self.ack.setEnabled(False)

    def _say(self, sentence: str) -> None:
        self.status.setText(sentence)
        self.status.setToolTip(sentence)

    def _send_custom(self) -> None:
        self.send(self.custom.text())
        self.custom.clear()
