"""The event's PostgreSQL: every stage's rows, keyed by (stage, key) (studio/central/keys.py), and how far each
studio's database has shipped.

Each table keeps a row as the SQLite log that shipped it has it, whole, as JSON: a column
added to the as-run log reaches the event's database without a migration here. Upserts make
a row sent twice (a retry after a lost answer, or a standby's copy of its primary's row) one
row; the rows and the new high-water mark are committed together, so the mark never runs
ahead of what is stored. When two studios send one row (a hot standby and its primary),
what one knows is not undone by the other: an ended run or show is never replaced by an
open one, a copied run ("primary") never replaces the run it copies (a run the standby
ended keeps the primary's start), and a row keeps the local ids of whoever sent it first.
"""

from __future__ import annotations

import json
from typing import Iterable

import psycopg

from studio.central.outbox import TABLES, Change
from studio.central.keys import ShowKey, keyed

MARKS = "outbox_marks"
SCHEMA = [
    *(f"CREATE TABLE IF NOT EXISTS {table} (stage TEXT NOT NULL, key TEXT NOT NULL, show_key TEXT, "
      f"local_id BIGINT NOT NULL, data JSONB NOT NULL, shipped_at TIMESTAMPTZ NOT NULL DEFAULT now(), "
      f"PRIMARY KEY (stage, key))" for table in TABLES),
    f"CREATE TABLE IF NOT EXISTS {MARKS} (origin TEXT PRIMARY KEY, stage TEXT NOT NULL, outbox BIGINT NOT NULL)",
]
KEEP = {  # per table: when a row sent again replaces the one stored (besides its local ids, kept as first sent)
    "shows": "t.data->>'ended_at' IS NULL OR EXCLUDED.data->>'ended_at' IS NOT NULL",
    "segment_runs": "(t.data->>'actual_end' IS NULL OR EXCLUDED.data->>'actual_end' IS NOT NULL) "
                    "AND EXCLUDED.data->>'ended_by' IS DISTINCT FROM 'primary'",
}
FIRST_SENT = {  # the fields of a row that stay as first sent: the primary's ids, and how and when its run was taken
    "shows": "jsonb_build_object('id', t.data->'id')",
    "segment_runs": "jsonb_build_object('id', t.data->'id', 'show_id', t.data->'show_id') || CASE WHEN "
                    "EXCLUDED.data->>'taken_by' = 'primary' THEN jsonb_build_object('taken_by', t.data->'taken_by', "
                    "'actual_start', t.data->'actual_start') ELSE '{}'::jsonb END",
}


class OlderTables(Exception):
    """The event's database has tables an older studio made, keyed another way: nothing can be stored in them."""


def connect(url: str) -> psycopg.Connection:
    """A connection with the tables made (concurrent stages may race to make them: one wins, the others wait).
    Raises OlderTables when an earlier build of studio made them, keying rows by local id."""
    connection = psycopg.connect(url, connect_timeout=5)
    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(1917)")  # CREATE IF NOT EXISTS is not safe in parallel
        for statement in SCHEMA:
            connection.execute(statement)
        keyless = connection.execute(
            "SELECT table_name FROM information_schema.tables t WHERE table_schema = current_schema() "
            "AND table_name = ANY(%s) AND NOT EXISTS (SELECT 1 FROM information_schema.columns c WHERE "
            "c.table_schema = t.table_schema AND c.table_name = t.table_name AND c.column_name = 'key') "
            "ORDER BY table_name", [list(TABLES)]).fetchall()
    if keyless:
        connection.close()
        many = len(keyless) > 1
        raise OlderTables(f"an older studio made its {', '.join(row[0] for row in keyless)} table{'s' if many else ''}: "
                          f"give --central-db a new database, or drop {'them' if many else 'it'} there")
    return connection


def mark(connection: psycopg.Connection, origin: str) -> int:
    """The database's outbox position already stored (0: nothing yet)."""
    with connection.transaction():
        row = connection.execute(f"SELECT outbox FROM {MARKS} WHERE origin = %s", [origin]).fetchone()
    return 0 if row is None else int(row[0])


def known_show(connection: psycopg.Connection, stage: str, title: str, planned_start: str, own: str,
               taken_over: bool = False) -> str | None:
    """The key of the stage's show another studio shipped with this title and planned start (within a second:
    the two studios' clocks differ a little), newest first; None if there is none. With `taken_over`, only a
    show that studio took over (its `took_over` event shipped): a primary's own show, shipped after its standby's
    copy, is that copy, while a rerun of the same rundown from the same studio stays a show of its own."""
    copy = ("AND EXISTS (SELECT 1 FROM events e WHERE e.stage = shows.stage AND e.show_key = shows.key "
            "AND e.data->>'kind' = 'took_over') " if taken_over else "")
    with connection.transaction():
        row = connection.execute(
            "SELECT key FROM shows WHERE stage = %s AND key <> %s AND data->>'title' = %s AND "
            "abs(extract(epoch FROM (data->>'planned_start')::timestamptz - %s::timestamptz)) < 1 "
            f"{copy}ORDER BY shipped_at DESC LIMIT 1", [stage, own, title, planned_start]).fetchone()
    return None if row is None else str(row[0])


def store(connection: psycopg.Connection, stage: str, origin: str, changes: Iterable[Change], last: int,
          show_key: ShowKey) -> None:
    """Upsert the changed rows and move the database's mark to `last`, in one transaction."""
    latest: dict[tuple[str, str], tuple[str | None, int, str]] = {}
    for change in changes:
        if change.row is not None:  # the newest state of a row changed several times is sent once
            key, show = keyed(change, origin, show_key)
            latest[(change.table, key)] = (show, change.row["id"], json.dumps(change.row, ensure_ascii=False))
    with connection.transaction(), connection.cursor() as cursor:
        for table in TABLES:
            rows = [(stage, key, show, local_id, data) for (tbl, key), (show, local_id, data) in latest.items()
                    if tbl == table]
            if rows:
                first = FIRST_SENT.get(table, "jsonb_build_object('id', t.data->'id')")
                cursor.executemany(f"INSERT INTO {table} AS t (stage, key, show_key, local_id, data) "
                                   "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (stage, key) DO UPDATE SET "
                                   f"data = EXCLUDED.data || {first}, shipped_at = now() "
                                   f"WHERE {KEEP.get(table, 'true')}", rows)
        cursor.execute(f"INSERT INTO {MARKS} (origin, stage, outbox) VALUES (%s, %s, %s) "
                       "ON CONFLICT (origin) DO UPDATE SET outbox = EXCLUDED.outbox, stage = EXCLUDED.stage",
                       [origin, stage, last])

