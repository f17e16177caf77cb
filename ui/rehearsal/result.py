"""What an attempt gave: time against the slot, over/under, card splits and the pace hint, per segment."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QFrame, QHeaderView, QLabel, QScrollArea, QSizePolicy, QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from studio.rehearsal.pace import pace_hint
from studio.rehearsal.plan import minutes
from studio.rehearsal.run import SegmentResult

from ui.rehearsal.history import VERDICT_COLOURS
from ui.widgets.theme import caption
from ui.widgets.timefmt import over_under

COLUMNS = ("Segment", "Attempt", "Time", "Slot", "Over/under", "Card splits (late + / early −)")


def splits_text(result: SegmentResult) -> str:
    """'1:05 (+5 s) · 2:15 (+15 s)': when each card after the first was reached, against its mark."""
    return " · ".join(f"{minutes(s.at_s)} ({s.late_s:+.0f} s)" for s in result.splits[1:]) or "—"


class ResultView(QFrame):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("panel")
        self.headline = QLabel("")
        self.headline.setObjectName("rehearsalHeadline")
        self.headline.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.hints = QLabel("")
        self.hints.setObjectName("rehearsalHints")
        self.hints.setWordWrap(True)
        self.hints.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(caption("Your attempt"))
        layout.addWidget(self.headline)
        layout.addWidget(self.table)
        layout.addWidget(caption("Pace"))
        scroller = QScrollArea()  # long hints scroll rather than make the window taller than a laptop screen
        scroller.setWidget(self.hints)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroller.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }")
        layout.addWidget(scroller, 1)
        self.results: list[SegmentResult] = []

    def show_results(self, results: list[SegmentResult], attempts: dict[str, int]) -> None:
        """`attempts`: the number each segment's attempt was logged under, as far as known yet."""
        self.results = list(results)
        hints = [pace_hint(result) for result in results]
        taken = sum(r.duration_s for r in results)
        slot = sum(r.planned_s for r in results)
        if all(r.completed for r in results):
            self.headline.setText(f"{minutes(taken)} for a {minutes(slot)} slot  ·  {over_under(taken - slot)}")
        else:
            self.headline.setText(f"Stopped after {minutes(taken)}")
        self.table.setRowCount(len(results))
        for row, (result, hint) in enumerate(zip(results, hints)):
            number = attempts.get(result.segment_id)
            cells = (result.title, "…" if number is None else f"#{number}", minutes(result.duration_s),
                     minutes(result.planned_s), over_under(result.over_under_s), splits_text(result))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if COLUMNS[column] == "Over/under":
                    item.setForeground(QColor(VERDICT_COLOURS[hint.verdict]))
                self.table.setItem(row, column, item)
        self.table.setFixedHeight(self.table.horizontalHeader().height() + sum(
            self.table.rowHeight(row) for row in range(len(results))) + 4)
        self.hints.setText("\n\n".join(f"{r.title}: {h.sentence}" for r, h in zip(results, hints)))

