"""Reading a workbook (.xlsx) or a CSV file into plain rows of cell values."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from studio.spreadsheet.layout import folded

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


class Unreadable(Exception):
    """The file cannot be read as a spreadsheet at all; the message says why, in a sentence."""


@dataclass(frozen=True)
class Sheet:
    name: str | None  # None: a CSV file, which is one sheet
    rows: tuple[tuple[Any, ...], ...]  # rows[0] is row 1


def read_sheets(path: Path) -> dict[str, Sheet]:
    """The file's sheets by folded name; a CSV file is the Segments sheet."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return {"segments": Sheet(None, _csv_rows(path))}
    if suffix in WORKBOOK_SUFFIXES:
        return _workbook_sheets(path)
    hint = " (save it as .xlsx)" if suffix in (".xls", ".ods", ".numbers") else ""
    raise Unreadable(f"cannot read {path}: studio reads .xlsx and .csv files{hint}")


def _workbook_sheets(path: Path) -> dict[str, Sheet]:
    try:
        # data_only: a formula's value as the spreadsheet last saved it
        workbook = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise Unreadable(f"cannot read {path}: no such file") from None
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise Unreadable(f"cannot read {path}: it is not an .xlsx workbook ({error})") from None
    try:
        return {folded(sheet.title): Sheet(sheet.title, tuple(sheet.iter_rows(values_only=True)))
                for sheet in workbook.worksheets}
    finally:
        workbook.close()


def _csv_rows(path: Path) -> tuple[tuple[Any, ...], ...]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise Unreadable(f"cannot read {path}: {error.strerror or error}") from None
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = data.decode("cp1252", errors="replace")  # Excel's "CSV (comma delimited)" on Windows
    # Excel writes ';' where the decimal mark is a comma (French, German...): the header row tells.
    header = content.partition("\n")[0]
    delimiter = max(",;\t", key=header.count)
    return tuple(tuple(row) for row in csv.reader(io.StringIO(content, newline=""), delimiter=delimiter))
