"""The teleprompter: text scrolling up at a set speed, optionally mirrored for prompter glass."""

from __future__ import annotations

import time

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

FRAME_MS = 33
MARGIN = 0.08  # of the width, each side


class PrompterView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.speed = 60.0  # pixels per second
        self.mirrored = False
        self.offset = 0.0
        self.pixel_size = 64
        self.running = False
        self._last = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._advance)

    def set_text(self, text: str) -> None:
        """New text starts at the top (a new segment)."""
        if text != self.text:
            self.text = text
            self.offset = -self.height() * 0.4  # start with the first line at the reading line
            self.update()

    def set_mirrored(self, mirrored: bool) -> None:
        self.mirrored = mirrored
        self.update()

    def set_running(self, running: bool) -> None:
        """Scroll only while the widget is shown and the show's countdown runs."""
        running = running and self.isVisible()
        if running != self.running:
            self.running = running
            self._last = time.monotonic()
            self._timer.start(FRAME_MS) if running else self._timer.stop()

    def _advance(self) -> None:
        now = time.monotonic()
        self.offset += self.speed * (now - self._last)
        self._last = now
        self.update()

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt)
        self.set_running(False)
        super().hideEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#000000"))
        if self.mirrored:
            painter.translate(self.width(), 0)
            painter.scale(-1, 1)
        font = QFont(self.font())
        font.setPixelSize(self.pixel_size)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        margin = int(self.width() * MARGIN)
        box = QRect(margin, int(-self.offset), self.width() - 2 * margin, 100_000)
        painter.drawText(box, int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), self.text)
        reading_line = int(self.height() * 0.4)
        painter.setPen(QColor("#ffb020"))
        painter.drawText(4, reading_line, "▶")
        painter.end()
