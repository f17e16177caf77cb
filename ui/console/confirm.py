"""Non-modal confirmation for actions that would cut the on-air segment short.

The first press shows an inline bar; a second press of the same key within two seconds,
or a click on Confirm, does it. Nothing modal ever opens on air.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

CONFIRM_WINDOW_MS = 2000


class ConfirmBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confirmBar")
        self.question = QLabel()
        self.question.setStyleSheet("font-size: 13pt; font-weight: bold; color: #ffffff;")
        self.question.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        confirm = QPushButton("Confirm")
        cancel = QPushButton("Cancel")
        for button in (confirm, cancel):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        confirm.clicked.connect(self.confirm)
        cancel.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 2, 8, 2)
        layout.addWidget(self.question, 1)
        layout.addWidget(confirm)
        layout.addWidget(cancel)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.cancel)
        self._pending: tuple[str, Callable[[], None]] | None = None
        self.hide()

    @property
    def pending(self) -> str | None:
        return None if self._pending is None else self._pending[0]

    def request(self, key: str, question: str, action: Callable[[], None]) -> None:
        """Ask first; if this same action is already waiting, this press is the confirmation."""
        if self.pending == key:
            self.confirm()
            return
        self._pending = (key, action)
        self.question.setText(f"{question}  —  press again within {CONFIRM_WINDOW_MS // 1000} s or Confirm")
        self.show()
        self._timer.start(CONFIRM_WINDOW_MS)

    def confirm(self) -> None:
        pending, self._pending = self._pending, None
        self._close()
        if pending is not None:
            pending[1]()

    def cancel(self) -> None:
        self._pending = None
        self._close()

    def _close(self) -> None:
        self._timer.stop()
        self.hide()
