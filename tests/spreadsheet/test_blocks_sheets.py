"""Blocks, delays and custom fields in a planner's workbook: their own sheets, a column per field."""

from __future__ import annotations

from pathlib import Path

from sheetkit import workbook

from studio.rundown.model import Block, CustomField, Delay
from studio.spreadsheet.importing import import_spreadsheet


def sheets(camera: str = "Jib") -> dict[str, list[list]]:
    return {
        "Segments": [["Id", "Title", "Duration", "Block", "Camera", "Guests"],
                     ["pitch", "Pitch", "4m", "serenco", camera, 2],
                     ["demo", "Demo", "5m", "serenco", None, None],
                     ["closing", "Closing", "2m", None, "Cam 1", 0]],
        "Blocks": [["Id", "Title", "Budget"], ["serenco", "Serenco", "10m"]],
        "Delays": [["Id", "Before", "Duration", "Applied", "Note"], ["doors", "demo", "3m", "no", "doors late"]],
        "Fields": [["Name", "Type", "Title", "Choices"], ["camera", "choice", "Camera", "Cam 1, Jib"], ["guests", "number"]],
    }


def test_a_planners_blocks_delays_and_custom_fields_are_read(tmp_path: Path) -> None:
    result = import_spreadsheet(workbook(tmp_path / "plan.xlsx", sheets()), tmp_path / "plan.yaml", {"start": "19:30"})
    assert result.problems == []
    rundown = result.rundown
    assert rundown.blocks == (Block("serenco", "Serenco", 600),)
    assert rundown.delays == (Delay("doors", "demo", 180, False, "doors late"),)
    assert rundown.fields == (CustomField("camera", "choice", "Camera", ("Cam 1", "Jib")), CustomField("guests", "number"))
    assert [(s.block, s.fields) for s in rundown.segments] == [
        ("serenco", (("camera", "Jib"), ("guests", 2))), ("serenco", ()), (None, (("camera", "Cam 1"), ("guests", 0)))]


def test_a_bad_custom_field_value_is_reported_at_its_cell(tmp_path: Path) -> None:
    book = workbook(tmp_path / "plan.xlsx", sheets(camera="Cam 9"))
    result = import_spreadsheet(book, tmp_path / "plan.yaml", {"start": "19:30"})
    assert [str(problem) for problem in result.problems] == [
        f"{book}:Segments:E2: 'Cam 9' is not a choice of custom field 'camera' (did you mean 'Cam 1'?); use one of: Cam 1, Jib"]
