"""Datasette-ready views and the exhibitors table (docs/database.md, "Open it in Datasette").

The tables keep UTC times, float seconds and float money, for tools. The `*_local` views show
them as a person reads them: times in the show's local time, durations as m:ss, money with two
decimals. SQLite has no time zones, so each show row keeps its timezone's name and its UTC
offset at the planned start (`utc_offset_min`); a view adds that offset with `datetime()`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Iterable

from studio.rundown.model import Exhibitor

SHOW_COLUMNS = {"timezone": "TEXT", "utc_offset_min": "INTEGER"}


def _local(column: str, offset: str = "s.utc_offset_min") -> str:
    return f"datetime({column}, COALESCE({offset}, 0) || ' minutes')"


def _mss(seconds: str) -> str:
    """m:ss, signed (an over/under can be negative); empty stays empty."""
    return (f"CASE WHEN {seconds} IS NULL THEN NULL ELSE (CASE WHEN {seconds} < 0 THEN '-' ELSE '' END) || "
            f"printf('%d:%02d', CAST(round(abs({seconds})) AS INTEGER) / 60, CAST(round(abs({seconds})) AS INTEGER) % 60) END")


VIEWS = (
    f"""CREATE VIEW IF NOT EXISTS "shows_local" AS SELECT s.id, s.title, s.timezone,
       {_local('s.planned_start')} AS planned_start, {_local('s.started_at')} AS started_at,
       {_local('s.ended_at')} AS ended_at, s.rundown_path FROM shows s""",
    f"""CREATE VIEW IF NOT EXISTS "segment_runs_local" AS SELECT r.id, r.show_id, r.segment_id, r.title,
       r.exhibitor_id, e.name AS exhibitor, r.scene, s.timezone, {_local('r.planned_start')} AS planned_start,
       {_local('r.actual_start')} AS actual_start, {_local('r.actual_end')} AS actual_end,
       {_mss('r.planned_duration_s')} AS planned, {_mss('r.actual_duration_s')} AS actual,
       {_mss('r.over_under_s')} AS over_under, r.ended_by, r.taken_by, r.held
       FROM segment_runs r LEFT JOIN shows s ON s.id = r.show_id LEFT JOIN exhibitors e ON e.id = r.exhibitor_id""",
    f"""CREATE VIEW IF NOT EXISTS "events_local" AS SELECT v.id, v.show_id, {_local('v.ts')} AS ts, v.kind,
       json_extract(v.detail, '$.message') AS message, v.detail FROM events v LEFT JOIN shows s ON s.id = v.show_id""",
    f"""CREATE VIEW IF NOT EXISTS "orders_local" AS SELECT o.id, o.show_id, o.source, o.order_id,
       {_local('o.received_at')} AS received_at, printf('%.2f', o.amount) AS amount, o.currency, o.customer,
       o.exhibitor_id, e.name AS exhibitor, o.segment_id
       FROM orders o LEFT JOIN shows s ON s.id = o.show_id LEFT JOIN exhibitors e ON e.id = o.exhibitor_id""",
    # leads without their personal data (names, e-mail, phone, notes stay in the table: docs/leads.md)
    f"""CREATE VIEW IF NOT EXISTS "leads_local" AS SELECT l.id, l.show_id, l.source, l.lead_id, l.kind,
       {_local('l.received_at')} AS received_at, {_local('l.wanted_at')} AS wanted_at, l.consent, l.company, l.product,
       l.exhibitor_id, e.name AS exhibitor, l.segment_id
       FROM leads l LEFT JOIN shows s ON s.id = l.show_id LEFT JOIN exhibitors e ON e.id = l.exhibitor_id""",
    """CREATE VIEW IF NOT EXISTS "leads_count" AS SELECT l.show_id, l.exhibitor_id, e.name AS exhibitor, l.segment_id,
       l.kind, COUNT(*) AS leads, SUM(l.consent) AS with_consent
       FROM leads l LEFT JOIN exhibitors e ON e.id = l.exhibitor_id GROUP BY l.show_id, l.exhibitor_id, l.segment_id, l.kind""",
)
NEEDS = {"orders": ('"orders_local"',), "leads": ('"leads_local"', '"leads_count"')}  # views of tables made later


def create_views(db: sqlite3.Connection) -> None:
    """Called once when the writer opens the database: add the show columns, the table and the views."""
    have = {row[1] for row in db.execute('PRAGMA table_info("shows")')}
    for column, kind in SHOW_COLUMNS.items():
        if column not in have:
            db.execute(f'ALTER TABLE "shows" ADD COLUMN "{column}" {kind}')
    db.execute('CREATE TABLE IF NOT EXISTS "exhibitors" ("id" TEXT PRIMARY KEY, "name" TEXT)')
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = [name for table, names in NEEDS.items() if table not in tables for name in names]
    for view in VIEWS:
        if not any(name in view for name in missing):
            db.execute(view)


def save_exhibitors(db: sqlite3.Connection, exhibitors: Iterable[Exhibitor]) -> None:
    """Work for the writer's work lane: the rundown's exhibitors, names as the rundown has them now."""
    db.executemany('INSERT INTO "exhibitors" ("id", "name") VALUES (?, ?) ON CONFLICT("id") DO UPDATE SET "name" = excluded."name"',
                   [(exhibitor.id, exhibitor.name) for exhibitor in exhibitors])


def metadata_path() -> Path:
    """The Datasette metadata shipped with studio: `datasette DB --metadata $(studio-path)`."""
    return Path(__file__).with_name("datasette-metadata.json")
