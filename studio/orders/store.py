"""The `orders` table: every accepted order, once, written through the show's one writer.

An order's key is its source and its id as that source sent it, two columns under one
unique index: no payload can forge another source's key (our order with the id
`shopify:777` and Shopify's order 777 are two orders). A replayed order (a shop retrying a
webhook, a JSONL file read again after a restart) is found and not stored twice; one that
comes back with other contents under the same key is found too and told apart (`amended`).
docs/database.md describes every column.
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
CONTENT = ("placed_at", "amount", "currency", "customer")  # with the lines' sku, qty and price: the same order
KEY = ["source", "order_id"]
_INSERT = f"INSERT OR IGNORE INTO orders ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
_STORED = f"SELECT exhibitor_id, segment_id, items, {', '.join(CONTENT)} FROM orders WHERE source = ? AND order_id = ?"


def create_orders_table(db: sqlite3.Connection) -> None:
    db.execute("""CREATE TABLE IF NOT EXISTS "orders" ("id" INTEGER PRIMARY KEY, "order_id" TEXT NOT NULL,
        "source" TEXT NOT NULL, "received_at" TEXT NOT NULL, "placed_at" TEXT, "amount" REAL NOT NULL,
        "currency" TEXT NOT NULL, "customer" TEXT, "exhibitor_id" TEXT, "segment_id" TEXT, "show_id" INTEGER,
        "items" TEXT, "raw" TEXT)""")
    _migrate_prefixed_keys(db)
    db.execute('CREATE UNIQUE INDEX IF NOT EXISTS "idx_orders_source_order_id" ON "orders" ("source", "order_id")')
    db.execute('CREATE INDEX IF NOT EXISTS "idx_orders_show_id" ON "orders" ("show_id")')
    db.execute('CREATE INDEX IF NOT EXISTS "idx_orders_show_id_segment_id" ON "orders" ("show_id", "segment_id")')


def _migrate_prefixed_keys(db: sqlite3.Connection) -> None:
    """Databases before the (source, order_id) key kept one unique `order_id` column, other sources' ids
    prefixed with the source ("shopify:777"): strip the prefix and drop that index (in the caller's transaction)."""
    old = [name for _, name, unique, *_ in db.execute("PRAGMA index_list(orders)").fetchall()
           if unique and [column for _, _, column in db.execute(f'PRAGMA index_info("{name}")')] == ["order_id"]]
    if not old:
        return
    db.execute("UPDATE orders SET order_id = substr(order_id, length(source) + 2) "
               "WHERE source != 'studio' AND substr(order_id, 1, length(source) + 1) = source || ':'")
    for name in old:
        db.execute(f"DROP INDEX [{name}]")


@dataclass(frozen=True)
class Stored:
    """What the table holds for an order's key after an insert: new, found from before, or found with other contents."""

    source: str
    order_id: str
    new: bool
    exhibitor_id: str | None
    segment_id: str | None
    amended: bool = False  # the key was stored before with other contents: the first is kept


def insert_one(db: sqlite3.Connection, accepted: AcceptedOrder) -> Stored | Exception:
    """Store the order unless its key is there already; an error is returned, not raised, so it
    stays this order's alone (a failed statement undoes only itself) and the batch goes on."""
    order = accepted.order
    values = _values(accepted)
    try:
        if db.execute(_INSERT, values).rowcount == 1:
            return Stored(order.source, order.order_id, True, accepted.exhibitor_id, accepted.segment_id)
        exhibitor_id, segment_id, items, *content = db.execute(_STORED, list(order.key)).fetchone()
        lines = [(line["sku"], line["qty"], line["price"]) for line in json.loads(items or "[]")]
        amended = (content != [values[COLUMNS.index(column)] for column in CONTENT]
                   or lines != [(item.sku, item.qty, item.price) for item in order.items])
        return Stored(order.source, order.order_id, False, exhibitor_id, segment_id, amended)
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
    return [order.order_id, order.source, iso(accepted.received_at), None if order.placed_at is None else iso(order.placed_at),
            order.amount, order.currency, order.customer, accepted.exhibitor_id, accepted.segment_id, accepted.show_id,
            json.dumps([{"sku": i.sku, "qty": i.qty, "price": i.price, "name": i.name} for i in order.items],
                       ensure_ascii=False), order.raw]


def _accepted(row: sqlite3.Row) -> AcceptedOrder:
    items = tuple(Item(**item) for item in json.loads(row["items"] or "[]"))
    order = Order(row["order_id"], row["source"], row["amount"], row["currency"], items, row["exhibitor_id"],
                  row["customer"], parse_iso(row["placed_at"]), row["raw"] or "")
    received: datetime = parse_iso(row["received_at"])  # type: ignore[assignment]
    return AcceptedOrder(order, received, row["exhibitor_id"], row["segment_id"], row["show_id"], "")
