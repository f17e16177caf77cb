"""The rundown as a table, fed from ShowState snapshots.

Rows come from `state.segments`; scene and exhibitor from the rundown, looked up by segment
id so a state and a rundown from either side of a live edit never mismatch. Each update
compares the new row texts with the old and signals only the rows that changed, which keeps
a 400-segment rundown cheap at 10 updates a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from studio.rundown.durations import format_duration
from studio.rundown.model import Rundown, Segment
from studio.show.snapshot import SegmentTiming, ShowState

from ui.widgets.theme import BAD, GOOD, STATUS_COLOURS
from ui.widgets.timefmt import countdown, over_under

COLUMNS = ("#", "State", "Segment", "Planned", "Actual/≈", "Dur.", "Ran/left", "+/−", "Scene", "Exhibitor")
SEGMENT_COLUMN = COLUMNS.index("Segment")
STATUS_TEXT = {"done": "done", "on_air": "ON AIR", "next": "NEXT", "upcoming": "", "skipped": "skipped", "not_aired": "not aired"}
OVER_COLUMN = COLUMNS.index("+/−")
SEGMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_CENTRED = {0, 1, 3, 4, 5, 6, 7}


@dataclass(frozen=True)
class Row:
    segment_id: str
    status: str
    over: float | None
    texts: tuple[str, ...]


@lru_cache(maxsize=1024)
def _clock(moment: datetime, tz: tzinfo) -> str:
    return moment.astimezone(tz).strftime("%H:%M:%S")


class RundownModel(QAbstractTableModel):
    def __init__(self, rundown: Rundown) -> None:
        super().__init__()
        self._rows: list[Row] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._struck = QFont()
        self._struck.setStrikeOut(True)
        self._brushes: dict[str, QBrush] = {}
        self.set_rundown(rundown)

    def set_rundown(self, rundown: Rundown) -> None:
        self._rundown = rundown
        self._tz = rundown.show.tz
        self._segments: dict[str, Segment] = {s.id: s for s in rundown.segments}

    def segment_id(self, row: int) -> str | None:
        return self._rows[row].segment_id if 0 <= row < len(self._rows) else None

    def row_of(self, segment_id: str) -> int | None:
        return next((i for i, row in enumerate(self._rows) if row.segment_id == segment_id), None)

    def update(self, state: ShowState) -> None:
        rows = [self._row(timing, state) for timing in state.segments]
        if len(rows) != len(self._rows) or any(a.segment_id != b.segment_id for a, b in zip(rows, self._rows)):
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
            return
        old, self._rows = self._rows, rows
        changed = [i for i, (a, b) in enumerate(zip(old, rows)) if a != b]
        if changed:
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], len(COLUMNS) - 1))

    # ----- Qt model interface -------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.texts[column]
        if role == SEGMENT_ID_ROLE:
            return row.segment_id
        background, foreground = STATUS_COLOURS[row.status]
        if role == Qt.ItemDataRole.BackgroundRole and background:
            return self._brush(background)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == OVER_COLUMN and row.over is not None and row.status not in ("on_air", "next"):
                return self._brush(BAD if row.over > 0.5 else GOOD)
            return self._brush(foreground)
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if row.status in ("on_air", "next") else self._struck if row.status == "skipped" else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _CENTRED:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            segment = self._segments.get(row.segment_id)
            return segment.notes or None if segment else None
        return None

    # ----- internals ----------------------------------------------------------------------

    def _row(self, timing: SegmentTiming, state: ShowState) -> Row:
        segment = self._segments.get(timing.segment_id)
        exhibitor = self._rundown.exhibitors.get(segment.exhibitor) if segment and segment.exhibitor else None
        on_air = timing.status == "on_air"
        if timing.actual_start is not None:
            started = _clock(timing.actual_start, self._tz)
        elif timing.projected_start is not None and timing.status != "skipped":
            started = "≈" + _clock(timing.projected_start, self._tz)
        else:
            started = ""
        if on_air:
            clock_text, over = countdown(state.remaining), max(0.0, -state.remaining) or None
        elif timing.actual_duration is not None:
            clock_text, over = format_duration(timing.actual_duration), timing.over_under
        else:
            clock_text, over = "", None
        texts = (
            str(timing.index + 1),
            ("HELD" if state.held else STATUS_TEXT["on_air"]) if on_air else STATUS_TEXT[timing.status],
            timing.title,
            _clock(timing.planned_start, self._tz),
            started,
            format_duration(timing.planned_duration),
            clock_text,
            over_under(over),
            (segment.scene or "") if segment else "",
            exhibitor.name if exhibitor else "",
        )
        return Row(timing.segment_id, timing.status, over, texts)

    def _brush(self, name: str) -> QBrush:
        brush = self._brushes.get(name)
        if brush is None:
            brush = self._brushes[name] = QBrush(QColor(name))
        return brush
