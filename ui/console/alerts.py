"""The full-width banner for faults a director must not miss (OBS lost, the as-run log failing).

Any source feeds it the same way: `raise_alert(key, severity, sentence, action)` with a key of
its own ("obs", "log"), and `clear(key)` when the fault is over. Each alert is one line in
the banner, errors first; an alert may carry one button (e.g. "Reconnect now").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

SEVERITY_LOOK = {"error": ("#7a0f0f", "#ff5a4f"), "warning": ("#5c3d00", "#ffb020")}
_ORDER = {"error": 0, "warning": 1}


@dataclass(frozen=True)
class Action:
    label: str
    run: Callable[[], None]


class AlertLine(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sentence = QLabel()
        self.sentence.setWordWrap(True)
        self.button = QPushButton()
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self._clicked)
        self._action: Action | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 6, 8, 6)
        layout.addWidget(self.sentence, 1)
        layout.addWidget(self.button)

    def show_alert(self, severity: str, sentence: str, action: Action | None) -> None:
        background, border = SEVERITY_LOOK.get(severity, SEVERITY_LOOK["warning"])
        self.setStyleSheet(f"AlertLine {{ background: {background}; border: 2px solid {border}; border-radius: 6px; }}"
                           "QLabel { font-size: 15pt; font-weight: bold; color: #ffffff; }")
        if sentence != self.sentence.text():
            self.sentence.setText(sentence)
        self._action = action
        self.button.setVisible(action is not None)
        if action is not None:
            self.button.setText(action.label)

    def _clicked(self) -> None:
        if self._action is not None:
            self._action.run()


class AlertBanner(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._alerts: dict[str, tuple[str, str, Action | None]] = {}
        self._lines: dict[str, AlertLine] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.hide()

    def raise_alert(self, key: str, severity: str, sentence: str, action: Action | None = None) -> None:
        if self._alerts.get(key) == (severity, sentence, action):
            return
        self._alerts[key] = (severity, sentence, action)
        self._redraw()

    def clear(self, key: str) -> None:
        if self._alerts.pop(key, None) is not None:
            self._redraw()

    def sentences(self) -> list[str]:
        return [self._lines[key].sentence.text() for key in self._sorted()]

    def _sorted(self) -> list[str]:
        return sorted(self._alerts, key=lambda key: (_ORDER.get(self._alerts[key][0], 9), key))

    def _redraw(self) -> None:
        for key in [key for key in self._lines if key not in self._alerts]:
            self._lines.pop(key).deleteLater()
        for position, key in enumerate(self._sorted()):
            line = self._lines.get(key)
            if line is None:
                line = self._lines[key] = AlertLine()
            self._layout.insertWidget(position, line)
            line.show_alert(*self._alerts[key])
        self.setVisible(bool(self._alerts))
