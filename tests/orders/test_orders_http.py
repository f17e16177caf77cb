"""The order intake over real HTTP on loopback, into a real show's SQLite file."""

from __future__ import annotations

import http.client
import json
import threading

import pytest
from shopkit import SECRET, TOKEN, Shop, order_body, payload, published, shop_rundown, stored

from studio.show.events import Notice
from studio.app.session import LiveShow
from studio.orders.config import OrdersConfig
from studio.orders.signatures import STUDIO

INTAKES = [
    ("/orders", order_body()),
    ("/webhooks/woocommerce", payload("woocommerce-order-created.json")),
    ("/webhooks/shopify", payload("shopify-orders-create.json")),
]


@pytest.mark.parametrize("path, body", INTAKES)
def test_a_signed_order_is_stored_before_its_201_and_published_once(live, shop, path, body):
    reply = shop.post(path, body)
    assert reply.status == 201, reply.body
    rows = stored(live.db_path)  # read at once by another connection: the commit came before the answer
    assert [(row["source"], row["order_id"]) for row in rows] == [(reply.body["source"], reply.body["order"])]
    assert reply.body["segment"] == "opening" and rows[0]["segment_id"] == "opening"
    assert rows[0]["raw"] == body.decode() and rows[0]["show_id"] == live.show_id
    [event] = published(live, 1)
    assert event.accepted.order.key == (reply.body["source"], reply.body["order"])
    assert event.totals.show.orders == 1


def test_what_each_intake_stores(live, shop):
    for path, body in INTAKES:
        assert shop.post(path, body).status == 201
    ours, woo, shopify = stored(live.db_path)
    assert (ours["order_id"], ours["source"], ours["amount"], ours["exhibitor_id"]) == ("A-1001", "studio", 3490.0, "acme")
    assert (woo["order_id"], woo["source"], woo["amount"], woo["currency"]) == ("4821", "woocommerce", 3780.0, "EUR")
    assert (woo["customer"], woo["exhibitor_id"], woo["placed_at"]) == ("Garage Dupont", "acme", "2026-11-05T18:42:10.000Z")
    assert [(i["sku"], i["qty"], i["name"]) for i in json.loads(woo["items"])] == [
        ("A-LIFT", 1, "Pont élévateur 2 colonnes 3T"), ("A-JACK", 1, "Cric rouleur 2T")]
    assert (shopify["order_id"], shopify["amount"], shopify["customer"]) == ("5940139491234", 2890.0, "Carrosserie Martin")
    assert (shopify["exhibitor_id"], shopify["placed_at"]) == ("bolt", "2026-11-05T18:43:05.000Z")
    assert json.loads(shopify["items"]) == [{"sku": "B-TYRE", "qty": 1, "price": 2890.0, "name": "Démonte-pneus 24 pouces - Standard"}]


@pytest.mark.parametrize("path, body", INTAKES)
def test_a_replay_is_answered_200_and_nothing_new_is_stored(live, shop, path, body):
    first = shop.post(path, body)
    again = shop.post(path, body)
    assert (first.status, again.status) == (201, 200)
    assert again.body == {**first.body, "status": "duplicate"}
    assert len(stored(live.db_path)) == 1
    assert len(published(live, 2, timeout=0.5)) == 1  # a replay is never shown twice


@pytest.mark.parametrize("path, body", INTAKES)
@pytest.mark.parametrize("signature", [None, "bad"])
def test_a_missing_or_wrong_signature_is_refused_401(live, shop, path, body, signature):
    wrong = Shop(shop.base, secret="not-the-secret").post(path, body).status
    reply = shop.post(path, body, signature=signature)
    assert (wrong, reply.status) == (401, 401)
    assert reply.body["field"] in ("X-Studio-Signature", "X-WC-Webhook-Signature", "X-Shopify-Hmac-Sha256")
    assert stored(live.db_path) == []


def test_a_signature_of_another_body_is_refused(live, shop):
    reply = shop.post("/orders", order_body(amount=1.0), signature=STUDIO.sign(SECRET, order_body()))
    assert reply.status == 401 and stored(live.db_path) == []


@pytest.mark.parametrize("body, field", [
    (b"{not json", None),
    (b"[1, 2]", None),
    ("{\"id\": \"\\ud800\"}".encode(), "id"),
    (order_body(id=None), "id"),
    (order_body(amount=None), "amount"),
    (order_body(amount=0), "amount"),
    (order_body(amount=-5), "amount"),
    (order_body(amount="lots"), "amount"),
    (order_body(amount=True), "amount"),
    (order_body(currency="euro"), "currency"),
    (order_body(items="A-LIFT"), "items"),
    (order_body(items=[{"sku": "A-LIFT", "qty": 0, "price": 3490}]), "items[0].qty"),
    (order_body(items=[{"sku": "A-LIFT", "qty": 1, "price": -1}]), "items[0].price"),
    (order_body(items=[{"sku": "A-LIFT", "qty": 1}]), "items[0].price"),
    (order_body(placed_at="yesterday"), "placed_at"),
    (order_body(customer={"name": "x"}), "customer"),
])
def test_an_invalid_order_is_refused_400_naming_the_field(live, shop, body, field):
    reply = shop.post("/orders", body)
    assert reply.status == 400, reply.body
    assert reply.body["field"] == field and reply.body["error"]
    assert stored(live.db_path) == []


