"""The SQLite side of shipping: an outbox that names every row written, in the order written.

Triggers on the as-run tables add (table, row id) to `central_outbox` in the same
transaction as the write itself, so a row committed is a row named, and a crash between
the two cannot happen. The shipper reads the outbox after its high-water mark and sends
each named row as it is now. The triggers are installed through the show's one writer, with
the database's origin: a name of its own, drawn once, that keeps its rows apart from another
studio's in the event's database (a hot standby's, studio/central/keys.py).
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any


OUTBOX = "central_outbox"
ORIGIN = "central_origin"
TABLES = ("shows", "segment_runs", "events", "orders")  # what the event's database holds
# a run's place among the runs of its segment in its show (0: first aired): the same on a standby's copy
ORDINAL = ("(SELECT COUNT(*) FROM segment_runs b WHERE b.show_id = segment_runs.show_id "
           "AND b.segment_id = segment_runs.segment_id AND b.id < segment_runs.id) AS _ordinal")


@dataclass(frozen=True)
class Change:
    seq: int  # the outbox's own order
    table: str
    row: dict[str, Any] | None  # the row as it is now (None: gone since)
    ordinal: int = 0  # a run's place among its segment's runs in its show


def install(db: sqlite3.Connection) -> None:
    """Create the outbox and its triggers (on the writer); on a database written before, name every row once."""
    existing = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    new = OUTBOX not in existing
    db.execute(f"CREATE TABLE IF NOT EXISTS {OUTBOX} (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER NOT NULL)")
    db.execute(f"CREATE TABLE IF NOT EXISTS {ORIGIN} (origin TEXT NOT NULL)")
    if db.execute(f"SELECT COUNT(*) FROM {ORIGIN}").fetchone()[0] == 0:
        db.execute(f"INSERT INTO {ORIGIN} (origin) VALUES (?)", [uuid.uuid4().hex[:12]])
    present = [table for table in TABLES if table in existing]
    for table in present:
        for when in ("INSERT", "UPDATE"):
            db.execute(f"CREATE TRIGGER IF NOT EXISTS {OUTBOX}_{table}_{when.lower()} AFTER {when} ON {table} "
                       f"BEGIN INSERT INTO {OUTBOX} (tbl, row_id) VALUES ('{table}', NEW.id); END")
        if new:
            db.execute(f"INSERT INTO {OUTBOX} (tbl, row_id) SELECT '{table}', id FROM {table} ORDER BY id")


class OutboxReader:
    """A read-only connection of its own (WAL: it never waits for the writer), for one thread."""

    def __init__(self, path: Path) -> None:
        self._connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._connection.row_factory = sqlite3.Row

    def origin(self) -> str:
        return str(self._connection.execute(f"SELECT origin FROM {ORIGIN}").fetchone()[0])

    def show(self, show_id: int) -> dict[str, Any] | None:
        row = self._connection.execute("SELECT * FROM shows WHERE id = ?", [show_id]).fetchone()
        return None if row is None else dict(row)

    def taken_over(self, show_id: int) -> bool:
        """Whether this studio took the show over from another (studio/standby/takeover.py logs it)."""
        return self._connection.execute("SELECT 1 FROM events WHERE show_id = ? AND kind = 'took_over'",
                                        [show_id]).fetchone() is not None

    def after(self, mark: int, limit: int) -> list[Change]:
        """The changes after `mark`, oldest first, at most `limit`, each with its row as it is now."""
        named = self._connection.execute(f"SELECT seq, tbl, row_id FROM {OUTBOX} WHERE seq > ? ORDER BY seq LIMIT ?",
                                         [mark, limit]).fetchall()
        rows: dict[tuple[str, int], dict[str, Any]] = {}
        for table in {tbl for _, tbl, _ in named}:
            ids = sorted({row_id for _, tbl, row_id in named if tbl == table})
            columns = f"*, {ORDINAL}" if table == "segment_runs" else "*"
            for start in range(0, len(ids), 500):  # SQLite's limit of bound values
                chunk = ids[start:start + 500]
                query = f"SELECT {columns} FROM {table} WHERE id IN ({','.join('?' * len(chunk))})"
                rows.update(((table, row["id"]), dict(row)) for row in self._connection.execute(query, chunk))
        ordinals = {key: row.pop("_ordinal", 0) for key, row in rows.items()}
        return [Change(seq, tbl, rows.get((tbl, row_id)), ordinals.get((tbl, row_id), 0)) for seq, tbl, row_id in named]

    def close(self) -> None:
        self._connection.close()
