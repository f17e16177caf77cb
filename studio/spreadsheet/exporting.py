"""Export: a rundown written as the spreadsheet layout that import reads back.

Durations, times of day and the date are the spreadsheet's own values (a length of time shown
[h]:mm:ss), so a planner can sum, sort and compute with them; the Segments sheet adds each
segment's planned start and the running total as formulas, which follow the planner's edits.
Every sheet prints landscape, one page wide, its header row on each page. A CSV file writes
durations as a rundown does (4m30s).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from studio.rundown.editing import write_atomically
from studio.rundown.model import Cue, Rundown, Segment, ShopAction, Transition
from studio.spreadsheet.cells import duration_text, rebased
from studio.spreadsheet.layout import (BLOCKS, CARDS, CHOICES_SEPARATOR, CUES, DELAYS, EXHIBITORS, FIELD_KEY, FIELDS, PLANNED_START,
                                       PRODUCTS, RUNNING_TOTAL, SEGMENTS, SHOP, SHOW, SHOW_HEADER, TABLES, TIMERS, Column, Table,
                                       with_fields)

Values = list[Any]  # one row, in the table's column order
Record = dict[str, Any]  # one row, by column key; a blank cell is None or ""

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F2A36")
_FORMATS = {time: "hh:mm:ss", date: "yyyy-mm-dd", timedelta: "[h]:mm:ss"}


def export_rundown(rundown: Rundown, target: Path) -> list[str]:
    """Write the rundown as .xlsx or .csv (by the suffix); returns what the file could not hold."""
    rows = table_rows(rundown, target.parent)
    tables = with_fields(rundown.fields)
    if target.suffix.lower() == ".csv":
        return write_atomically(target, lambda path: _write_csv(rundown, tables[TABLES.index(SEGMENTS)], rows[SEGMENTS.sheet], path))
    return write_atomically(target, lambda path: _write_workbook(tables, rows, path))


def table_rows(rundown: Rundown, folder: Path) -> dict[str, list[Values]]:
    """Every sheet's rows in its columns' order (the Show sheet's as setting, value), for a file in `folder`."""
    records = _Records(rundown, folder)
    rows = {table.sheet: [[_cell(record, column) for column in table.columns] for record in records.of(table)]
            for table in with_fields(rundown.fields)[1:]}
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
            yield from ({"id": e.id, "name": e.name, "notes": e.notes, "target": _number(e.target)} for e in rundown.exhibitors.values())
        elif table is PRODUCTS:
            yield from ({"exhibitor": e.id, "sku": p.sku, "name": p.name, "price": _number(p.price),
                         "stock": p.stock}
                        for e in rundown.exhibitors.values() for p in e.products)
        elif table.sheet == SEGMENTS.sheet:
            yield from map(self._segment, rundown.segments)
        elif table is BLOCKS:
            yield from ({"id": b.id, "title": b.title, "budget": _duration(b.budget)} for b in rundown.blocks)
        elif table is DELAYS:
            yield from ({"id": d.id, "before": d.before, "duration": _duration(d.duration), "applied": d.applied, "note": d.note}
                        for d in rundown.delays)
        elif table is FIELDS:
            yield from ({"name": f.name, "type": f.type, "title": f.title, "choices": f"{CHOICES_SEPARATOR} ".join(f.choices)}
                        for f in rundown.fields)
        elif table is CARDS:
            yield from ({"segment": s.id, "at": _duration(c.at or None), "text": c.text}
                        for s in rundown.segments for c in s.cards)
        elif table is CUES:
            yield from (record for s in rundown.segments for cue in s.cues for record in self._cue(s, cue))
        elif table is SHOP:
            for s in rundown.segments:
                yield from (_shop(s, None, action) for action in s.shop)
                yield from (_shop(s, cue, action) for cue in s.cues for action in cue.shop)
        elif table is TIMERS:
            yield from ({"name": t.name, "mode": t.mode, "duration": _duration(t.duration or None), "to": t.to,
                         "presenter": t.presenter or None} for t in rundown.timers)

    def show(self) -> Record:
        show = self.rundown.show
        return {"title": show.title, "date": show.date, "timezone": show.timezone, "start": show.start,
                "hard_out": show.hard_out, "warning": _duration(show.warning), "alarm": _duration(show.alarm),
                "currency": show.currency, "locale": show.locale,
                **{f"obs.{key}": value for key, value in show.obs.items()}}

    def _segment(self, segment: Segment) -> Record:
        transition = segment.transition or Transition("")
        return {**{key: getattr(segment, key) for key in _SEGMENT_AS_IS}, "duration": _duration(segment.duration),
                "timer": None if segment.timer == "countdown" else segment.timer,  # blank: the default
                "warning": _duration(segment.warning), "alarm": _duration(segment.alarm), "clip": self._clip(segment.clip),
                "transition": transition.name, "transition_duration": _milliseconds(transition.duration_ms),
                **{FIELD_KEY + name: value for name, value in segment.fields}}

    def _cue(self, segment: Segment, cue: Cue) -> Iterator[Record]:
        """The cue's row; each text source after the first on a row of its own below it; none for a cue that
        only sends shop actions (the Shop sheet has them, with the cue's time)."""
        if cue == Cue(cue.at, shop=cue.shop):
            return
        (source, text), *more = cue.texts or ((None, None),)
        yield {"segment": segment.id, "at": _duration(cue.at), "scene": cue.scene, "text_source": source, "text": text,
               "clip": self._clip(cue.clip), "media": cue.media, "action": cue.media_action if cue.media else None,
               "message": cue.message}
        for source, text in more:
            yield {"text_source": source, "text": text}

    def _clip(self, name: str | None) -> str | None:
        return name and rebased(name, self.rundown.path.parent, self.folder)


def _shop(segment: Segment, cue: Cue | None, action: ShopAction) -> Record:
    return {"segment": segment.id, "at": None if cue is None else _duration(cue.at),
            "on": None if cue is not None else action.on, "name": action.name, "url": action.url,
            "secret": action.secret, "body": action.body}


_SEGMENT_AS_IS = ("id", "title", "kind", "exhibitor", "start", "end", "scene", "lower_third", "notes", "block")


def _duration(seconds: float | None) -> timedelta | None:
    return None if seconds is None else timedelta(seconds=seconds)


def _milliseconds(value: int | None) -> str | None:
    return None if value is None else f"{value}ms"


def _number(value: float | None) -> int | float | None:
    return int(value) if value is not None and float(value).is_integer() else value


def _write_workbook(tables: tuple[Table, ...], rows: dict[str, list[Values]], path: Path) -> list[str]:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(table.sheet)
        if table is SHOW:
            _fill(sheet, SHOW_HEADER, rows[table.sheet], (18, 36))
        elif table.sheet == SEGMENTS.sheet:
            headers, planned, widths = _planned(table, rows[table.sheet])
            _fill(sheet, headers, planned, widths)
            last = get_column_letter(headers.index(SEGMENTS.column("notes").header) + 1)
            sheet.print_area = f"A1:{last}{sheet.max_row}"  # the running order; OBS's columns stay on screen
        else:
            _fill(sheet, [c.header for c in table.columns], rows[table.sheet], [c.width for c in table.columns])
        _add_choices(sheet, table)
        _print_setup(sheet)
    workbook.save(path)
    return []


def _planned(table: Table, rows: list[Values]) -> tuple[list[str], list[Values], list[int]]:
    """The Segments table with Planned start first and Running total after Duration, as formulas.

    A segment starts at its hard start if it has one, else when the one before it ends; the
    first one at the show's start (the Show sheet's Start)."""
    keys = [c.key for c in table.columns]
    after = keys.index("duration") + 1  # where Running total goes, in the table's own columns
    headers = [PLANNED_START, *(c.header for c in table.columns)]
    headers.insert(after + 1, RUNNING_TOTAL)
    duration, hard_start = (get_column_letter(headers.index(SEGMENTS.column(key).header) + 1) for key in ("duration", "start"))
    show_start = f"{quote_sheetname(SHOW.sheet)}!$B${[c.key for c in SHOW.columns].index('start') + 2}"
    planned = []
    for number, row in enumerate(rows, start=2):
        previous = show_start if number == 2 else f"A{number - 1}+{duration}{number - 1}"
        start = _Formula(f'=IF({hard_start}{number}<>"",{hard_start}{number},{previous})', "hh:mm:ss")
        total = _Formula(f"=SUM({duration}$2:{duration}{number})", "[h]:mm:ss")
        planned.append([start, *row[:after], total, *row[after:]])
    widths = [c.width for c in table.columns]
    return headers, planned, [14, *widths[:after], 14, *widths[after:]]


@dataclass(frozen=True)
class _Formula:
    text: str
    number_format: str


def _fill(sheet: Worksheet, header: Any, rows: list[Values], widths: Any) -> None:
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for row in rows:
        sheet.append([value.text if isinstance(value, _Formula) else value for value in row])
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for values, cells in zip(rows, sheet.iter_rows(min_row=2)):
        for value, cell in zip(values, cells):
            cell.alignment = Alignment(vertical="top", wrap_text=isinstance(value, str) and len(value) > 40)
            if isinstance(value, _Formula):
                cell.number_format = value.number_format
            elif type(value) in _FORMATS:
                cell.number_format = _FORMATS[type(value)] + (".000" if _has_fraction(value) else "")
    sheet.freeze_panes = "A2"


def _has_fraction(value: Any) -> bool:
    return isinstance(value, timedelta) and bool(value.microseconds)


def _print_setup(sheet: Worksheet) -> None:
    """Landscape, one page wide however many rows, the header row on every page, page numbers in the footer."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.print_options.gridLines = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddFooter.center.text = "&A — page &P of &N"


# Drop-down lists in the columns that name a choice or another sheet's id (ranges reach past
# the rows written, for rows the director adds).
_LISTS = {("Segments", "exhibitor"): "Exhibitors", ("Products", "exhibitor"): "Exhibitors",
          ("Cards", "segment"): "Segments", ("Cues", "segment"): "Segments", ("Segments", "block"): "Blocks",
          ("Delays", "before"): "Segments"}


def _add_choices(sheet: Worksheet, table: Table) -> None:
    headers = [cell.value for cell in sheet[1]]
    for column in table.columns:
        if column.choices:
            source = '"' + ",".join(column.choices) + '"'
        elif (table.sheet, column.key) in _LISTS:
            ids = _LISTS[table.sheet, column.key]
            letter = "B" if ids == SEGMENTS.sheet else "A"  # Segments: Planned start comes first
            source = f"{quote_sheetname(ids)}!${letter}$2:${letter}$1000"
        else:
            continue
        letter = get_column_letter(headers.index(column.header) + 1)
        check = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=False)
        check.add(f"{letter}2:{letter}1000")
        sheet.add_data_validation(check)


def _write_csv(rundown: Rundown, table: Table, rows: list[Values], path: Path) -> list[str]:
    """The Segments table; the show's start goes in the first segment's row, where import looks for it."""
    start = [c.key for c in table.columns].index("start")
    if rows and rows[0][start] is None:
        rows[0][start] = rundown.show.start
    with open(path, "w", encoding="utf-8-sig", newline="") as out:  # the BOM: Excel then reads UTF-8
        writer = csv.writer(out)
        writer.writerow(c.header for c in table.columns)
        writer.writerows([_csv_value(value) for value in row] for row in rows)
    return _left_out_of_csv(rundown)


def _csv_value(value: Any) -> Any:
    if isinstance(value, timedelta):
        return duration_text(value.total_seconds())
    return value.isoformat() if isinstance(value, time) else value


def _left_out_of_csv(rundown: Rundown) -> list[str]:
    counts = {
        "exhibitors": len(rundown.exhibitors),
        "cards": sum(len(s.cards) for s in rundown.segments),
        "cues": sum(len(s.cues) for s in rundown.segments),
        "blocks' titles and budgets": len(rundown.blocks),
        "delays": len(rundown.delays),
        "custom fields": len(rundown.fields),
        "shop actions": sum(len(s.shop) + sum(len(c.shop) for c in s.cues) for s in rundown.segments),
        "free timers": len(rundown.timers),
    }
    left = [f"{n} {what.replace('delays', 'delay') if n == 1 else what}" for what, n in counts.items() if n]
    return [f"a CSV file holds the segments only: the show's settings other than its start"
            f"{', ' + ', '.join(left) if left else ''} are left out (export to .xlsx to keep everything)"]
