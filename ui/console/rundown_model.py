"""The rundown as a table, fed from ShowState snapshots.

Rows come from `state.segments`; scene and exhibitor from the rundown, looked up by segment
id so a state and a rundown from either side of a live edit never mismatch. A tick costs the
same for 400 rows as for 6,400: the engine hands back the very same `SegmentTiming` object
for a row that did not change, so `update` finds the changed rows by identity and signals
only those, and a row's texts are made when the view asks for them (the rows on screen),
once per change. Rows change order only with a live edit (`set_rundown`), which rebuilds the
table once.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from itertools import compress
from operator import is_not
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from studio.rundown.durations import format_duration
from studio.rundown.fields import shown, values_of
from studio.rundown.model import Rundown, Segment
from studio.show.snapshot import DelayTiming, SegmentTiming, ShowState

from ui.widgets.theme import BAD, GOOD, STATUS_COLOURS
from ui.widgets.timefmt import countdown, over_under

COLUMNS = ("#", "State", "Segment", "Planned", "Actual/≈", "Dur.", "Ran/left", "+/−", "Scene", "Exhibitor", "Block")
SEGMENT_COLUMN = COLUMNS.index("Segment")
STATUS_TEXT = {"done": "done", "on_air": "ON AIR", "next": "NEXT", "upcoming": "", "skipped": "skipped", "not_aired": "not aired"}
OVER_COLUMN = COLUMNS.index("+/−")
SEGMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_CENTRED = {0, 1, 3, 4, 5, 6, 7}


def _clock(moment: datetime, tz: tzinfo) -> str:
    return moment.astimezone(tz).strftime("%H:%M:%S")


class RundownModel(QAbstractTableModel):
    def __init__(self, rundown: Rundown) -> None:
        super().__init__()
        self._timings: tuple[SegmentTiming, ...] = ()
        self._reordered = True
        self._texts: list[tuple[str, ...] | None] = []  # made on demand, dropped when the row changes
        self._on_air: int | None = None
        self._on_air_look: tuple[float, bool] = (0.0, False)  # (remaining, held) for the on-air row
        self._bold = QFont()
        self._bold.setBold(True)
        self._struck = QFont()
        self._struck.setStrikeOut(True)
        self._colours: dict[str, QColor] = {}  # a colour, not a QBrush: Qt paints either, and QBrush brings QGradient's enums (1 ms at start)
        self._delays: dict[int, list[DelayTiming]] = {}  # by the row they push
        self.set_rundown(rundown)

    def set_rundown(self, rundown: Rundown) -> None:
        self._rundown = rundown
        self._tz = rundown.show.tz
        self._segments: dict[str, Segment] = {s.id: s for s in rundown.segments}
        self._blocks = {block.id: block.label for block in rundown.blocks}
        self._texts = [None] * len(self._timings)
        self._reordered = True  # the next state may order the rows differently: rebuild the table once

    def segment_id(self, row: int) -> str | None:
        return self._timings[row].segment_id if 0 <= row < len(self._timings) else None

    def row_of(self, segment_id: str) -> int | None:
        return next((i for i, timing in enumerate(self._timings) if timing.segment_id == segment_id), None)

    def update(self, state: ShowState) -> None:
        delays: dict[int, list[DelayTiming]] = {}
        for delay in state.delays:
            delays.setdefault(delay.before, []).append(delay)
        if delays != self._delays:  # applied or cancelled: the marks change even where no time moved
            self._delays, self._reordered = delays, True
        old, new = self._timings, state.segments
        if self._reordered or len(old) != len(new) or (new and (old[0].segment_id, old[-1].segment_id) != (new[0].segment_id, new[-1].segment_id)):
            self.beginResetModel()
            self._timings, self._texts, self._reordered = new, [None] * len(new), False
            self._on_air, self._on_air_look = state.on_air, (state.remaining, state.held)
            self.endResetModel()
            return
        changed = list(compress(range(len(new)), map(is_not, old, new)))  # C loops: 6,400 rows in a fraction of a ms
        look = (state.remaining, state.held)
        moved: set[int] = set()
        if (look, state.on_air) != (self._on_air_look, self._on_air):
            moved = {row for row in (self._on_air, state.on_air) if row is not None}
        self._timings, self._on_air, self._on_air_look = new, state.on_air, look
        for first, last in [*_spans(changed), *((row, row) for row in moved)]:  # the on-air row may appear twice: harmless
            self._texts[first:last + 1] = [None] * (last + 1 - first)
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    # ----- Qt model interface -------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._timings)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        timing = self._timings[row]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._row_texts(row)[column]
        if role == SEGMENT_ID_ROLE:
            return timing.segment_id
        background, foreground = STATUS_COLOURS[timing.status]
        if role == Qt.ItemDataRole.BackgroundRole and background:
            return self._colour(background)
        if role == Qt.ItemDataRole.ForegroundRole:
            over = self._over(row)
            if column == OVER_COLUMN and over is not None and timing.status not in ("on_air", "next"):
                return self._colour(BAD if over > 0.5 else GOOD)
            return self._colour(foreground)
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if timing.status in ("on_air", "next") else self._struck if timing.status == "skipped" else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _CENTRED:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._details(row)
        return None

    # ----- internals ----------------------------------------------------------------------

    def _details(self, row: int) -> str:
        """The row's tooltip: title, its delays, block, custom fields and notes."""
        timing = self._timings[row]
        segment = self._segments.get(timing.segment_id)
        lines = [timing.title, *(_delay_text(delay) + (f" — {delay.note}" if delay.note else "") for delay in self._delays.get(row, ()))]
        if segment is not None:
            if segment.block:
                lines.append(f"Block: {self._blocks.get(segment.block, segment.block)}")
            lines += [f"{field.label}: {shown(field, value)}" for field, value in values_of(self._rundown, segment)]
            if segment.notes:
                lines += ["", segment.notes]
        return "\n".join(lines)

    def _over(self, row: int) -> float | None:
        if row == self._on_air:
            return max(0.0, -self._on_air_look[0]) or None
        return self._timings[row].over_under if self._timings[row].actual_duration is not None else None

    def _row_texts(self, row: int) -> tuple[str, ...]:
        texts = self._texts[row]
        if texts is None:
            texts = self._texts[row] = self._make_texts(row)
        return texts

    def _make_texts(self, row: int) -> tuple[str, ...]:
        timing = self._timings[row]
        segment = self._segments.get(timing.segment_id)
        exhibitor = self._rundown.exhibitors.get(segment.exhibitor) if segment and segment.exhibitor else None
        on_air = row == self._on_air
        remaining, held = self._on_air_look
        if timing.actual_start is not None:
            started = _clock(timing.actual_start, self._tz)
        elif timing.projected_start is not None and timing.status != "skipped":
            started = "≈" + _clock(timing.projected_start, self._tz)
        else:
            started = ""
        if on_air:
            clock_text = countdown(remaining)
        elif timing.actual_duration is not None:
            clock_text = format_duration(timing.actual_duration)
        else:
            clock_text = ""
        delays = "".join(f"{_delay_text(delay)} · " for delay in self._delays.get(row, ()) if delay.applied)
        return (
            str(timing.index + 1),
            ("HELD" if held else STATUS_TEXT["on_air"]) if on_air else STATUS_TEXT[timing.status],
            delays + timing.title,
            _clock(timing.planned_start, self._tz),
            started,
            format_duration(timing.planned_duration),
            clock_text,
            over_under(self._over(row)),
            (segment.scene or "") if segment else "",
            exhibitor.name if exhibitor else "",
            self._blocks.get(segment.block, segment.block) if segment and segment.block else "",
        )

    def _colour(self, name: str) -> QColor:
        colour = self._colours.get(name)
        if colour is None:
            colour = self._colours[name] = QColor(name)
        return colour


def _delay_text(delay: DelayTiming) -> str:
    """'+05:00 delay' before the segment it pushes; a cancelled one says so."""
    return f"+{format_duration(delay.duration)} delay" + ("" if delay.applied else f" ({delay.delay_id}, cancelled)")


def _spans(rows: list[int]) -> list[tuple[int, int]]:
    """Runs of consecutive row numbers (given ascending), as (first, last)."""
    if not rows or rows[-1] - rows[0] + 1 == len(rows):  # none, or one run (a rebuilt table): no loop
        return [(rows[0], rows[-1])] if rows else []
    spans: list[tuple[int, int]] = []
    for row in rows:
        if spans and spans[-1][1] == row - 1:
            spans[-1] = (spans[-1][0], row)
        else:
            spans.append((row, row))
    return spans
