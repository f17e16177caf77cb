"""Workbooks as planners make them: merged cells, durations typed their way, a lone sheet, title rows."""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sheetkit import workbook

from studio.rundown.loader import load_rundown
from studio.spreadsheet.durations import planner_duration, spoken_seconds
from studio.spreadsheet.exporting import export_rundown
from studio.spreadsheet.importing import import_spreadsheet

ROOT = Path(__file__).resolve().parents[2]
HEADER = ["Id", "Title", "Kind", "Exhibitor", "Duration"]


def segments(*rows: list) -> list[list]:
    return [HEADER, *rows]


def imported(tmp_path: Path, sheets: dict[str, list[list]], **options):
    return import_spreadsheet(workbook(tmp_path / "plan.xlsx", sheets, **options), tmp_path / "plan.yaml",
                              {"start": "19:30"})


def problems(result) -> list[str]:
    return [str(problem).split(":", 1)[1] for problem in result.problems]


def test_a_merged_exhibitor_cell_gives_each_segment_its_exhibitor(tmp_path: Path) -> None:
    sheets = {"Segments": segments(["opening", "Opening", "opening", None, "3m"],
                                   ["ser-pitch", "Serenco — pitch", "pitch", "serenco", "4m"],
                                   ["ser-demo", "Serenco — demo", "demo", None, "3m"],
                                   ["ser-interview", "Serenco — interview", "interview", None, "2m"])}
    result = imported(tmp_path, sheets, merged={"Segments": ["D3:D5"]})
    assert problems(result) == []
    assert [s.exhibitor for s in result.rundown.segments] == [None, "serenco", "serenco", "serenco"]


def test_cells_merged_across_columns_in_a_row_are_a_located_error(tmp_path: Path) -> None:
    sheets = {"Segments": [["Garage Expo — day 1"], HEADER,
                           ["opening", "Opening", None, None, "3m"],
                           ["pitch", "Serenco — pitch", "pitch", None, "4m"]]}
    result = imported(tmp_path, sheets, merged={"Segments": ["A1:E1", "B3:C3"]})  # the title row may be merged
    assert result.rundown is None
    assert problems(result) == ["Segments:B3: cells merged across the Title and Kind columns: studio reads one value "
                                "per column; unmerge them"]


DURATIONS = [
    # (as typed, number format, seconds)
    ("4'30", None, 270), ("4'30\"", None, 270), ("4 min", None, 240), ("4 min 30", None, 270), ("4,5 min", None, 270),
    ("1 h 05", None, 3900), ("90 sec", None, 90), ("4:30", None, 270), ("0:04:30", None, 270), (90, None, 90),
    (time(0, 4, 30), "hh:mm:ss", 270), (timedelta(minutes=4, seconds=30), "[h]:mm:ss", 270),
    (time(4, 30), "h:mm", 270),  # "4:30" typed in a cell: the time 04:30, shown 4:30
    (time(4, 30), "[hh]:mm", 270),
]


@pytest.mark.parametrize(("typed", "number_format", "seconds"), DURATIONS, ids=[repr(d[0]) for d in DURATIONS])
def test_durations_as_planners_type_them(tmp_path: Path, typed, number_format, seconds) -> None:
    sheets = {"Segments": segments(["opening", "Opening", "opening", None, typed])}
    result = imported(tmp_path, sheets, formats={"Segments": {"E2": number_format}} if number_format else None)
    assert problems(result) == []
    assert result.rundown.segments[0].duration == seconds


def test_a_time_shown_with_its_seconds_is_read_as_hours_and_warned_about(tmp_path: Path) -> None:
    sheets = {"Segments": segments(["opening", "Opening", "opening", None, time(1, 30)])}
    result = imported(tmp_path, sheets, formats={"Segments": {"E2": "hh:mm:ss"}})
    assert problems(result) == ["Segments:E2: warning: 01:30:00 is 1h30m long; for minutes and seconds write "
                                "0:04:30 or 4m30s"]
    assert result.rundown.segments[0].duration == 5400


def test_what_is_not_a_planners_duration_is_left_to_the_loader(tmp_path: Path) -> None:
    assert [spoken_seconds(text) for text in ("90", "4:30", "4m3x", "30s 4m", "4 min 30 min", "", "4 fois")] == [None] * 7
    assert planner_duration(time(4, 30, 15), "h:mm") == time(4, 30, 15)  # seconds hidden by the format: as it is
    assert planner_duration(time(16, 30), "h:mm AM/PM") == time(16, 30)  # a clock time
    sheets = {"Segments": segments(["opening", "Opening", "opening", None, "4 minutes et demie"])}
    assert problems(imported(tmp_path, sheets)) == [
        "Segments:E2: bad duration '4 minutes et demie' (write it like 4m30s, 90s, 1:30 or 1h5m)"]


