"""Hostile requests against a real show's listener on loopback (issue 13): each class is refused with a
status and a sentence, never a 500, and nothing of it is stored, counted or put on screen."""

from __future__ import annotations

import http.client
import json
import time
from datetime import datetime, timezone
from typing import Iterator

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from orders.shopkit import SECRET, Shop, order_body, payload, published, shop_rundown, stored

from httpkit import Reply, request
from showkit import Recorded, rows
from studio.app.session import LiveShow
from studio.api.server import ApiServer
from studio.orders.config import OrdersConfig
from studio.orders.model import AcceptedOrder, Order
from studio.orders.store import Stored, create_orders_table, insert_one
from studio.show.events import Notice, PresenterMessage

TOKEN = "hostile-token"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
WOO = "woocommerce-order-created.json"
SHOPIFY = "shopify-orders-create.json"
DEEP = b"[" * 50_000 + b"]" * 50_000


@pytest.fixture
def live(db_dir) -> Iterator[LiveShow]:
    """A show waiting for GO with its listener on a free loopback port: the orders secret and a control token set."""
    show = LiveShow(shop_rundown(), db_dir / "studio.db", auto_start=False,
                    orders=OrdersConfig(port=0, secret=SECRET, control_token=TOKEN))
    show.received = Recorded(show.bus)  # type: ignore[attr-defined]
    show.run()
    yield show
    show.close()


@pytest.fixture
def shop(live: LiveShow) -> Shop:
    return Shop(live.api.url)


