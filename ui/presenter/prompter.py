"""The teleprompter: the segment's cards scrolling past a reading line.

It follows the show: a new card puts that card on the reading line, and with "fit" on the
speed is what brings the rest of the script to the reading line as the segment's time runs
out. It stops at the end of the script (the last line stays on the reading line), and the
director can pause it, step back or on a card (PageUp/PageDown, a presentation clicker) and
make it faster or slower. Mirroring is the presenter window's (the whole screen flips).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QWidget

FRAME_MS = 33
MARGIN = 0.08  # of the width, each side
READING_LINE = 0.3  # of the height, from the top
FLAGS = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)


class PrompterView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: tuple[str, ...] = ()
        self.speed = 60.0  # pixels per second, when not fitted to the slot
        self.fit = False  # speed follows the time left instead
        self.offset = 0.0  # pixels of script above the reading line
        self.pixel_size = 64
        self.running = False  # the show's countdown runs and the widget is shown
        self.paused = False  # the director's pause
        self.card = 0
        self._tops: list[int] = []  # each card's top, script pixels
        self._end = 0  # the offset that puts the last line on the reading line
        self._seconds_left = 0.0  # of the segment, for fit
        self._last = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._advance)

    @property
    def text(self) -> str:
        return "\n\n".join(self.cards)

    @property
    def at_end(self) -> bool:
        return self.offset >= self._end

    def set_cards(self, cards: tuple[str, ...]) -> None:
        """A new script starts at its top (a new segment)."""
        if cards != self.cards:
            self.cards = cards
            self.offset = 0.0
            self.card = 0
            self._measure()
            self.update()

    def show_card(self, card: int) -> None:
        """The show moved to this card: it goes on the reading line."""
        if card != self.card and 0 <= card < len(self._tops):
            self.card = card
            self.offset = float(self._tops[card])
            self.update()

    def set_time_left(self, seconds: float) -> None:
        self._seconds_left = seconds

    def set_fit(self, fit: bool) -> None:
        self.fit = fit

    def set_pixel_size(self, pixels: int) -> None:
        if pixels != self.pixel_size:
            self.pixel_size = pixels
            self._measure()

    def set_running(self, running: bool) -> None:
        """Scroll only while the widget is shown and the show's countdown runs."""
        self.running = running and self.isVisible()
        self._arm()

    def toggle_paused(self) -> None:
        self.paused = not self.paused
        self._arm()
        self.update()

    def step(self, cards: int) -> None:
        """Back (-1) or on (+1) one card; within a single card, half a screen."""
        if len(self._tops) > 1:
            here = max((i for i, top in enumerate(self._tops) if top <= self.offset + 1), default=0)
            target: float = self._tops[min(max(0, here + cards), len(self._tops) - 1)]
        else:
            target = self.offset + cards * self.height() / 2
        self.offset = min(max(0.0, float(target)), float(self._end))
        self.update()

    def current_speed(self) -> float:
        if not self.fit:
            return self.speed
        return max(0.0, self._end - self.offset) / max(1.0, self._seconds_left)

    # ----- internals ----------------------------------------------------------------------

    def _font(self) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(self.pixel_size)
        font.setBold(True)
        return font

    def _measure(self) -> None:
        metrics = QFontMetrics(self._font())
        width = max(1, self.width() - 2 * int(self.width() * MARGIN))
        gap = metrics.height()
        self._tops, y, last = [], 0, 0
        for card in self.cards:
            self._tops.append(y)
            height = metrics.boundingRect(QRect(0, 0, width, 1_000_000), FLAGS, card).height()
            last = y + max(0, height - metrics.height())
            y += height + gap
        self._end = last
        self.offset = min(self.offset, float(self._end))

    def _arm(self) -> None:
        moving = self.running and not self.paused
        if moving != self._timer.isActive():
            self._last = time.monotonic()
            self._timer.start(FRAME_MS) if moving else self._timer.stop()

    def _advance(self) -> None:
        now = time.monotonic()
        if self.offset < self._end:
            self.offset = min(float(self._end), self.offset + self.current_speed() * (now - self._last))
            self.update()
        self._last = now

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt)
        super().resizeEvent(event)
        self._measure()

    def hideEvent(self, event) -> None:  # noqa: N802 (Qt)
        self.set_running(False)
        super().hideEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#000000"))
        painter.setFont(self._font())
        margin = int(self.width() * MARGIN)
        reading_line = int(self.height() * READING_LINE)
        painter.setPen(QColor("#ffffff"))
        for top, card in zip(self._tops, self.cards):
            y = reading_line + top - int(self.offset)
            if y > self.height():
                break
            painter.drawText(QRect(margin, y, self.width() - 2 * margin, 1_000_000), FLAGS, card)
        painter.setPen(QColor("#ffb020"))
        painter.drawText(QRect(4, reading_line, margin, self.pixel_size), int(Qt.AlignmentFlag.AlignLeft), "▶")
        if self.paused or self.at_end:
            painter.drawText(self.rect().adjusted(0, 0, -margin // 2, -8), int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                             "PROMPTER PAUSED" if self.paused else "END OF SCRIPT")
        painter.end()
