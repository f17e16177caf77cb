"""A standby follows the live edits of a real primary (its own copy of the rundown file edited the same way), refuses
a rundown it cannot follow with a sentence, and closes when the primary's show ends (headless: exit 0)."""

from __future__ import annotations

import io
import sqlite3
import threading
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path
from typing import Iterator

import pytest
from push.pushkit import CONTROL, set_tokens, start_show
from showkit import Recorded, wait_until

from studio.app.headless import run_headless
from studio.app.session import LiveShow
from studio.orders.config import OrdersConfig
from studio.rundown import editing
from studio.rundown.loader import load_rundown
from studio.show.events import Notice, TookOver
from studio.standby.config import StandbyConfig
from studio.standby.edits import NotFollowed, followed_rundown

RUNDOWN = """show:
  title: Edits
  timezone: UTC
  start: "19:30:00"
segments:
  # the opening
  - {id: intro, title: Intro, duration: 6s, end: auto}
  - {id: pitch, title: Pitch, duration: 3s, end: auto}
  - {id: closing, title: Closing, duration: 60s, end: auto}
"""


def rundown_file(folder: Path, text: str = RUNDOWN) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "show.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def standby_of(primary: LiveShow, path: Path, db: Path) -> LiveShow:
    show = LiveShow(load_rundown(path), db, orders=OrdersConfig(port=0, control_token=CONTROL),
                    standby=StandbyConfig(f"ws://127.0.0.1:{primary.api.port}/ws?token={CONTROL}"))
    show.seen = Recorded(show.bus)  # type: ignore[attr-defined]
    show.run()
    return show


@contextmanager
def following(db_dir: Path) -> Iterator[tuple[LiveShow, LiveShow, Path, Path]]:
    """(primary, standby, the primary's file, the standby's): the primary on air, the standby hearing it; both
    closed at the end (closing the primary inside is how a test makes it fall silent)."""
    mine, theirs = rundown_file(db_dir / "a"), rundown_file(db_dir / "b")
    primary = start_show(load_rundown(mine), db_dir / "a.db")
    standby = None
    try:
        primary.go()
        assert wait_until(lambda: primary.on_air is not None)
        standby = standby_of(primary, theirs, db_dir / "b.db")
        assert wait_until(lambda: standby.standby.feed.heard.followed is not None, 5)
        yield primary, standby, mine, theirs
    finally:
        primary.close()
        if standby is not None:
            standby.close()


def runs(db: Path) -> list[tuple[str, str, str | None]]:
    with closing(sqlite3.connect(db)) as connection:
        return connection.execute("SELECT segment_id, actual_start, actual_end FROM segment_runs "
                                  "WHERE actual_start IS NOT NULL ORDER BY id").fetchall()


def told(show: LiveShow) -> list[str]:
    return [notice.message for notice in show.seen.of(Notice)]  # type: ignore[attr-defined]


def edit(primary: LiveShow, path: Path, change) -> None:
    """What the console's live edit does (ui/console/live_edit.py): the file's text edited, saved, swapped in."""
    editing.save_text(path, change(path.read_text(encoding="utf-8")))
    primary.replace_rundown(load_rundown(path))


def rows(rundown) -> list[dict]:
    """A state's segments as the primary's push feed sends them (the fields the standby reads)."""
    return [{"id": s.id, "title": s.title, "kind": s.kind, "duration_s": s.duration} for s in rundown.segments]


def test_every_live_edit_is_made_again_on_the_standbys_file_and_anything_else_is_refused(tmp_path):
    mine, theirs = rundown_file(tmp_path / "a"), rundown_file(tmp_path / "b")
    text = mine.read_text(encoding="utf-8")
    text = editing.insert_break(text, "pitch", "90s", "Coffee")[0]
    text = editing.move_segment(text, "closing", -2)
    text = editing.set_duration(text, "intro", "10s")
    mine.write_text(text, encoding="utf-8")
    original = load_rundown(theirs)
    before: list[str] = []
    followed = followed_rundown(original, rows(load_rundown(mine)), before)
    assert [(s.id, s.duration) for s in followed.segments] == [("intro", 10.0), ("closing", 60.0), ("pitch", 3.0),
                                                               ("break-1", 90.0)]
    assert theirs.read_text(encoding="utf-8") == text
    assert followed_rundown(followed, rows(load_rundown(mine)), before) is followed  # nothing new: nothing written
    undone = followed_rundown(followed, rows(original), before)  # the primary's undo: the text before comes back
    assert undone.segments == original.segments and theirs.read_text(encoding="utf-8") == RUNDOWN
    assert followed_rundown(undone, rows(followed), before).segments == followed.segments  # and its redo
    assert theirs.read_text(encoding="utf-8") == text

    shared = load_rundown(mine)  # a file both PCs share, saved by the primary already: read as it is
    assert followed_rundown(original, rows(shared)).segments == shared.segments

    other = [{**row, "id": "q-and-a"} if row["id"] == "pitch" else row for row in rows(original)]
    with pytest.raises(NotFollowed, match="its segment 'pitch' is not in the primary's rundown"):
        followed_rundown(load_rundown(rundown_file(tmp_path / "c")), other)
    added = [*rows(original), {"id": "q-and-a", "title": "Q&A", "kind": "other", "duration_s": 60.0}]
    with pytest.raises(NotFollowed, match="the primary's segment 'q-and-a' is not in this rundown"):
        followed_rundown(load_rundown(rundown_file(tmp_path / "d")), added)
    renamed = [*rows(original), {"id": "break-7", "title": "Break", "kind": "break", "duration_s": 60.0}]
    with pytest.raises(NotFollowed, match="the primary's break 'break-7' would be 'break-1' here"):
        followed_rundown(load_rundown(rundown_file(tmp_path / "e")), renamed)
    assert (tmp_path / "e" / "show.yaml").read_text(encoding="utf-8") == RUNDOWN  # a refused edit writes nothing


