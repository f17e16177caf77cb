"""Workbooks for the spreadsheet tests: real .xlsx files written with openpyxl."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook


def workbook(path: Path, sheets: dict[str, list[list]], *, merged: dict[str, list[str]] | None = None,
             formats: dict[str, dict[str, str]] | None = None) -> Path:
    """A real .xlsx: rows per sheet, ranges to merge (A1:F1) and number formats by cell (E2: h:mm)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cells in (merged or {}).get(name, []):
            sheet.merge_cells(cells)
        for cell, number_format in (formats or {}).get(name, {}).items():
            sheet[cell].number_format = number_format
    book.save(path)
    return path
