"""The `orders` table: every accepted order, once, written through the show's one writer.

The stored key is unique, so a replayed order (a shop retrying a webhook, a JSONL file
read again after a restart) is found and not stored twice. docs/database.md describes
every column.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from studio.storage.asrun import iso, parse_iso
from studio.orders.model import AcceptedOrder, Item, Order

COLUMNS = ("order_id", "source", "received_at", "placed_at", "amount", "currency", "customer", "exhibitor_id",
           "segment_id", "show_id", "items", "raw")
_INSERT = f"INSERT OR IGNORE INTO orders ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
_STORED = "SELECT exhibitor_id, segment_id FROM orders WHERE order_id = ?"


def create_orders_table(db: sqlite3.Connection) -> None:
    db.execute("""CREATE TABLE IF NOT EXISTS "orders" ("id" INTEGER PRIMARY KEY, "order_id" TEXT NOT NULL,
        "source" TEXT NOT NULL, "received_at" TEXT NOT NULL, "placed_at" TEXT, "amount" REAL NOT NULL,
        "currency" TEXT NOT NULL, "customer" TEXT, "exhibitor_id" TEXT, "segment_id" TEXT, "show_id" INTEGER,
        "items" TEXT, "raw" TEXT)""")
    db.execute('CREATE UNIQUE INDEX IF NOT EXISTS "idx_orders_order_id" ON "orders" ("order_id")')
    db.execute('CREATE INDEX IF NOT EXISTS "idx_orders_show_id" ON "orders" ("show_id")')
    db.execute('CREATE INDEX IF NOT EXISTS "idx_orders_show_id_segment_id" ON "orders" ("show_id", "segment_id")')


@dataclass(frozen=True)
class Stored:
    """What the table holds for an order's key after an insert: new, or found from before."""

    key: str
    new: bool
    exhibitor_id: str | None
    segment_id: str | None


def insert_one(db: sqlite3.Connection, accepted: AcceptedOrder) -> Stored | Exception:
    """Store the order unless its key is there already; an error is returned, not raised, so it
    stays this order's alone (a failed statement undoes only itself) and the batch goes on."""
    key = accepted.order.key
    try:
        if db.execute(_INSERT, _values(accepted)).rowcount == 1:
            return Stored(key, True, accepted.exhibitor_id, accepted.segment_id)
        exhibitor_id, segment_id = db.execute(_STORED, [key]).fetchone()
        return Stored(key, False, exhibitor_id, segment_id)
    except sqlite3.Error as exc:
        return exc


def stored_orders(path: Path, show_id: int) -> list[AcceptedOrder]:
    """The orders credited to a show, oldest first, as another reader sees them (to rebuild totals on resume)."""
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
        db.row_factory = sqlite3.Row
        if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'orders'").fetchone() is None:
            return []
        return [_accepted(row) for row in db.execute("SELECT * FROM orders WHERE show_id = ? ORDER BY id", [show_id])]


def _values(accepted: AcceptedOrder) -> list[object]:
    order = accepted.order
    return [order.key, order.source, iso(accepted.received_at), None if order.placed_at is None else iso(order.placed_at),
            order.amount, order.currency, order.customer, accepted.exhibitor_id, accepted.segment_id, accepted.show_id,
            json.dumps([{"sku": i.sku, "qty": i.qty, "price": i.price, "name": i.name} for i in order.items],
                       ensure_ascii=False), order.raw]


def _accepted(row: sqlite3.Row) -> AcceptedOrder:
    source = row["source"]
    prefix = f"{source}:"
    order_id = row["order_id"][len(prefix):] if source != "studio" and row["order_id"].startswith(prefix) else row["order_id"]
    items = tuple(Item(**item) for item in json.loads(row["items"] or "[]"))
    order = Order(order_id, source, row["amount"], row["currency"], items, row["exhibitor_id"], row["customer"],
                  parse_iso(row["placed_at"]), row["raw"] or "")
    received: datetime = parse_iso(row["received_at"])  # type: ignore[assignment]
    return AcceptedOrder(order, received, row["exhibitor_id"], row["segment_id"], row["show_id"], "")
