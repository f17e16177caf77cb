"""Rundowns to and from spreadsheets: `studio import` and `studio export` (docs/spreadsheet-format.md)."""
