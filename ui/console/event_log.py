"""The plain-language event log, newest first, with a bounded length."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from ui.widgets.theme import BAD, MUTED

LEVEL_COLOURS = {"info": "#e6edf3", "warning": "#ffb020", "error": BAD, "debug": MUTED}
MAX_LINES = 500


class EventLog(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("log")
        self.setUniformItemSizes(True)
        self.setWordWrap(False)

    def add(self, level: str, sentence: str, stamp: str = "") -> None:
        item = QListWidgetItem(f"{stamp}  {sentence}" if stamp else sentence)
        item.setForeground(QBrush(QColor(LEVEL_COLOURS.get(level, LEVEL_COLOURS["info"]))))
        self.insertItem(0, item)
        while self.count() > MAX_LINES:
            self.takeItem(self.count() - 1)

    def lines(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]
