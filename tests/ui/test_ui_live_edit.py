"""Live edits from the console: checked, saved keeping comments, swapped into the running show."""

from __future__ import annotations

from PySide6.QtCore import Qt

from uikit import column
from studio.rundown.loader import load_rundown



def select(studio, row: int) -> None:
    studio.console.table.selectRow(row)


def test_a_new_duration_changes_the_timing_and_survives_reloading(studio, qtbot, rundown_path) -> None:
    qtbot.keyClick(studio.console, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: studio.console.state.on_air == 0)
    select(studio, 2)
    studio.console.edit_bar.duration_text.setText("5m")
    qtbot.mouseClick(studio.console.edit_bar.set_duration, Qt.MouseButton.LeftButton)
    assert not studio.console.edit_bar.problem.isVisible()
    qtbot.waitUntil(lambda: studio.console.state.segments[2].planned_duration == 300, timeout=3000)
    assert column(studio, "Dur.")[2] == "05:00"
    text = rundown_path.read_text(encoding="utf-8")
    assert "duration: 5m" in text and "# the opening" in text
    assert load_rundown(rundown_path).segments[2].duration == 300


def test_move_and_insert_a_break(studio, qtbot, rundown_path) -> None:
    select(studio, 3)
    qtbot.mouseClick(studio.console.edit_bar.up, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: column(studio, "Segment")[2:] == ["Closing", "Acme demo"], timeout=3000)
    select(studio, 0)
    studio.console.edit_bar.break_text.setText("2m")
    qtbot.mouseClick(studio.console.edit_bar.add_break, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: column(studio, "Segment")[1] == "Break", timeout=3000)
    assert [s.id for s in load_rundown(rundown_path).segments] == ["intro", "break-1", "pitch", "closing", "demo"]


def test_a_bad_edit_shows_the_problem_inline_and_changes_nothing(studio, qtbot, rundown_path) -> None:
    before = rundown_path.read_text(encoding="utf-8")
    bar = studio.console.edit_bar
    qtbot.mouseClick(bar.set_duration, Qt.MouseButton.LeftButton)
    assert bar.problem.isVisible() and "Select a segment" in bar.problem.text()
    select(studio, 1)
    bar.duration_text.setText("soon")
    qtbot.mouseClick(bar.set_duration, Qt.MouseButton.LeftButton)
    assert bar.problem.isVisible() and "write it like" in bar.problem.text()
    select(studio, 0)
    qtbot.mouseClick(bar.up, Qt.MouseButton.LeftButton)
    assert "already first" in bar.problem.text()
    assert rundown_path.read_text(encoding="utf-8") == before
    assert studio.console.state.segments[1].planned_duration == 2


def test_an_edit_that_breaks_the_rundown_is_not_saved(studio, qtbot, rundown_path) -> None:
    before = rundown_path.read_text(encoding="utf-8")
    rundown_path.write_text(before.replace("exhibitor: acme\n    duration: 2s", "exhibitor: nobody\n    duration: 2s"), encoding="utf-8")
    broken = rundown_path.read_text(encoding="utf-8")
    select(studio, 0)
    studio.console.edit_bar.duration_text.setText("1m")
    qtbot.mouseClick(studio.console.edit_bar.set_duration, Qt.MouseButton.LeftButton)
    assert studio.console.edit_bar.problem.text().startswith("Not applied:")
    assert "nobody" in studio.console.edit_bar.problem.text()
    assert rundown_path.read_text(encoding="utf-8") == broken
