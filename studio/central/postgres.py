"""The event's PostgreSQL: every stage's rows, keyed by (stage, local id), and how far each stage has shipped.

Each table keeps a stage's row as its SQLite log has it, whole, as JSON: a column added to
the as-run log reaches the event's database without a migration here. Upserts make a row
sent twice (a retry after a lost answer) the same row; the rows and the new high-water
mark are committed together, so the mark never runs ahead of what is stored.
"""

from __future__ import annotations

import json
from typing import Iterable

import psycopg

from studio.central.outbox import TABLES, Change

MARKS = "stage_marks"
SCHEMA = [
    *(f"CREATE TABLE IF NOT EXISTS {table} (stage TEXT NOT NULL, local_id BIGINT NOT NULL, data JSONB NOT NULL, "
      f"shipped_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (stage, local_id))" for table in TABLES),
    f"CREATE TABLE IF NOT EXISTS {MARKS} (stage TEXT PRIMARY KEY, outbox BIGINT NOT NULL)",
]


def connect(url: str) -> psycopg.Connection:
    """A connection with the tables made (concurrent stages may race to make them: one wins, the others wait)."""
    connection = psycopg.connect(url, connect_timeout=5)
    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(1917)")  # CREATE IF NOT EXISTS is not safe in parallel
        for statement in SCHEMA:
            connection.execute(statement)
    return connection


def mark(connection: psycopg.Connection, stage: str) -> int:
    """The stage's outbox position already stored (0: nothing yet)."""
    with connection.transaction():
        row = connection.execute(f"SELECT outbox FROM {MARKS} WHERE stage = %s", [stage]).fetchone()
    return 0 if row is None else int(row[0])


def store(connection: psycopg.Connection, stage: str, changes: Iterable[Change], last: int) -> None:
    """Upsert the changed rows and move the stage's mark to `last`, in one transaction."""
    latest: dict[tuple[str, int], str] = {}
    for change in changes:
        if change.row is not None:  # the newest state of a row changed several times is sent once
            latest[(change.table, change.row["id"])] = json.dumps(change.row, ensure_ascii=False)
    with connection.transaction(), connection.cursor() as cursor:
        for table in TABLES:
            rows = [(stage, local_id, data) for (tbl, local_id), data in latest.items() if tbl == table]
            if rows:
                cursor.executemany(f"INSERT INTO {table} (stage, local_id, data) VALUES (%s, %s, %s) "
                                   "ON CONFLICT (stage, local_id) DO UPDATE SET data = EXCLUDED.data, shipped_at = now()",
                                   rows)
        cursor.execute(f"INSERT INTO {MARKS} (stage, outbox) VALUES (%s, %s) "
                       "ON CONFLICT (stage) DO UPDATE SET outbox = EXCLUDED.outbox", [stage, last])
