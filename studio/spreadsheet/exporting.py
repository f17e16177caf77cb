"""Export: a rundown written as the spreadsheet layout that import reads back.

Durations are written as a rundown writes them (4m30s), times of day and the date as the
spreadsheet's own time and date values, so a director can sort, filter and compute with them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from studio.rundown.editing import write_atomically
from studio.rundown.model import Cue, Rundown, Segment, Transition
from studio.spreadsheet.cells import duration_text, rebased
from studio.spreadsheet.layout import CARDS, CUES, EXHIBITORS, PRODUCTS, SEGMENTS, SHOW, SHOW_HEADER, TABLES, Column, Table

Values = list[Any]  # one row, in the table's column order
Record = dict[str, Any]  # one row, by column key; a blank cell is None or ""

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F2A36")
_FORMATS = {time: "hh:mm:ss", date: "yyyy-mm-dd"}


def export_rundown(rundown: Rundown, target: Path) -> list[str]:
    """Write the rundown as .xlsx or .csv (by the suffix); returns what the file could not hold."""
    rows = table_rows(rundown, target.parent)
    if target.suffix.lower() == ".csv":
        return write_atomically(target, lambda path: _write_csv(rundown, rows[SEGMENTS.sheet], path))
    return write_atomically(target, lambda path: _write_workbook(rows, path))


def table_rows(rundown: Rundown, folder: Path) -> dict[str, list[Values]]:
    """Every sheet's rows in its columns' order (the Show sheet's as setting, value), for a file in `folder`."""
    records = _Records(rundown, folder)
    rows = {table.sheet: [[_cell(record, column) for column in table.columns] for record in records.of(table)]
            for table in TABLES[1:]}
    show = records.show()
    rows[SHOW.sheet] = [[column.header, _cell(show, column)] for column in SHOW.columns]
    return rows


def _cell(record: Record, column: Column) -> Any:
    value = record.get(column.key)
    return None if value == "" else value


class _Records:
    """The rundown's values by column key, one mapping per row of each table."""

    def __init__(self, rundown: Rundown, folder: Path) -> None:
        self.rundown, self.folder = rundown, folder

    def of(self, table: Table) -> Iterator[Record]:
        rundown = self.rundown
        if table is EXHIBITORS:
            yield from ({"id": e.id, "name": e.name, "notes": e.notes} for e in rundown.exhibitors.values())
        elif table is PRODUCTS:
            yield from ({"exhibitor": e.id, "sku": p.sku, "name": p.name, "price": _number(p.price)}
                        for e in rundown.exhibitors.values() for p in e.products)
        elif table is SEGMENTS:
            yield from map(self._segment, rundown.segments)
        elif table is CARDS:
            yield from ({"segment": s.id, "at": _duration(c.at or None), "text": c.text}
                        for s in rundown.segments for c in s.cards)
        elif table is CUES:
            yield from (record for s in rundown.segments for cue in s.cues for record in self._cue(s, cue))

    def show(self) -> Record:
        show = self.rundown.show
        return {"title": show.title, "date": show.date, "timezone": show.timezone, "start": show.start,
                "hard_out": show.hard_out, "warning": _duration(show.warning), "alarm": _duration(show.alarm),
                "currency": show.currency, "locale": show.locale,
                **{f"obs.{key}": value for key, value in show.obs.items()}}

    def _segment(self, segment: Segment) -> Record:
        transition = segment.transition or Transition("")
        return {**{key: getattr(segment, key) for key in _SEGMENT_AS_IS}, "duration": _duration(segment.duration),
                "warning": _duration(segment.warning), "alarm": _duration(segment.alarm), "clip": self._clip(segment.clip),
                "transition": transition.name, "transition_duration": _milliseconds(transition.duration_ms)}

    def _cue(self, segment: Segment, cue: Cue) -> Iterator[Record]:
        """The cue's row; each text source after the first on a row of its own below it."""
        (source, text), *more = cue.texts or ((None, None),)
        yield {"segment": segment.id, "at": _duration(cue.at), "scene": cue.scene, "text_source": source, "text": text,
               "clip": self._clip(cue.clip), "media": cue.media, "action": cue.media_action if cue.media else None,
               "message": cue.message}
        for source, text in more:
            yield {"text_source": source, "text": text}

    def _clip(self, name: str | None) -> str | None:
        return name and rebased(name, self.rundown.path.parent, self.folder)


_SEGMENT_AS_IS = ("id", "title", "kind", "exhibitor", "start", "end", "scene", "lower_third", "notes")


def _duration(seconds: float | None) -> str | None:
    return None if seconds is None else duration_text(seconds)


def _milliseconds(value: int | None) -> str | None:
    return None if value is None else f"{value}ms"


def _number(value: float | None) -> int | float | None:
    return int(value) if value is not None and float(value).is_integer() else value


def _write_workbook(rows: dict[str, list[Values]], path: Path) -> list[str]:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in TABLES:
        sheet = workbook.create_sheet(table.sheet)
        if table is SHOW:
            _fill(sheet, SHOW_HEADER, rows[table.sheet], (18, 36))
        else:
            _fill(sheet, [c.header for c in table.columns], rows[table.sheet], [c.width for c in table.columns])
            _add_choices(sheet, table)
    workbook.save(path)
    return []


def _fill(sheet: Worksheet, header: Any, rows: list[Values], widths: Any) -> None:
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    for row in rows:
        sheet.append(row)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=isinstance(cell.value, str) and len(cell.value) > 40)
            if type(cell.value) in _FORMATS:
                cell.number_format = _FORMATS[type(cell.value)]
    sheet.freeze_panes = "A2"


# Drop-down lists in the columns that name a choice or another sheet's id (ranges reach past
# the rows written, for rows the director adds).
_LISTS = {("Segments", "exhibitor"): "Exhibitors", ("Products", "exhibitor"): "Exhibitors",
          ("Cards", "segment"): "Segments", ("Cues", "segment"): "Segments"}


def _add_choices(sheet: Worksheet, table: Table) -> None:
    for index, column in enumerate(table.columns, start=1):
        if column.choices:
            source = '"' + ",".join(column.choices) + '"'
        elif (table.sheet, column.key) in _LISTS:
            source = f"{quote_sheetname(_LISTS[table.sheet, column.key])}!$A$2:$A$1000"
        else:
            continue
        letter = get_column_letter(index)
        check = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=False)
        check.add(f"{letter}2:{letter}1000")
        sheet.add_data_validation(check)


def _write_csv(rundown: Rundown, rows: list[Values], path: Path) -> list[str]:
    """The Segments table; the show's start goes in the first segment's row, where import looks for it."""
    start = [c.key for c in SEGMENTS.columns].index("start")
    if rows and rows[0][start] is None:
        rows[0][start] = rundown.show.start
    with open(path, "w", encoding="utf-8-sig", newline="") as out:  # the BOM: Excel then reads UTF-8
        writer = csv.writer(out)
        writer.writerow(c.header for c in SEGMENTS.columns)
        writer.writerows([_csv_value(value) for value in row] for row in rows)
    return _left_out_of_csv(rundown)


def _csv_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, time) else value


def _left_out_of_csv(rundown: Rundown) -> list[str]:
    counts = {
        "exhibitors": len(rundown.exhibitors),
        "cards": sum(len(s.cards) for s in rundown.segments),
        "cues": sum(len(s.cues) for s in rundown.segments),
    }
    left = [f"{n} {what}" for what, n in counts.items() if n]
    return [f"a CSV file holds the segments only: the show's settings other than its start"
            f"{', ' + ', '.join(left) if left else ''} are left out (export to .xlsx to keep everything)"]
