"""The as-run log: what really aired and when, against the plan, in SQLite.

Tables `shows`, `segment_runs` and `events` (docs/database.md describes every column).
Nothing here waits on the database: every write is a record on the writer's log lane,
journaled and written in order as soon as the database accepts it (writer.py). Row ids are
allocated here, so a transition hands back its run's id at once and a record replayed from
the journal after a crash lands on the same row. One studio process writes a database file.
Times are ISO-8601 UTC with milliseconds, e.g. 2026-11-05T18:30:00.000Z.
"""

from __future__ import annotations

import itertools
import json
import logging
import sqlite3
from concurrent.futures import Future
from contextlib import closing, contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from platformdirs import user_data_path

from studio.show.events import EventBus, LogHealth, Notice
from studio.show.recording import TIMER_STATE, LoggedRun, ResumePoint, RunEnd, RunStart, TimerState
from studio.rundown.model import Exhibitor, Segment
from studio.storage.journal import Journal, Record, Statement, journal_path
from studio.storage.writer import Health, Writer
from studio.storage import views

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
LAG_CHECK_S = 0.25  # how often the show loop looks at how far behind the as-run lane is (check_lag)
SLOW_S = 1.0  # the oldest as-run record waiting longer than this: the director is told the database is slow
TABLES = ("shows", "segment_runs", "events")
SCHEMA = (
    """CREATE TABLE IF NOT EXISTS "shows" ("id" INTEGER PRIMARY KEY, "title" TEXT, "rundown_path" TEXT,
       "planned_start" TEXT, "started_at" TEXT, "ended_at" TEXT, "last_seen" TEXT)""",
    """CREATE TABLE IF NOT EXISTS "segment_runs" ("id" INTEGER PRIMARY KEY, "show_id" INTEGER REFERENCES "shows"("id"),
       "segment_id" TEXT, "title" TEXT, "exhibitor_id" TEXT, "scene" TEXT, "planned_start" TEXT, "actual_start" TEXT,
       "actual_end" TEXT, "planned_duration_s" REAL, "actual_duration_s" REAL, "over_under_s" REAL, "ended_by" TEXT,
       "taken_by" TEXT, "extended_s" REAL, "held" INTEGER)""",
    """CREATE TABLE IF NOT EXISTS "events" ("id" INTEGER PRIMARY KEY, "show_id" INTEGER REFERENCES "shows"("id"),
       "ts" TEXT, "kind" TEXT, "detail" TEXT)""",
    'CREATE INDEX IF NOT EXISTS "idx_segment_runs_show_id" ON "segment_runs" ("show_id")',
    'CREATE INDEX IF NOT EXISTS "idx_events_show_id_ts" ON "events" ("show_id", "ts")',
)


