"""The largest font size at which a text fits a box, word-wrapped."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel

FLAGS = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter)


def fit_pixel_size(text: str, font: QFont, width: int, height: int, largest: int, smallest: int) -> int:
    """Binary search on the pixel size; never below `smallest` (readable beats complete)."""
    low, high, best = smallest, max(smallest, largest), smallest
    probe = QFont(font)
    while low <= high:
        middle = (low + high) // 2
        probe.setPixelSize(middle)
        box = QFontMetrics(probe).boundingRect(QRect(0, 0, max(1, width), 100_000), FLAGS, text)
        if box.width() <= width and box.height() <= height:
            best, low = middle, middle + 1
        else:
            high = middle - 1
    return best


class FittedLabel(QLabel):
    """A word-wrapped label whose text is always as large as fits, within [smallest, largest] px."""

    def __init__(self, smallest: int, largest: int) -> None:
        super().__init__("")
        self.smallest, self.largest = smallest, largest
        self.pixel_size = smallest
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def set_fitted_text(self, text: str) -> None:
        if text != self.text():
            self.setText(text)
            self.refit()

    def set_largest(self, largest: int) -> None:
        self.largest = largest
        self.refit()

    def refit(self) -> None:
        box = self.contentsRect()
        size = fit_pixel_size(self.text(), self.font(), box.width() - 16, box.height() - 8, self.largest, self.smallest)
        if size != self.pixel_size or not self.styleSheet():
            self.pixel_size = size
            self.setStyleSheet(f"font-size: {size}px; font-weight: bold;")

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt)
        super().resizeEvent(event)
        self.refit()
