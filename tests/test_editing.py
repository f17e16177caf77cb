"""Live edits keep the rundown file's comments and key order, and refuse what cannot be done."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.rundown.editing import EditError, insert_break, move_segment, save_text, set_duration
from studio.rundown.loader import load_rundown

TEXT = """\
# Top comment
show:
  title: Edit test
  timezone: Europe/Paris
  start: "19:30:00"
segments:
  - id: a   # first one
    title: A
    duration: 1m
  - id: b
    duration: 2m
    title: B   # key order: duration before title
  - id: c
    title: C
    duration: 3m
"""


def ids(text: str, tmp_path: Path) -> list[str]:
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    return [s.id for s in load_rundown(path).segments]


def test_move_segment_reorders_and_keeps_comments(tmp_path: Path) -> None:
    moved = move_segment(TEXT, "c", -1)
    assert ids(moved, tmp_path) == ["a", "c", "b"]
    assert "# Top comment" in moved and "# first one" in moved and "# key order" in moved
    assert moved.index("duration: 2m") < moved.index("title: B")


def test_move_past_either_end_is_refused() -> None:
    with pytest.raises(EditError, match="already first"):
        move_segment(TEXT, "a", -1)
    with pytest.raises(EditError, match="already last"):
        move_segment(TEXT, "c", 1)


def test_set_duration_changes_only_that_value(tmp_path: Path) -> None:
    edited = set_duration(TEXT, "b", "4:30")
    path = tmp_path / "r.yaml"
    path.write_text(edited, encoding="utf-8")
    assert [s.duration for s in load_rundown(path).segments] == [60, 270, 180]
    assert edited.replace("duration: 4m30s", "duration: 2m") == TEXT


def test_bad_duration_and_unknown_segment_are_sentences() -> None:
    with pytest.raises(EditError, match="write it like"):
        set_duration(TEXT, "b", "soon")
    with pytest.raises(EditError, match="no segment 'zz'"):
        set_duration(TEXT, "zz", "1m")


def test_insert_break_after_a_segment_with_a_fresh_id(tmp_path: Path) -> None:
    edited, new_id = insert_break(TEXT, "a", "90s")
    again, second_id = insert_break(edited, "a", 30)
    assert (new_id, second_id) == ("break-1", "break-2")
    path = tmp_path / "r.yaml"
    path.write_text(again, encoding="utf-8")
    segments = load_rundown(path).segments
    assert [s.id for s in segments] == ["a", "break-2", "break-1", "b", "c"]
    assert (segments[2].kind, segments[2].duration) == ("break", 90)




def test_save_text_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("old", encoding="utf-8")
    save_text(path, TEXT)
    assert path.read_text(encoding="utf-8") == TEXT
    assert [p.name for p in tmp_path.iterdir()] == ["r.yaml"]