def test_the_standby_makes_the_primarys_live_edits_and_takes_the_edited_show_over(db_dir, monkeypatch):
    set_tokens(monkeypatch)
    with following(db_dir) as (primary, standby, mine, theirs):
        edit(primary, mine, lambda text: editing.set_duration(editing.insert_break(text, "intro", "2s")[0], "pitch", "4s"))
        assert wait_until(lambda: [(s.id, s.duration) for s in standby.rundown.segments] ==
                          [("intro", 6.0), ("break-1", 2.0), ("pitch", 4.0), ("closing", 60.0)], 5)
        assert theirs.read_text(encoding="utf-8") == mine.read_text(encoding="utf-8")  # its file, edited the same way
        assert "# the opening" in theirs.read_text(encoding="utf-8")
        assert any("rundown was edited live; this studio follows it" in m for m in told(standby))
        primary.close()
        assert standby.standby.took_over.wait(5)
        assert wait_until(lambda: [r[0] for r in runs(db_dir / "b.db")] == ["intro", "break-1"], 10)
        assert standby.go().result(timeout=5).refused is None  # a break waits for GO (the rundown's default end)
        assert wait_until(lambda: [r[0] for r in runs(db_dir / "b.db")] == ["intro", "break-1", "pitch"], 5)
    [intro, pause, pitch] = runs(db_dir / "b.db")
    begun = datetime.fromisoformat(intro[1]).timestamp()
    assert abs(datetime.fromisoformat(pause[1]).timestamp() - (begun + 6)) < 0.05  # the break, on its plan
    with closing(sqlite3.connect(db_dir / "b.db")) as connection:
        assert connection.execute("SELECT planned_duration_s FROM segment_runs WHERE segment_id = 'pitch'").fetchone() \
            == (4.0,)  # the pitch as the primary's edit set it


def test_a_rundown_the_standby_cannot_follow_is_refused_with_a_sentence_and_not_taken_over(db_dir, monkeypatch):
    set_tokens(monkeypatch)
    with following(db_dir) as (primary, standby, mine, theirs):
        rundown_file(db_dir / "c", RUNDOWN.replace("  - {id: pitch, title: Pitch, duration: 3s, end: auto}\n", ""))
        primary.replace_rundown(load_rundown(db_dir / "c" / "show.yaml"))  # the pitch removed: no live edit does that
        assert wait_until(lambda: any("cannot take over from it" in m for m in told(standby)), 5)
        primary.close()
        assert not standby.standby.took_over.wait(3)
    [sentence] = [m for m in told(standby) if "cannot take over" in m]
    assert "runs a rundown this studio cannot follow (its segment 'pitch' is not in the primary's rundown)" in sentence
    assert not standby.seen.of(TookOver) and theirs.read_text(encoding="utf-8") == RUNDOWN  # its file untouched


def test_a_headless_standby_whose_primary_ended_its_show_says_so_and_exits_0(db_dir, monkeypatch):
    set_tokens(monkeypatch)
    short = RUNDOWN.replace("6s", "1s").replace("3s", "1s").replace("60s", "1s")
    mine, theirs = rundown_file(db_dir / "a", short), rundown_file(db_dir / "b", short)
    primary = start_show(load_rundown(mine), db_dir / "a.db")
    try:
        primary.go()
        assert wait_until(lambda: primary.on_air is not None)
        standby = LiveShow(load_rundown(theirs), db_dir / "b.db", orders=OrdersConfig(port=0, control_token=CONTROL),
                           standby=StandbyConfig(f"ws://127.0.0.1:{primary.api.port}/ws?token={CONTROL}"))
        out = io.StringIO()
        code: list[int] = []
        runner = threading.Thread(target=lambda: code.append(run_headless(standby, io.StringIO(""), out)))
        runner.start()
        runner.join(15)
        assert not runner.is_alive(), out.getvalue()
    finally:
        primary.close()
    assert code == [0]
    assert "The primary's show ended: this standby has nothing more to take over, and closes." in out.getvalue()
    assert primary.ended