def default_db_path() -> Path:
    return user_data_path("studio", appauthor=False) / "studio.db"


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_iso(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def create_schema(db: sqlite3.Connection) -> None:
    for statement in SCHEMA:
        db.execute(statement)
    if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    views.create_views(db)  # for Datasette: local times, m:ss, exhibitors (views.py)


class LogInUse(Exception):
    """Another studio process writes its show to this database (the log numbers its rows): a sentence."""


class AsRunLog:
    """The engine's `Recorder`, backed by SQLite through the writer's log lane."""

    def __init__(self, path: Path, journal: Path | None = None) -> None:
        """`journal`: where records wait while the database refuses them (default: `journal_path`)."""
        self.path = path
        self.health = Health(True)
        self._on_health: Callable[[Health], None] | None = None
        self._publish: Callable[[bool, str, int], None] | None = None  # LogHealth on the bus, once report_health is called
        self._slow = False  # the director was told the database is slow (check_lag)
        claimed = Journal(journal or journal_path(path))
        try:
            claimed.claim()
        except OSError:
            raise LogInUse(f"Another studio is writing its show to {path}: give this one a database of its own "
                           f"(--db).") from None
        try:
            self.writer = Writer(path, create_schema, journal=claimed, on_health=self._health_changed)
        except Exception:
            claimed.close()
            raise
        self._ids = {table: itertools.count(first) for table, first in self._first_free_ids().items()}

    @property
    def journal(self) -> Path:
        assert self.writer.journal is not None
        return self.writer.journal.path

    def close(self) -> None:
        self.writer.close()

    # ----- Recorder ---------------------------------------------------------------------

    def open_show(self, title: str, rundown_path: str, planned_start: datetime, exhibitors: Iterable[Exhibitor]) -> int:
        show_id = next(self._ids["shows"])
        offset = planned_start.utcoffset()
        self._record([_insert("shows", id=show_id, title=title, rundown_path=rundown_path,
                              planned_start=iso(planned_start), timezone=str(planned_start.tzinfo or "UTC"),
                              utc_offset_min=0 if offset is None else round(offset.total_seconds() / 60))], shows=show_id)
        self._save_exhibitors(tuple(exhibitors))
        return show_id

    def transition(self, show_id: int, end: RunEnd | None, start: RunStart | None) -> int | None:
        statements: list[Statement] = []
        if end is not None:
            statements.append(("UPDATE segment_runs SET actual_end = ?, actual_duration_s = ?, over_under_s = ?, ended_by = ? "
                               "WHERE id = ?", (iso(end.actual_end), round(end.actual_duration_s, 3),
                                                round(end.over_under_s, 3), end.ended_by, end.row_id)))
        moment = iso(end.actual_end if start is None else start.actual_start)  # type: ignore[union-attr]
        statements.append(("UPDATE shows SET last_seen = ?, started_at = COALESCE(started_at, ?) WHERE id = ?",
                           (moment, None if start is None else moment, show_id)))
        if start is None:
            self._record(statements)
            return None
        run_id = next(self._ids["segment_runs"])
        statements.append(_insert("segment_runs", id=run_id, **_segment_columns(show_id, start.segment, start.planned_start),
                                  actual_start=iso(start.actual_start), taken_by=start.taken_by, extended_s=0.0, held=0))
        self._record(statements, segment_runs=run_id)
        return run_id

    def skipped(self, show_id: int, segment: Segment, planned_start: datetime, *, how: str = "skip") -> None:
        run_id = next(self._ids["segment_runs"])
        self._record([_insert("segment_runs", id=run_id, **_segment_columns(show_id, segment, planned_start),
                              actual_duration_s=0.0, over_under_s=-segment.duration, ended_by=how, extended_s=0.0,
                              held=0)], segment_runs=run_id)

    def update_run(self, row_id: int, *, extended_s: float, held: bool) -> None:
        self._record([("UPDATE segment_runs SET extended_s = ?, held = ? WHERE id = ?", (extended_s, int(held), row_id))])

    def close_show(self, show_id: int, ended_at: datetime) -> None:
        self._record([("UPDATE shows SET ended_at = ?, last_seen = ? WHERE id = ?", (iso(ended_at), iso(ended_at), show_id))])

    def event(self, show_id: int | None, at: datetime, kind: str, detail: dict[str, Any]) -> None:
        event_id = next(self._ids["events"])
        self._record([_insert("events", id=event_id, show_id=show_id, ts=iso(at), kind=kind,
                              detail=json.dumps(detail, ensure_ascii=False, default=str))], events=event_id)

    def heartbeat(self, show_id: int, at: datetime) -> None:
        """Note that the show is alive, so a resume can say how long the gap was."""
        self._record([("UPDATE shows SET last_seen = ? WHERE id = ?", (iso(at), show_id))])

    def follow(self, bus: EventBus, show_id: Callable[[], int | None], to_wall: Callable[[float], datetime]) -> Callable[[], None]:
        """Record every notice published on the bus (OBS lost, orders refused, ...) and every `LogHealth`."""
        def record(event: Notice | LogHealth) -> None:
            detail: dict[str, Any]
            if isinstance(event, Notice):
                kind, detail = f"{event.source}.{event.level}", {"message": event.message}
            else:
                kind, detail = "log_health", {"ok": event.ok, "message": event.message, "pending": event.pending}
            self.event(show_id(), to_wall(event.at), kind, detail)
        return bus.subscribe(record, Notice, LogHealth)

    def report_health(self, bus: EventBus, post: Callable[[Callable[[], None]], None], now: Callable[[], float]) -> None:
        """Publish `LogHealth` when the database starts refusing writes and when it accepts them again.

        `post` runs work on the show loop (the bus is published on it); `now` reads the show clock.
        """
        def publish(ok: bool, message: str, pending: int) -> None:
            bus.publish(LogHealth(now(), ok, message, pending))

        self._publish = publish
        self._on_health = lambda health: post(lambda: publish(health.ok, self.describe(health), health.pending))
        if not self.health.ok:  # refusing since the open (the journal could not be replayed)
            self._on_health(self.health)

    def check_lag(self) -> None:
        """On the show loop, every LAG_CHECK_S: publish `LogHealth` when the database accepts writes but the
        oldest as-run record has waited more than SLOW_S for it (a stalled disk: a commit that takes seconds
        without failing), and again when it has caught up. A refusal says so itself (report_health)."""
        waited, waiting = self.writer.lag()
        slow = waited > SLOW_S
        if not self.health.ok:  # refusing: that sentence, and its recovery, are the director's
            self._slow = False
        elif slow != self._slow and self._publish is not None:
            self._slow = slow
            records = "1 record" if waiting == 1 else f"{waiting} records"
            message = (f"The as-run database is slow: {records} of what airs have waited {waited:.0f} s to be "
                       f"written. The show goes on; they are kept in memory and written as soon as the disk answers."
                       if slow else "The as-run database keeps up again: what aired meanwhile is written.")
            self._publish(not slow, message, waiting)

    def describe(self, health: Health) -> str:
        """The one sentence the director reads."""
        if health.ok:
            kept = f"; the {health.written} records kept meanwhile are in it, in order" if health.written else ""
            return f"The as-run database accepts writes again{kept}."
        where = f"in {self.journal}" if health.journaled else "in memory only (the journal cannot be written either)"
        return (f"The as-run database refuses writes ({health.reason}): the show goes on, what airs is kept {where} "
                f"and written as soon as the database accepts it, and orders are refused meanwhile (shops send them again).")

    # ----- reading ----------------------------------------------------------------------

    def resume_point(self, rundown_path: str) -> ResumePoint | None:
        """The latest show of this rundown that never ended, as the log kept it."""
        self.writer.flush()
        with _reader(self.path) as db:
            show = db.execute("SELECT * FROM shows WHERE rundown_path = ? AND ended_at IS NULL ORDER BY id DESC LIMIT 1",
                              [rundown_path]).fetchone()
            if show is None:
                return None
            runs = tuple(
                LoggedRun(row["id"], row["segment_id"], parse_iso(row["actual_start"]), parse_iso(row["actual_end"]),
                          row["ended_by"], row["taken_by"], row["extended_s"] or 0.0, bool(row["held"]))
                for row in db.execute("SELECT * FROM segment_runs WHERE show_id = ? ORDER BY id", [show["id"]]))
            delays = tuple((str(detail.get("delay")), bool(detail.get("applied"))) for detail in (
                json.loads(row[0]) for row in db.execute("SELECT detail FROM events WHERE show_id = ? AND kind = 'delay' ORDER BY id",
                                                         [show["id"]])))
            timers = {detail["timer"]: TimerState.from_detail(detail) for detail in (  # the last state of each
                json.loads(row[0]) for row in db.execute("SELECT detail FROM events WHERE show_id = ? AND kind = ? ORDER BY id",
                                                         [show["id"], TIMER_STATE]))}
        planned_start = datetime.fromisoformat(show["planned_start"])
        last_seen = parse_iso(show["last_seen"] or show["started_at"]) or planned_start
        return ResumePoint(show["id"], planned_start, parse_iso(show["started_at"]), last_seen, runs, delays,
                           tuple(timers.values()))

    # ----- internals ----------------------------------------------------------------------

    def _record(self, statements: list[Statement], **ids: int) -> None:
        self.writer.record(Record(tuple(statements), ids))

    def _first_free_ids(self) -> dict[str, int]:
        """After the largest id in the database and in the records the journal still held."""
        with _reader(self.path) as db:
            largest = {table: db.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0] for table in TABLES}
        for record in self.writer.replayed:
            for table, row_id in record.ids.items():
                largest[table] = max(largest[table], row_id)
        return {table: row_id + 1 for table, row_id in largest.items()}

    def _save_exhibitors(self, exhibitors: tuple[Exhibitor, ...]) -> None:
        """On the work lane, like orders: the show waits for none of it."""
        def save(db: sqlite3.Connection) -> None:
            views.create_views(db)  # orders_local, once the orders table exists
            views.save_exhibitors(db, exhibitors)

        def saved(future: Future[None]) -> None:
            if future.exception() is not None:
                log.warning("the show's exhibitors were not saved: %s", future.exception())
        self.writer.submit(save).add_done_callback(saved)

    def _health_changed(self, health: Health) -> None:
        """On the writer's thread."""
        self.health = health
        if self._on_health is not None:
            self._on_health(health)


def _insert(table: str, **row: Any) -> Statement:
    """Idempotent: a record replayed from the journal finds its row there and leaves it."""
    return (f"INSERT OR IGNORE INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))


def _segment_columns(show_id: int, segment: Segment, planned_start: datetime) -> dict[str, Any]:
    return {"show_id": show_id, "segment_id": segment.id, "title": segment.title, "exhibitor_id": segment.exhibitor,
            "scene": segment.scene, "planned_start": iso(planned_start), "planned_duration_s": segment.duration}


@contextmanager
def _reader(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection of its own (WAL lets it read while the writer writes)."""
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
        db.row_factory = sqlite3.Row
        yield db
