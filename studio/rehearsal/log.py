"""Rehearsal attempts in SQLite: table `rehearsals`, in the as-run log's database file.

Writes go through a `Writer`: the show's own when the console opens a rehearsal (one
writer per database), or one of its own for `studio rehearse`. The attempt number (1, 2,
... per exhibitor and segment) is taken inside the write, so two windows never share one.
Once an attempt is committed, `AttemptLogged` is published on the rehearsal's bus (from
the writer's thread: the UI takes it through its bridge).
"""

from __future__ import annotations

import json
import sqlite3
from concurrent.futures import Future
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from studio.storage.asrun import iso
from studio.show.clock import Clock
from studio.show.events import Event, EventBus, Notice
from studio.storage.writer import Writer
from studio.rehearsal.plan import noun_of
from studio.rehearsal.run import SegmentResult, Split

TABLE = "rehearsals"
SOURCE = "rehearsal"  # the Notice source of what goes wrong here


def create_table(db: sqlite3.Connection) -> None:
    db.execute(f"""CREATE TABLE IF NOT EXISTS "{TABLE}" ("id" INTEGER PRIMARY KEY, "exhibitor_id" TEXT NOT NULL,
        "segment_id" TEXT NOT NULL, "attempt" INTEGER NOT NULL, "rundown_path" TEXT, "title" TEXT, "kind" TEXT,
        "started_at" TEXT, "planned_duration_s" REAL, "duration_s" REAL, "over_under_s" REAL, "splits" TEXT,
        "cards" INTEGER, "completed" INTEGER, "ended_by" TEXT, "words" INTEGER)""")
    db.execute(f'CREATE UNIQUE INDEX IF NOT EXISTS "idx_{TABLE}_exhibitor_id_segment_id_attempt" '
               f'ON "{TABLE}" ("exhibitor_id", "segment_id", "attempt")')


@dataclass(frozen=True)
class LoggedAttempt:
    id: int
    attempt: int  # 1, 2, ... for this exhibitor and segment
    result: SegmentResult


@dataclass(frozen=True)
class AttemptLogged(Event):
    logged: LoggedAttempt


class RehearsalLog:
    def __init__(self, writer: Writer, bus: EventBus, clock: Clock, *, owns_writer: bool = False) -> None:
        self.writer = writer
        self.bus = bus
        self.clock = clock
        self._owns_writer = owns_writer
        writer.submit(create_table)  # queued first, so every attempt finds the table

    @classmethod
    def open(cls, path: Path, bus: EventBus, clock: Clock) -> RehearsalLog:
        """A log with a writer of its own (studio rehearse, no show running)."""
        return cls(Writer(path), bus, clock, owns_writer=True)

    def close(self) -> None:
        if self._owns_writer:
            self.writer.close()

    def record(self, result: SegmentResult) -> Future[LoggedAttempt]:
        row = {
            "exhibitor_id": result.exhibitor_id, "segment_id": result.segment_id, "rundown_path": result.rundown_path,
            "title": result.title, "kind": result.kind, "started_at": iso(result.started_at),
            "planned_duration_s": result.planned_s, "duration_s": result.duration_s,
            "over_under_s": round(result.over_under_s, 3), "cards": result.cards, "completed": int(result.completed),
            "ended_by": result.ended_by, "words": result.words,
            "splits": json.dumps([{"card": s.card, "planned_s": s.planned_s, "at_s": s.at_s} for s in result.splits]),
        }

        def work(db: sqlite3.Connection) -> LoggedAttempt:
            attempt = db.execute(f"SELECT COALESCE(MAX(attempt), 0) + 1 FROM {TABLE} WHERE exhibitor_id = ? AND segment_id = ?",
                                 [result.exhibitor_id, result.segment_id]).fetchone()[0]
            columns = {**row, "attempt": attempt}
            inserted = db.execute(f"INSERT INTO {TABLE} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                                  list(columns.values()))
            assert inserted.lastrowid is not None  # an INSERT always sets it
            return LoggedAttempt(inserted.lastrowid, attempt, result)

        future = self.writer.submit(work)
        future.add_done_callback(self._announce)
        return future

    def history(self, exhibitor_id: str) -> list[LoggedAttempt]:
        """Every attempt of the exhibitor, oldest first (a read connection of its own)."""
        try:
            with closing(sqlite3.connect(f"{self.writer.path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
                connection.row_factory = sqlite3.Row
                rows = connection.execute(f"SELECT * FROM {TABLE} WHERE exhibitor_id = ? ORDER BY id", [exhibitor_id]).fetchall()
        except sqlite3.OperationalError:  # no database or no table yet: no attempt yet
            return []
        return [LoggedAttempt(row["id"], row["attempt"], _result(row)) for row in rows]

    def _announce(self, future: Future[LoggedAttempt]) -> None:
        error = future.exception()
        now = self.clock.monotonic()
        if error is None:
            self.bus.publish(AttemptLogged(now, future.result()))
        else:
            self.bus.publish(Notice(now, "error", f"This attempt could not be saved: {error}", SOURCE))


def _result(row: sqlite3.Row) -> SegmentResult:
    splits = tuple(Split(s["card"], s["planned_s"], s["at_s"]) for s in json.loads(row["splits"] or "[]"))
    return SegmentResult(
        row["exhibitor_id"], row["rundown_path"], row["segment_id"], row["title"], row["kind"],
        noun_of(row["kind"], row["title"]), datetime.fromisoformat(row["started_at"]), row["planned_duration_s"],
        row["duration_s"], splits, row["cards"], row["ended_by"], row["words"])
