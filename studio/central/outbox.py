"""The SQLite side of shipping: an outbox that names every row written, in the order written.

Triggers on the as-run tables add (table, row id) to `central_outbox` in the same
transaction as the write itself, so a row committed is a row named, and a crash between
the two cannot happen. The shipper reads the outbox after its high-water mark and sends
each named row as it is now. The triggers are installed through the show's one writer.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any


OUTBOX = "central_outbox"
TABLES = ("shows", "segment_runs", "events", "orders")  # what the event's database holds, each keyed by its `id`


@dataclass(frozen=True)
class Change:
    seq: int  # the outbox's own order
    table: str
    row: dict[str, Any] | None  # the row as it is now (None: gone since)


def install(db: sqlite3.Connection) -> None:
    """Create the outbox and its triggers (on the writer); on a database written before, name every row once."""
    existing = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    new = OUTBOX not in existing
    db.execute(f"CREATE TABLE IF NOT EXISTS {OUTBOX} (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row_id INTEGER NOT NULL)")
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

    def after(self, mark: int, limit: int) -> list[Change]:
        """The changes after `mark`, oldest first, at most `limit`, each with its row as it is now."""
        named = self._connection.execute(f"SELECT seq, tbl, row_id FROM {OUTBOX} WHERE seq > ? ORDER BY seq LIMIT ?",
                                         [mark, limit]).fetchall()
        rows: dict[tuple[str, int], dict[str, Any]] = {}
        for table in {tbl for _, tbl, _ in named}:
            ids = sorted({row_id for _, tbl, row_id in named if tbl == table})
            for start in range(0, len(ids), 500):  # SQLite's limit of bound values
                chunk = ids[start:start + 500]
                query = f"SELECT * FROM {table} WHERE id IN ({','.join('?' * len(chunk))})"
                rows.update(((table, row["id"]), dict(row)) for row in self._connection.execute(query, chunk))
        return [Change(seq, tbl, rows.get((tbl, row_id))) for seq, tbl, row_id in named]

    def close(self) -> None:
        self._connection.close()