def test_shop_payloads_name_their_own_fields(live, shop):
    woo = json.loads(payload("woocommerce-order-created.json"))
    woo["total"] = "-0.01"
    shopify = json.loads(payload("shopify-orders-create.json"))
    shopify["line_items"][0]["quantity"] = "one"
    assert shop.post("/webhooks/woocommerce", json.dumps(woo).encode()).body["field"] == "total"
    assert shop.post("/webhooks/shopify", json.dumps(shopify).encode()).body["field"] == "line_items[0].quantity"


def _raw_post(port: int, path: str, headers: dict, body: bytes | None = None, chunks: list[bytes] | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("POST", path)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders()
        for chunk in chunks or []:
            connection.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        if chunks is not None:
            connection.send(b"0\r\n\r\n")
        elif body:
            connection.send(body)
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def test_a_body_over_1_mib_is_refused_413_from_its_length_before_it_is_read(live, shop):
    # only the headers are sent: the answer must come from Content-Length alone
    status, body = _raw_post(live.api.port, "/orders", {"Content-Length": str(64 * 1024 * 1024)})
    assert status == 413 and "1 MiB" in body["error"]
    big = order_body(customer="x" * (1024 * 1024))
    assert shop.post("/orders", big).status == 413
    assert stored(live.db_path) == []


def test_a_chunked_body_over_1_mib_is_refused_413(live):
    status, _ = _raw_post(live.api.port, "/orders", {"Transfer-Encoding": "chunked"}, chunks=[b"x" * 65536] * 20)
    assert status == 413
    assert stored(live.db_path) == []


def test_with_no_secret_every_intake_answers_503_saying_how_to_set_it(db_dir):
    show = LiveShow(shop_rundown(), db_dir / "a.db", auto_start=False, orders=OrdersConfig(port=0, secret=None))
    notices = []
    show.bus.subscribe(notices.append, Notice)
    show.run()
    try:
        shop = Shop(show.api.url)
        for path, body in INTAKES:
            reply = shop.post(path, body)
            assert reply.status == 503 and "STUDIO_ORDERS_SECRET" in reply.body["error"]
        assert stored(show.db_path) == []
    finally:
        show.close()
    assert any("STUDIO_ORDERS_SECRET" in n.message and n.level == "warning" for n in notices)


def test_woocommerce_checks_a_new_webhook_with_an_unsigned_ping(live, shop):
    reply = shop.post("/webhooks/woocommerce", b"webhook_id=17", signature=None,
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert (reply.status, reply.body) == (200, {"status": "ping"})
    assert stored(live.db_path) == []


def test_refusals_reach_the_director_as_a_notice_without_flooding(live, shop):
    for _ in range(5):
        shop.post("/orders", order_body(), signature="sha256=00")
    live.loop.post(lambda: None)
    notices = [e for e in live.received.of(Notice) if e.source == "orders" and "Refused" in e.message]
    assert len(notices) == 1 and "signature" in notices[0].message


def test_summary_totals_by_show_exhibitor_and_segment(live_with_token):
    live = live_with_token
    shop = Shop(live.api.url)
    shop.post("/orders", order_body("o1"))
    shop.post("/orders", order_body("o2", amount=290.0, items=[{"sku": "A-JACK", "qty": 1, "price": 290.0}]))
    shop.post("/webhooks/shopify", payload("shopify-orders-create.json"))
    published(live, 3)
    summary = shop.send("GET", "/orders/summary", headers={"Authorization": f"Bearer {TOKEN}"}).body
    assert summary["currency"] == "EUR"
    assert summary["show"] == {"orders": 3, "revenue": 6670.0, "average": 2223.33, "per_minute": 3.0}
    assert summary["exhibitors"]["acme"]["revenue"] == 3780.0 and summary["exhibitors"]["bolt"]["orders"] == 1
    assert summary["segments"]["opening"]["orders"] == 3


def test_unknown_paths_and_methods_are_not_errors(live, shop):
    assert shop.send("GET", "/orders").status == 405
    assert shop.send("POST", "/nope", b"{}").status == 404
    assert shop.send("GET", "/status").status == 404  # no control token: the remote control is off


def test_orders_from_many_threads_are_all_stored_once(live, shop):
    replies: list[int] = []

    def post_many(thread: int) -> None:
        for n in range(50):
            replies.append(shop.post("/orders", order_body(f"t{thread}-{n % 40}")).status)  # 10 replays a thread

    threads = [threading.Thread(target=post_many, args=(t,)) for t in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert replies.count(201) == 240 and replies.count(200) == 60
    assert len(stored(live.db_path)) == 240
    events = published(live, 240)
    assert len(events) == 240 and events[-1].totals.show.orders == 240
