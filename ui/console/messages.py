"""Director messages to the presenter ("Wrap up", "Stretch 30 s"): one shared board, and the console's bar."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from ui.widgets.theme import caption

PRESETS = ("Wrap up", "Stretch 30 s", "Go to demo", "Look at camera 2")


class MessageBoard(QObject):
    """The one message the presenter screen is flashing, until someone acknowledges it."""

    posted = Signal(str)
    acknowledged = Signal(str, str)  # (message, by whom: director | presenter)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.current: str | None = None

    def post(self, text: str) -> None:
        text = text.strip()
        if text:
            self.current = text
            self.posted.emit(text)

    def acknowledge(self, by: str) -> None:
        if self.current is not None:
            text, self.current = self.current, None
            self.acknowledged.emit(text, by)


class MessageBar(QFrame):
    """One-click presets, a custom message, and the state of the last one sent."""

    def __init__(self, board: MessageBoard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.board = board
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(caption("TO PRESENTER"))
        for text in PRESETS:
            button = QPushButton(text)
            button.setFocusPolicy(button.focusPolicy().NoFocus)
            button.clicked.connect(lambda _=False, text=text: board.post(text))
            layout.addWidget(button)
        self.custom = QLineEdit()
        self.custom.setPlaceholderText("Custom message, Enter sends")
        self.custom.returnPressed.connect(self._send_custom)
        layout.addWidget(self.custom, 1)
        self.status = QLabel("")
        layout.addWidget(self.status)
        self.ack = QPushButton("Clear (ack)")
        self.ack.setFocusPolicy(self.ack.focusPolicy().NoFocus)
        self.ack.setEnabled(False)
        self.ack.clicked.connect(lambda: board.acknowledge("director"))
        layout.addWidget(self.ack)

    def showing(self, text: str) -> None:
        self.status.setText(f"On screen: “{text}”")
        self.status.setStyleSheet("color: #ffb020; font-weight: bold;")
        self.ack.setEnabled(True)

    def cleared(self, text: str, by: str) -> None:
        self.status.setText(f"“{text}” acknowledged by the {by}")
        self.status.setStyleSheet("color: #9aa4b2;")
        self.ack.setEnabled(False)

    def _send_custom(self) -> None:
        self.board.post(self.custom.text())
        self.custom.clear()
        self.custom.clearFocus()
