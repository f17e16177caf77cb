"""Stock and sales targets through real orders over HTTP, as the push API tells each screen."""

from __future__ import annotations

import json
import time
from typing import Any, Callable, Iterator

import pytest
import websocket
from jsonschema import Draft202012Validator
from promokit import stock_show

from httpkit import request
from showkit import rows, wait_until
from studio.api.push import schema
from studio.app.session import LiveShow
from studio.orders.config import OrdersConfig
from studio.orders.signatures import STUDIO

SECRET, CONTROL, CREW = "orders-secret", "control-t0ken", "crew-t0ken"
TOKENS = {"acme": "acme-t0ken", "bolt": "bolt-t0ken"}
VALIDATOR = Draft202012Validator(schema())


@pytest.fixture
def live(db_dir, monkeypatch) -> Iterator[LiveShow]:  # also the browser views' (test_shop_views.py)
    """Acme's pitch on air, held; orders signed with SECRET; a token per exhibitor."""
    monkeypatch.setenv("STUDIO_CREW_TOKEN", CREW)
    monkeypatch.setenv("STUDIO_EXHIBITOR_TOKENS", ",".join(f"{k}={v}" for k, v in TOKENS.items()))
    show = LiveShow(stock_show(), db_dir / "studio.db", auto_start=False,
                    orders=OrdersConfig(port=0, secret=SECRET, control_token=CONTROL))
    show.run()
    show.go().result(5)
    show.go().result(5)
    assert wait_until(lambda: show.on_air is not None and show.on_air.id == "pitch")
    yield show
    show.close()


def post_order(live: LiveShow, order_id: str, items: list[tuple[str, int, float]]) -> int:
    assert live.api is not None
    body = json.dumps({"id": order_id, "amount": sum(q * p for _, q, p in items), "currency": "EUR",
                       "customer": "Garage Dupont",
                       "items": [{"sku": sku, "qty": qty, "price": price} for sku, qty, price in items]}).encode()
    reply = request("POST", live.api.url + "/orders", body,
                    {"Content-Type": "application/json", STUDIO.header: STUDIO.sign(SECRET, body)})
    return reply.status


def state(live: LiveShow, token: str, test: Callable[[dict], bool] = lambda m: True) -> dict[str, Any]:
    """The first state message passing `test`, as a screen with this token receives it (schema-checked)."""
    assert live.api is not None
    ws = websocket.create_connection(f"ws://127.0.0.1:{live.api.port}/ws?token={token}", timeout=5)
    try:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            message = json.loads(ws.recv())
            VALIDATOR.validate(message)
            if message["type"] == "state" and test(message):
                return message
    finally:
        ws.close()
    raise AssertionError("no such state within 5 s")


def lift(message: dict) -> dict:
    return next(p for p in message["shop"]["acme"]["products"] if p["sku"] == "A-LIFT")


def test_orders_count_the_stock_down_to_sold_out_and_reach_the_target(live: LiveShow) -> None:
    before = state(live, TOKENS["acme"])
    assert before["exhibitor"] == {"id": "acme", "name": "Acme Lifts", "target": 10000.0}
    assert before["shop"]["acme"] == {
        "name": "Acme Lifts", "target": 10000.0, "revenue": 0.0, "met": False, "share": 0.0,
        "products": [{"sku": "A-LIFT", "name": "Lift 3T", "stock": 4, "sold": 0, "left": 4, "status": "low",
                      "words": "only 4 left"},
                     {"sku": "A-JACK", "name": "Jack 2T", "stock": 20, "sold": 0, "left": 20, "status": "in_stock",
                      "words": "20 left"}]}

    assert post_order(live, "o-1", [("A-LIFT", 1, 3490.0)]) == 201
    assert post_order(live, "o-2", [("A-LIFT", 2, 3490.0), ("A-JACK", 1, 290.0)]) == 201
    after = state(live, TOKENS["acme"], lambda m: m["shop"]["acme"]["revenue"] == 10760.0)
    assert lift(after) | {"name": "Lift 3T"} == {"sku": "A-LIFT", "name": "Lift 3T", "stock": 4, "sold": 3, "left": 1,
                                                 "status": "low", "words": "only 1 left"}
    assert (after["shop"]["acme"]["met"], after["shop"]["acme"]["share"]) == (True, 1.076)

    assert post_order(live, "o-3", [("A-LIFT", 2, 3490.0)]) == 201  # one more than is left: the shop's to refuse
    sold_out = state(live, CREW, lambda m: lift(m)["sold"] == 5)
    assert (lift(sold_out)["left"], lift(sold_out)["status"], lift(sold_out)["words"]) == (0, "sold_out", "sold out")
    assert set(sold_out["shop"]) == {"acme", "bolt"}  # the crew sees every exhibitor's
    assert post_order(live, "o-3", [("A-LIFT", 2, 3490.0)]) == 200  # a replay counts nothing twice
    assert lift(state(live, CREW))["sold"] == 5
    assert post_order(live, "o-4", [("A-JACK", 10, 290.0), ("A-JACK", 5, 290.0)]) == 201  # 20 - 1 - 15

    def told() -> list[str]:
        return [r["detail"] for r in rows(live, "events") if r["kind"] == "shop.warning"]
    assert wait_until(lambda: len(told()) == 2)  # the crew hears each change of status once: sold out, then low
    sold_out, low = told()
    assert "Acme Lifts: Lift 3T, sold out." in sold_out and "Acme Lifts: Jack 2T, only 4 left." in low


def test_an_exhibitor_sees_only_its_own_stock_and_target(live: LiveShow) -> None:
    assert post_order(live, "o-1", [("A-LIFT", 1, 3490.0)]) == 201
    bolt = state(live, TOKENS["bolt"])
    assert list(bolt["shop"]) == ["bolt"] and bolt["exhibitor"]["target"] is None
    assert bolt["shop"]["bolt"]["products"][0]["words"] == "only 2 left"
    assert "A-LIFT" not in json.dumps(bolt)
