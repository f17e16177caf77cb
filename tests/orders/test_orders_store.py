"""The orders table's key: (source, id) in two columns, and databases from before it migrated in place."""

from __future__ import annotations

import sqlite_utils

from orderkit import T0
from studio.orders.model import AcceptedOrder, Item, Order
from studio.orders.store import Stored, create_orders_table, insert_one

OLD_ROWS = [("A-1", "studio"), ("shopify:777", "studio"), ("woocommerce:4821", "woocommerce"), ("jsonl:j1", "jsonl"),
            ("simulator:3f9c-1", "simulator")]


def old_database(path) -> sqlite_utils.Database:
    """The table as studio made it before: one unique `order_id`, other sources' ids prefixed with the source."""
    db = sqlite_utils.Database(path)
    db["orders"].create({"id": int, "order_id": str, "source": str, "received_at": str, "placed_at": str,
                         "amount": float, "currency": str, "customer": str, "exhibitor_id": str, "segment_id": str,
                         "show_id": int, "items": str, "raw": str}, pk="id")
    db["orders"].create_index(["order_id"], unique=True)
    db["orders"].insert_all({"order_id": key, "source": source, "received_at": "2026-11-05T18:30:00.000Z",
                             "amount": 10.0, "currency": "EUR", "items": "[]"} for key, source in OLD_ROWS)
    return db


def accepted(order_id: str, source: str, amount: float = 10.0) -> AcceptedOrder:
    return AcceptedOrder(Order(order_id, source, amount, "EUR", (Item("A", 1, amount),)), T0, None, None, 1, "")


def test_an_old_database_is_migrated_to_the_source_and_id_key(db_dir):
    db = old_database(db_dir / "old.db")
    with db.conn:
        create_orders_table(db)
    assert [(row["source"], row["order_id"]) for row in db["orders"].rows] == [
        ("studio", "A-1"), ("studio", "shopify:777"), ("woocommerce", "4821"), ("jsonl", "j1"), ("simulator", "3f9c-1")]
    assert [(index.columns, index.unique) for index in db["orders"].indexes if index.unique] == [(["source", "order_id"], 1)]
    shopify = insert_one(db, accepted("777", "shopify"))  # was swallowed by our "shopify:777" before
    assert isinstance(shopify, Stored) and shopify.new
    again = insert_one(db, accepted("4821", "woocommerce"))
    assert isinstance(again, Stored) and not again.new  # a migrated key is still found
    create_orders_table(db)  # a second start: nothing more to migrate
    assert db["orders"].count == len(OLD_ROWS) + 1


def test_a_replay_is_found_and_other_contents_are_told_apart(db_dir):
    db = sqlite_utils.Database(db_dir / "new.db")
    create_orders_table(db)
    first, same, other = (insert_one(db, one) for one in (accepted("7", "studio"), accepted("7", "studio"),
                                                          accepted("7", "studio", amount=11.0)))
    assert (first.new, same.new, same.amended, other.new, other.amended) == (True, False, False, False, True)
    assert [row["amount"] for row in db["orders"].rows] == [10.0]  # the first is kept
    renamed = AcceptedOrder(Order("7", "studio", 10.0, "EUR", (Item("A", 1, 10.0, "Renamed in the rundown"),)),
                            T0, None, None, 1, "")
    assert not insert_one(db, renamed).amended  # product names come from the rundown, which may change
