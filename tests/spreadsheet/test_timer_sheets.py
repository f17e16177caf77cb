"""Timer types, end: standby and free timers through a workbook and back."""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path

from openpyxl import load_workbook

from showkit import LATE_SHOW
from studio.rundown.loader import load_rundown
from studio.rundown.model import FreeTimer
from studio.spreadsheet.exporting import export_rundown
from studio.spreadsheet.importing import import_spreadsheet

LATE = LATE_SHOW + """\
  - {id: vt, title: VT, duration: 0s, timer: none}
timers:
  - {name: Q&A, duration: 5m, presenter: true}
  - {name: Doors, to: "00:45"}
  - {name: Speaker}
"""


def test_xlsx_round_trip_keeps_timer_types_end_actions_and_free_timers(tmp_path: Path) -> None:
    source = tmp_path / "late.yaml"
    source.write_text(LATE, encoding="utf-8")
    rundown = load_rundown(source)
    sheet = tmp_path / "late.xlsx"
    assert export_rundown(rundown, sheet) == []
    book = load_workbook(sheet)
    assert [[cell.value for cell in row] for row in book["Timers"].iter_rows()] == [
        ["Name", "Mode", "Duration", "To", "Presenter"],
        ["Q&A", "down", timedelta(minutes=5), None, True],
        ["Doors", "to", None, time(0, 45), None],
        ["Speaker", "up", None, None, None]]
    again = tmp_path / "again.yaml"
    result = import_spreadsheet(sheet, again)
    assert result.problems == [] and result.rundown is not None and result.text is not None
    assert [(s.id, s.end, s.timer) for s in result.rundown.segments] == [
        ("open", "auto", "countdown"), ("talk", "standby", "count_up"), ("midnight", "hold", "time_of_day"),
        ("vt", "hold", "none")]
    assert result.rundown.timers == (FreeTimer("Q&A", "down", 300.0, None, True), FreeTimer("Doors", "to", 0.0, time(0, 45)),
                                     FreeTimer("Speaker", "up"))
    assert result.rundown.planned_offsets() == rundown.planned_offsets() == [0, 1800, 2700, 5400]
    again.write_text(result.text, encoding="utf-8")
    assert load_rundown(again).timers == result.rundown.timers
    assert "timer: count_up" in result.text and "- {name: Q&A, mode: down, duration: 5m, presenter: true}" in result.text
