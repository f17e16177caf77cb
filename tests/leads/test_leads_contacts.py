"""Buyers' contacts kept from shop orders over HTTP, only when the order carries consent."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest
from leadkit import leads, with_consent
from shopkit import order_body, payload, stored

from showkit import wait_until

ORDERS = [
    ("/orders", order_body(), "studio", ("Chloé", "Petit", "chloe@example.com", "+33 1 23 45 67 89", None)),
    ("/webhooks/woocommerce", payload("woocommerce-order-created.json"), "woocommerce",
     ("Jean", "Dupont", "atelier@garage-dupont.example", "+33 4 73 00 00 00", "Garage Dupont")),
    ("/webhooks/shopify", payload("shopify-orders-create.json"), "shopify",
     ("Claire", "Martin", "contact@carrosserie-martin.example", None, "Carrosserie Martin")),
]


@pytest.mark.parametrize("path, body, source, contact", ORDERS)
def test_an_order_with_consent_keeps_its_buyers_contact_credited_like_the_order(live, shop, path, body, source, contact):
    reply = shop.post(path, with_consent(body, source))
    assert reply.status == 201, reply.body
    [row] = leads(live.db_path)  # committed with the order, before its answer
    assert (row["source"], row["lead_id"], row["kind"], row["consent"]) == (source, reply.body["order"], "order", 1)
    assert (row["first_name"], row["last_name"], row["email"], row["phone"], row["company"]) == contact
    assert (row["exhibitor_id"], row["segment_id"], row["show_id"]) == (
        reply.body["exhibitor"], reply.body["segment"], live.show_id)


@pytest.mark.parametrize("path, body, source, contact", ORDERS)
def test_an_order_without_consent_keeps_no_contact(live, shop, path, body, source, contact):
    assert shop.post(path, body).status == 201
    assert leads(live.db_path) == []


def test_a_replayed_order_keeps_its_contact_once(live, shop):
    body = with_consent(payload("woocommerce-order-created.json"), "woocommerce")
    assert [shop.post("/webhooks/woocommerce", body).status for _ in range(2)] == [201, 200]
    assert len(leads(live.db_path)) == 1


def test_a_refusing_database_refuses_the_order_and_its_contact_together(live, shop):
    body = with_consent(payload("woocommerce-order-created.json"), "woocommerce")
    with closing(sqlite3.connect(live.db_path, isolation_level=None)) as blocker:
        blocker.execute("BEGIN EXCLUSIVE")
        assert shop.post("/webhooks/woocommerce", body).status == 503
        blocker.execute("ROLLBACK")
    assert stored(live.db_path) == [] and leads(live.db_path) == []
    assert wait_until(lambda: shop.post("/webhooks/woocommerce", body).status == 201, timeout=5)  # the shop retries
    assert len(stored(live.db_path)) == 1 and len(leads(live.db_path)) == 1


def test_a_consent_flag_of_another_type_is_no_consent_and_the_order_is_taken(live, shop):
    order = json.loads(payload("shopify-orders-create.json"))
    order["buyer_accepts_marketing"] = ["yes"]
    assert shop.post("/webhooks/shopify", json.dumps(order).encode()).status == 201
    assert len(stored(live.db_path)) == 1 and leads(live.db_path) == []
