"""Each shop's payload read into an Order, with the variants real shops send."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from shopkit import order_body, payload

from studio.orders.adapters import InvalidOrder, parse_shopify, parse_studio, parse_woocommerce
from studio.orders.model import Item


def test_our_format():
    order = parse_studio(order_body("A-7", placed_at="2026-11-05T19:42:10+01:00", exhibitor="acme",
                                    items=[{"sku": "A-LIFT", "qty": 2, "price": "3490.00", "name": "Pont\n 3T"}]))
    assert (order.key, order.amount, order.exhibitor, order.customer) == (("studio", "A-7"), 3490.0, "acme", "Garage Dupont")
    assert order.items == (Item("A-LIFT", 2, 3490.0, "Pont 3T"),)
    assert order.placed_at == datetime(2026, 11, 5, 18, 42, 10, tzinfo=timezone.utc)
    assert parse_studio(order_body("7"), source="jsonl").key == ("jsonl", "7")


def test_woocommerce_order_created():
    order = parse_woocommerce(payload("woocommerce-order-created.json"))
    assert (order.key, order.amount, order.currency, order.customer) == (("woocommerce", "4821"), 3780.0, "EUR", "Garage Dupont")
    assert [(i.sku, i.qty, round(i.price, 2)) for i in order.items] == [("A-LIFT", 1, 2908.33), ("A-JACK", 1, 241.67)]
    assert order.placed_at == datetime(2026, 11, 5, 18, 42, 10, tzinfo=timezone.utc)  # *_gmt has no offset: UTC


def test_woocommerce_variants_a_guest_with_no_company_and_lines_with_only_a_total():
    data = json.loads(payload("woocommerce-order-created.json"))
    data["billing"]["company"] = ""
    for line in data["line_items"]:
        del line["price"]
        line["quantity"] = 2
    data["line_items"][0]["sku"] = ""
    order = parse_woocommerce(json.dumps(data).encode())
    assert order.customer == "Jean Dupont"
    assert [(i.sku, round(i.price, 3)) for i in order.items] == [(None, 1454.165), ("A-JACK", 120.835)]


def test_shopify_orders_create():
    order = parse_shopify(payload("shopify-orders-create.json"))
    assert (order.key, order.amount, order.customer) == (("shopify", "5940139491234"), 2890.0, "Carrosserie Martin")
    assert order.items == (Item("B-TYRE", 1, 2890.0, "Démonte-pneus 24 pouces - Standard"),)
    assert order.placed_at == datetime(2026, 11, 5, 18, 43, 5, tzinfo=timezone.utc)


def test_shopify_guest_checkout_has_no_customer_object():
    data = json.loads(payload("shopify-orders-create.json"))
    data["customer"] = None
    data["billing_address"] = {"first_name": "Luc", "last_name": "Petit", "company": None}
    data["line_items"][0]["sku"] = None
    order = parse_shopify(json.dumps(data).encode())
    assert order.customer is None and order.items[0].sku is None


@pytest.mark.parametrize("change, field", [
    ({"total_price": "-3.00"}, "total_price"),
    ({"currency": 978}, "currency"),
    ({"line_items": None}, "line_items"),
    ({"customer": "Claire"}, "customer"),
    ({"created_at": "5 nov"}, "created_at"),
    ({"id": 1.5}, "id"),
])
def test_shopify_refusals_name_the_shop_field(change, field):
    data = {**json.loads(payload("shopify-orders-create.json")), **change}
    with pytest.raises(InvalidOrder) as refused:
        parse_shopify(json.dumps(data).encode())
    assert refused.value.field == field
