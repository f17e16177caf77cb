"""Fuzzing the intake over real HTTP: whatever arrives, never a 5xx, and a refusal stores nothing.

A mutated payload may keep the valid one's id with other contents: 409, nothing stored. A shop's
mutated total may be 0: 200 "free", nothing stored."""

from __future__ import annotations

import json
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shopkit import SECRET, Shop, order_body, payload, shop_rundown, stored

from studio.app.session import LiveShow
from studio.orders.config import OrdersConfig

VALID = {
    "/orders": json.loads(order_body()),
    "/webhooks/woocommerce": json.loads(payload("woocommerce-order-created.json")),
    "/webhooks/shopify": json.loads(payload("shopify-orders-create.json")),
}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-10**30, max_value=10**30) | st.floats() |
    st.text(max_size=30) | st.sampled_from(["3490.00", "0", "-1", "1e999", "NaN", "EUR", "2026-11-05T19:42:10Z", "\x00"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12)


@st.composite
def mutated(draw, path: str) -> bytes:
    """A valid payload of the endpoint with some fields replaced, removed, or nested values changed."""
    data = json.loads(json.dumps(VALID[path]))
    for _ in range(draw(st.integers(1, 3))):
        target = data
        lines = data.get("items") or data.get("line_items")
        if isinstance(lines, list) and lines and isinstance(lines[0], dict) and draw(st.booleans()):
            target = lines[0]
        key = draw(st.sampled_from(sorted(target) or ["id"]))
        if draw(st.integers(0, 4)) == 0:
            target.pop(key, None)
        else:
            target[key] = draw(json_values)
    return json.dumps(data, allow_nan=True).encode()


def bodies(path: str):
    return st.one_of(st.binary(max_size=300), json_values.map(lambda v: json.dumps(v).encode()), mutated(path))


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory):
    show = LiveShow(shop_rundown(), tmp_path_factory.mktemp("fuzz") / "studio.db", auto_start=False,
                    orders=OrdersConfig(port=0, secret=SECRET))
    show.run()
    show.go()
    yield show
    show.close()


@pytest.mark.parametrize("path", sorted(VALID))
def test_no_request_gets_a_5xx_and_only_a_201_stores_something(fuzzed, path):
    shop = Shop(fuzzed.api.url)
    seen: set[int] = set()

    @settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(body=bodies(path), signature=st.sampled_from(["sign", "sign", "sign", None, "sha256=00", "AAAA"]))
    def post(body: bytes, signature: str | None) -> None:
        before = len(stored(fuzzed.db_path))
        reply = shop.post(path, body, signature=signature)
        seen.add(reply.status)
        assert reply.status in (200, 201, 400, 401, 409), (reply.status, reply.body, body)
        assert len(stored(fuzzed.db_path)) == before + (reply.status == 201)
        if reply.status in (400, 401, 409):
            assert isinstance(reply.body.get("error"), str) and reply.body["error"]

    post()
    assert {400, 401} <= seen  # the fuzzing reached both checks


def test_random_headers_and_methods_never_get_a_5xx(fuzzed):
    shop = Shop(fuzzed.api.url)

    @settings(max_examples=100, deadline=None)
    @given(method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]),
           path=st.sampled_from([*VALID, "/orders/summary", "/", "/orders/../orders", "/webhooks/x"]),
           header=st.text(alphabet=string.ascii_letters + string.digits + "!#$%&'*+-.^_`|~", min_size=1, max_size=20),
           value=st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40))
    def send(method: str, path: str, header: str, value: str) -> None:
        if header.lower() in ("content-length", "transfer-encoding", "host", "connection"):
            return
        reply = shop.send(method, path, b"{}" if method != "GET" else None, {header: value})
        assert reply.status < 500, (reply.status, reply.body)

    send()
