"""Reading a workbook (.xlsx) or a CSV file into plain rows of cell values."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import time, timedelta
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from studio.spreadsheet.layout import TABLES, folded

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


class Unreadable(Exception):
    """The file cannot be read as a spreadsheet at all; the message says why, in a sentence."""


Box = tuple[int, int, int, int]  # merged cells: first row, first column, last row, last column (1-based)


@dataclass(frozen=True)
class Sheet:
    name: str | None  # None: a CSV file, which is one sheet
    rows: tuple[tuple[Any, ...], ...]  # rows[0] is row 1; a cell merged down holds the merged value
    formats: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column): a time cell's number format
    wide_merges: tuple[Box, ...] = ()  # cells merged across columns: no column can take their value


def read_sheets(path: Path) -> dict[str, Sheet]:
    """The file's sheets by folded name; a CSV file, or a workbook's only sheet whatever its name, is Segments."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return {"segments": Sheet(None, _csv_rows(path))}
    if suffix in WORKBOOK_SUFFIXES:
        sheets = _workbook_sheets(path)
        (only, sheet), *others = sheets.items()
        known = {folded(table.sheet) for table in TABLES}
        return {"segments": sheet} if not others and only not in known else sheets
    hint = " (save it as .xlsx)" if suffix in (".xls", ".ods", ".numbers") else ""
    raise Unreadable(f"cannot read {path}: studio reads .xlsx and .csv files{hint}")


def _workbook_sheets(path: Path) -> dict[str, Sheet]:
    try:
        # data_only: a formula's value as the spreadsheet last saved it; not read_only, which hides merged cells
        workbook = load_workbook(path, data_only=True)
    except FileNotFoundError:
        raise Unreadable(f"cannot read {path}: no such file") from None
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise Unreadable(f"cannot read {path}: it is not an .xlsx workbook ({error})") from None
    try:
        return {folded(sheet.title): _sheet(sheet) for sheet in workbook.worksheets}
    finally:
        workbook.close()


def _sheet(sheet: Worksheet) -> Sheet:
    """Cells merged down one column (an exhibitor over its pitch and demo) give every row the value."""
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    wide: list[Box] = []
    for merged in sheet.merged_cells.ranges:
        box = (merged.min_row, merged.min_col, merged.max_row, merged.max_col)
        if merged.min_col != merged.max_col:
            wide.append(box)
            continue
        value = rows[merged.min_row - 1][merged.min_col - 1]
        for row in rows[merged.min_row:merged.max_row]:
            row[merged.min_col - 1] = value
    formats = {(cell.row, cell.column): cell.number_format for row in sheet.iter_rows() for cell in row
               if isinstance(cell.value, (time, timedelta))}
    return Sheet(sheet.title, tuple(map(tuple, rows)), formats, tuple(sorted(wide)))


def _csv_rows(path: Path) -> tuple[tuple[Any, ...], ...]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise Unreadable(f"cannot read {path}: {error.strerror or error}") from None
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = data.decode("cp1252", errors="replace")  # Excel's "CSV (comma delimited)" on Windows
    # Excel writes ';' where the decimal mark is a comma (French, German...): the first lines tell
    # (the header row, or a title row above it, which Excel pads with separators).
    head = "\n".join(content.splitlines()[:5])
    delimiter = max(",;\t", key=head.count)
    return tuple(tuple(row) for row in csv.reader(io.StringIO(content, newline=""), delimiter=delimiter))