def test_a_lone_sheet_is_the_segments_whatever_its_name(tmp_path: Path) -> None:
    sheets = {"Feuille1": segments(["opening", "Opening", "opening", None, "3m"], ["pitch", "Pitch", "pitch", "ser", "4m3x"])}
    result = imported(tmp_path, sheets)
    assert problems(result) == ["Feuille1:E3: bad duration '4m3x' (write it like 4m30s, 90s, 1:30 or 1h5m)"]
    sheets["Feuille1"][2][4] = "4'"
    result = imported(tmp_path, sheets)
    assert [(s.id, s.duration, s.exhibitor) for s in result.rundown.segments] == [("opening", 180, None), ("pitch", 240, "ser")]
    assert result.rundown.show.title == "plan"  # no Show sheet: the file's name


def test_two_sheets_neither_named_segments_are_still_refused(tmp_path: Path) -> None:
    sheets = {"Day 1": segments(["opening", "Opening", "opening", None, "3m"]), "Day 2": [["x"]]}
    assert problems(imported(tmp_path, sheets)) == [
        " there is no Segments sheet: the rundown's segments are one per row in a sheet named Segments "
        "(docs/spreadsheet-format.md)"]


def test_the_header_is_found_below_title_rows(tmp_path: Path) -> None:
    sheets = {"Segments": [["Garage Expo — day 1"], [], ["Planned by", "Anne"], HEADER,
                           ["opening", "Opening", "opening", None, "3m"],
                           ["pitch", "Pitch", "pich", "ser", "4m"]]}
    result = imported(tmp_path, sheets, merged={"Segments": ["A1:E1"]})
    assert problems(result) == ["Segments:C6: unknown kind 'pich' (did you mean 'pitch'?); use one of: opening, pitch, "
                                "demo, interview, break, vt, closing, other"]
    sheets["Segments"][5][2] = "pitch"
    assert [s.id for s in imported(tmp_path, sheets).rundown.segments] == ["opening", "pitch"]


def test_a_csv_file_with_a_title_row_and_semicolons(tmp_path: Path) -> None:
    source = tmp_path / "soirée.csv"
    source.write_bytes("Garage Expo — soirée\n\nId;Title;Duration;Start\nopening;Ouverture;3 min;19:30\n"
                       "pitch;Démonstration;4,5 min;\n".encode("cp1252"))
    result = import_spreadsheet(source, tmp_path / "soiree.yaml")
    assert [str(p) for p in result.problems] == []
    assert [(s.title, s.duration) for s in result.rundown.segments] == [("Ouverture", 180), ("Démonstration", 270)]


# -- export ---------------------------------------------------------------------------------


def test_export_writes_durations_as_time_values_with_starts_and_a_running_total(tmp_path: Path) -> None:
    target = tmp_path / "garage.xlsx"
    export_rundown(load_rundown(ROOT / "schedules" / "garage-expo-day1.yaml"), target)
    sheet = load_workbook(target)["Segments"]
    header = [cell.value for cell in sheet[1]]
    assert header[:8] == ["Planned start", "Id", "Title", "Kind", "Exhibitor", "Duration", "Running total", "Start"]
    second = {name: cell for name, cell in zip(header, sheet[3])}
    assert second["Duration"].value == timedelta(minutes=4) and second["Duration"].number_format == "[h]:mm:ss"
    assert second["Planned start"].value == '=IF(H3<>"",H3,A2+F2)'
    assert second["Running total"].value == "=SUM(F$2:F3)"
    assert sheet["A2"].value == '=IF(H2<>"",H2,\'Show\'!$B$5)' and load_workbook(target)["Show"]["A5"].value == "Start"
    assert (sheet.page_setup.orientation, sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == ("landscape", 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows == "$1:$1"
    cards = load_workbook(target)["Cards"]
    assert [v.formula1 for v in cards.data_validations.dataValidation] == ["'Segments'!$B$2:$B$1000"]  # the Id column


def test_the_sample_spreadsheet_imports_as_the_sample_rundown(tmp_path: Path) -> None:
    source = ROOT / "schedules" / "garage-expo-day1.yaml"
    result = import_spreadsheet(ROOT / "schedules" / "garage-expo-day1.xlsx", source.parent / "imported.yaml")
    assert result.problems == []
    rundown = load_rundown(source)
    assert (result.rundown.show, result.rundown.exhibitors, result.rundown.segments) == (
        rundown.show, rundown.exhibitors, rundown.segments)