def raw(port: int, method: str, path: str, headers: list[tuple[str, bytes | str]], body: bytes = b"",
        host: bytes | str | None = None) -> Reply:
    """One request with headers as given, bytes included, and any Host (None: the right one)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", f"127.0.0.1:{port}" if host is None else host)
        for name, value in [*headers, ("Content-Length", str(len(body)))]:
            connection.putheader(name, value)
        connection.endheaders(body)
        response = connection.getresponse()
        text = response.read()
        try:
            return Reply(response.status, json.loads(text) if text else {})
        except ValueError:
            return Reply(response.status, {"text": text.decode(errors="replace")})
    finally:
        connection.close()


def summary(shop: Shop) -> dict:
    return shop.send("GET", "/orders/summary", headers=BEARER).body["show"]


def notices(live: LiveShow, words: str) -> list[Notice]:
    live.loop.post(lambda: None)
    time.sleep(0.05)  # notices are posted to the show loop
    return [n for n in live.received.of(Notice) if words in n.message]


def shown(live: LiveShow) -> list[str]:
    """What reached the presenter screen, once everything posted before has run."""
    live.state_future().result(2)
    return [m.text for m in live.received.of(PresenterMessage)]


def shop_order(name: str, **fields) -> bytes:
    data = json.loads(payload(name))
    data.update(fields)
    return json.dumps(data).encode()


# ----- one shop cannot swallow another's order ---------------------------------------------------


@pytest.mark.parametrize("path, name, total", [("/webhooks/shopify", SHOPIFY, "total_price"),
                                               ("/webhooks/woocommerce", WOO, "total")])
def test_our_order_named_like_a_shops_key_does_not_swallow_the_shops_order(live, shop, path, name, total):
    source = path.rsplit("/", 1)[1]
    forged = shop.post("/orders", order_body(f"{source}:777"))
    real = shop.post(path, shop_order(name, id=777, **{total: "6990.00"}))
    assert (forged.status, real.status) == (201, 201), real.body
    assert (real.body["source"], real.body["order"]) == (source, "777")
    rows = stored(live.db_path)
    assert [(row["source"], row["order_id"], row["amount"]) for row in rows] == [
        ("studio", f"{source}:777", 3490.0), (source, "777", 6990.0)]
    assert published(live, 2)[-1].totals.show.revenue == summary(shop)["revenue"] == 3490.0 + 6990.0


def test_a_jsonl_order_and_ours_with_its_key_are_two_orders(live, shop, tmp_path):
    from studio.orders.sources import JsonlTail
    shop.post("/orders", order_body("jsonl:42"))
    path = tmp_path / "orders.jsonl"
    path.write_bytes(order_body("42", amount=290.0, items=[]) + b"\n")
    assert JsonlTail((path,), live.desk, lambda *_: None).poll() == 1
    assert [(row["source"], row["order_id"]) for row in stored(live.db_path)] == [("studio", "jsonl:42"), ("jsonl", "42")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order_id=st.text(st.characters(min_codepoint=33, max_codepoint=0x2FFF, exclude_categories=("Cs",)),
                        min_size=1, max_size=30),
       source=st.sampled_from(["shopify", "woocommerce", "jsonl", "simulator"]))
def test_no_id_of_ours_collides_with_another_sources_key(db_dir, order_id, source):
    db = sqlite_utils.Database(db_dir / "keys.db")
    create_orders_table(db)
    at = datetime(2026, 11, 5, 18, 30, tzinfo=timezone.utc)
    ours = AcceptedOrder(Order(f"{source}:{order_id}", "studio", 10.0, "EUR", ()), at, None, None, 1, "")
    theirs = AcceptedOrder(Order(order_id, source, 20.0, "EUR", ()), at, None, None, 1, "")
    first, second = insert_one(db, ours), insert_one(db, theirs)
    assert isinstance(first, Stored) and isinstance(second, Stored)
    assert first.new == second.new  # each new, or (drawn before) each found again: never one swallowing the other
    assert not first.amended and not second.amended
    rows = {(row["source"], row["order_id"]): row["amount"] for row in db["orders"].rows}
    assert (rows[ours.order.key], rows[theirs.order.key]) == (10.0, 20.0)


# ----- an amended replay, a free order -----------------------------------------------------------


@pytest.mark.parametrize("path, first, amended", [
    ("/orders", order_body("A-1"), order_body("A-1", amount=1.0, items=[{"sku": "A-LIFT", "qty": 1, "price": 1.0}])),
    ("/webhooks/shopify", payload(SHOPIFY), shop_order(SHOPIFY, total_price="1.00")),
    ("/webhooks/woocommerce", payload(WOO), shop_order(WOO, billing={"company": "Someone Else"})),
])
def test_the_same_id_with_other_contents_is_409_and_the_director_is_told(live, shop, path, first, amended):
    assert shop.post(path, first).status == 201
    before = stored(live.db_path)
    reply = shop.post(path, amended)
    assert reply.status == 409 and reply.body["field"] == "id"
    assert "stored before with other contents" in reply.body["error"]
    assert stored(live.db_path) == before  # the first one kept, nothing added
    assert len(published(live, 2, timeout=0.3)) == 1 and summary(shop)["orders"] == 1
    [told] = notices(live, "came again with other contents")
    assert told.level == "warning" and told.source == "orders"
    assert shop.post(path, first).status == 200  # the first again is still a plain replay


@pytest.mark.parametrize("path, name, total", [("/webhooks/shopify", SHOPIFY, "total_price"),
                                               ("/webhooks/woocommerce", WOO, "total")])
def test_a_shops_free_order_is_200_not_stored_not_counted_and_logged(live, shop, path, name, total):
    reply = shop.post(path, shop_order(name, **{total: "0.00"}))
    assert (reply.status, reply.body["status"]) == (200, "free")
    assert stored(live.db_path) == [] and summary(shop)["orders"] == 0
    [told] = notices(live, "free order (total 0)")
    assert told.level == "info" and reply.body["order"] in told.message
    logged = [row for row in rows(live, "events") if row["kind"] == "orders.info"]
    assert [json.loads(row["detail"])["message"] for row in logged][-1] == told.message  # in the as-run log
    assert shop.post("/orders", order_body(amount=0)).status == 400  # our own format: an order costs something


# ----- nothing gets a 500 -----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/status", "/control/go", "/orders/summary"])
def test_non_utf8_bytes_in_authorization_are_400_naming_the_header(live, path):
    reply = raw(live.api.port, "POST" if path == "/control/go" else "GET", path,
                [("Authorization", b"Bearer \xff\xfe" + TOKEN.encode())])
    assert reply.status == 400 and reply.body["field"] == "Authorization"
    assert "UTF-8" in reply.body["error"]
    assert live.state_future().result(2).phase == "standby"  # GO was not taken


@pytest.mark.parametrize("body, content_type, said", [
    (b"Wrap \xff up", "text/plain", "not text in its charset (utf-8)"),
    ("Wrap up".encode("utf-16"), "text/plain; charset=utf-8", "not text in its charset"),
    (b"Wrap up", "text/plain; charset=klingon", "charset 'klingon' is not one studio knows"),
    (b'{"text": "\xff"}', "application/json", "not valid JSON in UTF-8"),
    (b'{"text": ' * 50_000, "application/json", "not valid JSON"),
    (DEEP, "application/json", "not valid JSON"),
    (b"text=%FF%FE", "application/x-www-form-urlencoded", "not text in its charset"),
])
def test_undecodable_messages_are_400_and_nothing_reaches_the_presenter(live, body, content_type, said):
    reply = raw(live.api.port, "POST", "/control/message", [("Content-Type", content_type), *BEARER.items()], body)
    assert reply.status == 400 and said in reply.body["error"], reply.body
    assert shown(live) == []


@pytest.mark.parametrize("path", ["/orders", "/webhooks/shopify", "/webhooks/woocommerce"])
def test_json_nested_50000_deep_is_400_and_nothing_stored(live, shop, path):
    reply = shop.post(path, DEEP)
    assert reply.status == 400 and reply.body["field"] is None and "nested too deeply" in reply.body["error"]
    assert stored(live.db_path) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(authorization=st.binary(min_size=1, max_size=40).filter(lambda b: not set(b) & set(b"\r\n\x00")),
       content_type=st.sampled_from(["text/plain", "application/json", "application/x-www-form-urlencoded",
                                     "text/plain; charset=latin-1", "text/plain; charset=nope", "multipart/form-data"]),
       body=st.binary(max_size=60))
def test_whatever_the_header_bytes_and_body_never_a_500(live, answered, authorization, content_type, body):
    for headers in ([("Authorization", authorization)], [*BEARER.items()]):
        reply = raw(live.api.port, "POST", "/control/message", [*headers, ("Content-Type", content_type)], body)
        assert reply.status in (200, 400, 401), (reply.status, reply.body)
        assert reply.status == 200 or reply.body.get("error") or reply.body.get("text")  # text: aiohttp's own 400s
        answered.append(reply.status)
    assert len(shown(live)) == answered.count(200)  # only what was answered 200 reached the presenter


@pytest.fixture
def answered() -> list[int]:
    """The statuses of every request a property test sent, over all its examples."""
    return []


# ----- authentication: RFC 9110 schemes, every read behind the token ---------------------------------


@pytest.mark.parametrize("header", [f"Bearer {TOKEN}", f"bearer {TOKEN}", f"BEARER {TOKEN}", f"Bearer   {TOKEN}"])
def test_the_bearer_scheme_is_case_insensitive(live, header):
    reply = request("GET", live.api.url + "/status", headers={"Authorization": header})
    assert reply.status == 200 and reply.state["phase"] == "standby"


@pytest.mark.parametrize("path", ["/orders/summary", "/status"])
@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}", TOKEN, f"Bearer{TOKEN}"])
def test_every_read_endpoint_needs_the_token(live, shop, path, header):
    shop.post("/orders", order_body())
    reply = request("GET", live.api.url + path, headers={} if header is None else {"Authorization": header})
    assert reply.status == 401 and "Authorization: Bearer" in reply.body["error"]
    assert "revenue" not in json.dumps(reply.body) and "show" not in reply.body


def test_with_no_control_token_the_totals_are_refused_saying_how_to_set_one(db_dir):
    show = LiveShow(shop_rundown(), db_dir / "a.db", auto_start=False, orders=OrdersConfig(port=0, secret=SECRET))
    show.run()
    try:
        reply = request("GET", show.api.url + "/orders/summary", headers=BEARER)
    finally:
        show.close()
    assert reply.status == 401 and "STUDIO_CONTROL_TOKEN" in reply.body["error"]


def test_a_form_message_reaches_the_presenter_as_its_text(live):
    reply = request("POST", live.api.url + "/control/message", b"text=hello",
                    {**BEARER, "Content-Type": "application/x-www-form-urlencoded"})
    assert reply.status == 200
    assert shown(live) == ["hello"]
    missing = request("POST", live.api.url + "/control/message", b"message=hello",
                      {**BEARER, "Content-Type": "application/x-www-form-urlencoded"})
    assert missing.status == 400 and missing.body["field"] == "text"


# ----- the Host allow-list (DNS rebinding) ---------------------------------------------------------


@pytest.mark.parametrize("host", ["evil.example:{port}", "evil.example", "localhost:1", "127.0.0.1", "",
                                  "localhost.evil.example:{port}", b"\xff:{port}"])
@pytest.mark.parametrize("method, path", [("GET", "/orders/summary"), ("GET", "/status"), ("POST", "/control/go"),
                                          ("POST", "/orders")])
def test_a_request_for_another_host_is_421_with_a_sentence(live, shop, host, method, path):
    port = live.api.port
    given = host.replace(b"{port}", str(port).encode()) if isinstance(host, bytes) else host.format(port=port)
    headers = [*BEARER.items(), ("X-Studio-Signature", "sha256=00")]
    reply = raw(port, method, path, headers, order_body() if method == "POST" else b"", host=given)
    assert reply.status == 421 and reply.body["field"] == "Host"
    assert f"localhost:{port}" in reply.body["error"] and "api_hosts" in reply.body["error"]
    assert live.state_future().result(2).phase == "standby" and stored(live.db_path) == []


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(host=st.text(st.characters(min_codepoint=33, max_codepoint=126), max_size=40))
def test_any_other_host_is_421(live, host):
    allowed = {f"{name}:{live.api.port}" for name in ("localhost", "127.0.0.1", "[::1]")}
    reply = raw(live.api.port, "GET", "/status", [*BEARER.items()], host=host)
    assert reply.status == (200 if host.lower() in allowed else 421), (host, reply.body)


@pytest.mark.parametrize("host", ["localhost:{port}", "127.0.0.1:{port}", "[::1]:{port}", "LOCALHOST:{port}"])
def test_loopback_names_with_the_port_are_answered(live, host):
    reply = raw(live.api.port, "GET", "/status", [*BEARER.items()], host=host.format(port=live.api.port))
    assert reply.status == 200


def test_names_added_for_the_lan_are_answered_and_only_they(serve_echo):
    server = serve_echo("127.0.0.1", ("studio.lan", "10.0.0.7:8080"))
    assert raw(server.port, "GET", "/", [], host=f"studio.lan:{server.port}").status == 200
    assert raw(server.port, "GET", "/", [], host="10.0.0.7:8080").status == 200
    assert raw(server.port, "GET", "/", [], host=f"localhost:{server.port}").status == 200
    assert raw(server.port, "GET", "/", [], host=f"other.lan:{server.port}").status == 421
    lan = serve_echo("0.0.0.0", ())  # on the LAN with no names added: any Host (the token guards every route)
    assert raw(lan.port, "GET", "/", [], host="192.168.1.20:1234").status == 200


@pytest.fixture
def serve_echo() -> Iterator:
    from aiohttp import web

    async def echo(_: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    servers: list[ApiServer] = []

    def start(host: str, names: tuple[str, ...]) -> ApiServer:
        server = ApiServer([web.get("/", echo)], host, 0, names)
        server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
