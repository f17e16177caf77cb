"""The control-room look: colours shared by every screen, the style sheet and the icon."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QLabel

ASSETS = Path(__file__).resolve().parents[2] / "assets"

# Countdown colours by ShowState.level (overtime flashes between red and dark).
LEVEL_COLOURS = {"ok": "#35e07a", "warning": "#ffb020", "alarm": "#ff3b30", "overtime": "#ff3b30", "idle": "#9aa4b2"}
OVERTIME_DIM = "#5c1512"

# Rundown rows by SegmentTiming.status: (background, text). On air is the red tally, next is preview green.
STATUS_COLOURS = {
    "on_air": ("#8c1111", "#ffffff"),
    "next": ("#0e4a2a", "#e8fff0"),
    "upcoming": (None, "#e6edf3"),
    "done": (None, "#7d8590"),
    "not_aired": (None, "#7d8590"),
    "skipped": (None, "#5b636d"),
}
GOOD, BAD, MUTED, WARN = "#35e07a", "#ff5a4f", "#9aa4b2", "#ffb020"


def apply_theme(app: QApplication, font_pt: int) -> None:
    """Dark, high-contrast style for the whole application."""
    app.setStyle("Fusion")
    font = app.font()
    font.setPointSize(font_pt)
    app.setFont(font)
    app.setStyleSheet((ASSETS / "studio.qss").read_text(encoding="utf-8"))
    app.setWindowIcon(QIcon(str(ASSETS / "icon.svg")))


@contextmanager
def styled_once() -> Iterator[None]:
    """Widgets built inside get the application's style sheet once, at the end: with the sheet in force, Qt styles a
    widget again each time it moves into a new parent (panel, scroll area, tab, splitter, window), which was about
    40 ms of the console's start-up."""
    app = QApplication.instance()
    if not isinstance(app, QApplication) or not app.styleSheet():
        yield
        return
    sheet = app.styleSheet()
    app.setStyleSheet("")
    try:
        yield
    finally:
        app.setStyleSheet(sheet)


def caption(text: str) -> QLabel:
    """The small upper-case heading of a panel (styled by the `caption` role in the QSS)."""
    label = QLabel(text.upper())
    label.setProperty("role", "caption")
    return label
