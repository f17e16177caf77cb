"""The as-run log: what really aired and when, against the plan, in SQLite.

Tables `shows`, `segment_runs` and `events` (docs/database.md describes every column).
All writes go through the one `Writer`; a transition returns only once it is committed.
Times are ISO-8601 UTC with milliseconds, e.g. 2026-11-05T18:30:00.000Z.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

import sqlite_utils
from platformdirs import user_data_path

from studio.show.events import EventBus, Notice
from studio.show.recording import LoggedRun, ResumePoint, RunEnd, RunStart
from studio.rundown.model import Segment
from studio.storage.writer import Writer

SCHEMA_VERSION = 1


def default_db_path() -> Path:
    return user_data_path("studio", appauthor=False) / "studio.db"


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_iso(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def create_schema(db: sqlite_utils.Database) -> None:
    db["shows"].create(
        {"id": int, "title": str, "rundown_path": str, "planned_start": str, "started_at": str,
         "ended_at": str, "last_seen": str},
        pk="id", if_not_exists=True,
    )
    db["segment_runs"].create(
        {"id": int, "show_id": int, "segment_id": str, "title": str, "exhibitor_id": str, "scene": str,
         "planned_start": str, "actual_start": str, "actual_end": str, "planned_duration_s": float,
         "actual_duration_s": float, "over_under_s": float, "ended_by": str, "taken_by": str,
         "extended_s": float, "held": int},
        pk="id", foreign_keys=[("show_id", "shows", "id")], if_not_exists=True,
    )
    db["events"].create(
        {"id": int, "show_id": int, "ts": str, "kind": str, "detail": str},
        pk="id", foreign_keys=[("show_id", "shows", "id")], if_not_exists=True,
    )
    db["segment_runs"].create_index(["show_id"], if_not_exists=True)
    db["events"].create_index(["show_id", "ts"], if_not_exists=True)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


class AsRunLog:
    """The engine's `Recorder`, backed by SQLite through one writer thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.writer = Writer(path, create_schema)

    def close(self) -> None:
        self.writer.close()

    # ----- Recorder ---------------------------------------------------------------------

    def open_show(self, title: str, rundown_path: str, planned_start: datetime) -> int:
        row = {"title": title, "rundown_path": rundown_path, "planned_start": iso(planned_start)}
        return self.writer.call(lambda db: db["shows"].insert(row).last_pk)

    def transition(self, show_id: int, end: RunEnd | None, start: RunStart | None) -> int | None:
        def work(db: sqlite_utils.Database) -> int | None:
            if end is not None:
                db["segment_runs"].update(end.row_id, {
                    "actual_end": iso(end.actual_end), "actual_duration_s": round(end.actual_duration_s, 3),
                    "over_under_s": round(end.over_under_s, 3), "ended_by": end.ended_by})
            moment = end.actual_end if start is None else start.actual_start
            db.execute("UPDATE shows SET last_seen = ?, started_at = COALESCE(started_at, ?) WHERE id = ?",
                       [iso(moment), None if start is None else iso(moment), show_id])
            if start is None:
                return None
            segment = start.segment
            return db["segment_runs"].insert({
                **_segment_columns(show_id, segment, start.planned_start),
                "actual_start": iso(start.actual_start), "taken_by": start.taken_by,
                "extended_s": 0.0, "held": 0}).last_pk
        return self.writer.call(work)

    def skipped(self, show_id: int, segment: Segment, planned_start: datetime, *, how: str = "skip") -> None:
        row = {**_segment_columns(show_id, segment, planned_start), "actual_duration_s": 0.0,
               "over_under_s": -segment.duration, "ended_by": how, "extended_s": 0.0, "held": 0}
        self.writer.call(lambda db: db["segment_runs"].insert(row))

    def update_run(self, row_id: int, *, extended_s: float, held: bool) -> None:
        self.writer.call(lambda db: db["segment_runs"].update(row_id, {"extended_s": extended_s, "held": int(held)}))

    def close_show(self, show_id: int, ended_at: datetime) -> None:
        self.writer.call(lambda db: db["shows"].update(show_id, {"ended_at": iso(ended_at), "last_seen": iso(ended_at)}))

    def event(self, show_id: int | None, at: datetime, kind: str, detail: dict[str, Any]) -> None:
        row = {"show_id": show_id, "ts": iso(at), "kind": kind, "detail": json.dumps(detail, ensure_ascii=False, default=str)}
        self.writer.submit(lambda db: db["events"].insert(row))

    def heartbeat(self, show_id: int, at: datetime) -> None:
        """Note that the show is alive, so a resume can say how long the gap was."""
        self.writer.submit(lambda db: db.execute("UPDATE shows SET last_seen = ? WHERE id = ?", [iso(at), show_id]))

    def follow(self, bus: EventBus, show_id: Callable[[], int | None], to_wall: Callable[[float], datetime]) -> Callable[[], None]:
        """Record every notice published on the bus (OBS lost, orders refused, ...)."""
        def record(notice: Notice) -> None:
            self.event(show_id(), to_wall(notice.at), f"{notice.source}.{notice.level}", {"message": notice.message})
        return bus.subscribe(record, Notice)

    # ----- reading ----------------------------------------------------------------------

    def resume_point(self, rundown_path: str) -> ResumePoint | None:
        """The latest show of this rundown that never ended, as the log kept it."""
        with _reader(self.path) as db:
            show = next(db.query("SELECT * FROM shows WHERE rundown_path = ? AND ended_at IS NULL ORDER BY id DESC LIMIT 1",
                                 [rundown_path]), None)
            if show is None:
                return None
            runs = tuple(
                LoggedRun(row["id"], row["segment_id"], parse_iso(row["actual_start"]), parse_iso(row["actual_end"]),
                          row["ended_by"], row["taken_by"], row["extended_s"] or 0.0, bool(row["held"]))
                for row in db.query("SELECT * FROM segment_runs WHERE show_id = ? ORDER BY id", [show["id"]]))
        planned_start = datetime.fromisoformat(show["planned_start"])
        last_seen = parse_iso(show["last_seen"] or show["started_at"]) or planned_start
        return ResumePoint(show["id"], planned_start, parse_iso(show["started_at"]), last_seen, runs)


def _segment_columns(show_id: int, segment: Segment, planned_start: datetime) -> dict[str, Any]:
    return {"show_id": show_id, "segment_id": segment.id, "title": segment.title, "exhibitor_id": segment.exhibitor,
            "scene": segment.scene, "planned_start": iso(planned_start), "planned_duration_s": segment.duration}


def _reader(path: Path) -> sqlite_utils.Database:
    """A read-only connection of its own (WAL lets it read while the writer writes)."""
    return sqlite_utils.Database(sqlite3.connect(f"file:{path}?mode=ro", uri=True))
