"""The relay and the studio's stream consumer against a real redis-server, real HTTP on loopback and real SQLite."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import redis
from relaykit import GROUP, STREAM
from showkit import wait_until
from orders.shopkit import SECRET, Shop, order_body, payload, shop_rundown, stored

from studio.app.session import LiveShow
from studio.orders.config import OrdersConfig
from studio.relay.stream import StreamConfig
from studio.show.events import Notice, OrderReceived


def stream_length(broker) -> int:
    return redis.Redis.from_url(broker.url).xlen(STREAM)


def pending(broker) -> int:
    return redis.Redis.from_url(broker.url).xpending(STREAM, GROUP)["pending"]


def test_a_verified_order_is_answered_202_once_it_is_in_the_stream(broker, relay):
    reply = Shop(relay.url).post("/webhooks/shopify", payload("shopify-orders-create.json"))
    assert reply.status == 202, reply.body
    assert reply.body["status"] == "queued" and reply.body["source"] == "shopify"
    [(entry_id, fields)] = redis.Redis.from_url(broker.url).xrange(STREAM)
    assert entry_id.decode() == reply.body["entry"]
    assert fields == {b"intake": b"/webhooks/shopify", b"body": payload("shopify-orders-create.json")}


def test_refused_requests_never_reach_the_stream(broker, relay):
    shop = Shop(relay.url)
    assert shop.post("/orders", order_body(), signature=None).status == 401
    assert shop.post("/orders", order_body(), signature="sha256=" + "0" * 64).status == 401
    assert shop.post("/orders", order_body(amount=-3)).body["field"] == "amount"
    assert shop.post("/webhooks/woocommerce", b"webhook_id=12", signature=None).body == {"status": "ping"}
    assert stream_length(broker) == 0
    assert relay.notices and relay.notices[0][1].startswith("Refused an order on /orders")


def test_with_redis_down_the_shop_hears_503_and_its_retry_is_queued(broker, relay):
    shop = Shop(relay.url)
    broker.stop()
    down = shop.post("/orders", order_body("A-1"))
    assert down.status == 503 and "send it again" in down.body["error"]
    broker.start()
    assert shop.post("/orders", order_body("A-1")).status == 202
    assert stream_length(broker) == 1


def test_orders_queued_while_the_studio_was_down_are_all_stored_once_when_it_returns(broker, relay, studio):
    shop = Shop(relay.url)
    sent = [f"A-{n}" for n in range(200)]
    for order_id in sent:
        assert shop.post("/orders", order_body(order_id)).status == 202
    assert shop.post("/orders", order_body("A-7")).status == 202  # a shop's retry: queued again
    show = studio()  # the studio comes up after the orders were placed
    assert wait_until(lambda: len(stored(show.db_path)) == len(sent) and pending(broker) == 0)
    rows = stored(show.db_path)
    assert sorted(row["order_id"] for row in rows) == sorted(sent)  # each once
    assert {row["source"] for row in rows} == {"studio"}  # the same orders as posted to the studio directly
    assert wait_until(lambda: len(show.received.of(OrderReceived)) == len(sent))


def test_the_same_shop_payloads_as_the_direct_intake(broker, relay, studio):
    show = studio()
    shop = Shop(relay.url)
    for path, body in (("/webhooks/woocommerce", payload("woocommerce-order-created.json")),
                       ("/webhooks/shopify", payload("shopify-orders-create.json"))):
        assert shop.post(path, body).status == 202
    assert wait_until(lambda: len(stored(show.db_path)) == 2)
    woo, shopify = sorted(stored(show.db_path), key=lambda row: row["source"], reverse=True)
    assert (woo["source"], woo["amount"], woo["exhibitor_id"]) == ("woocommerce", 3780.0, "acme")
    assert (shopify["source"], shopify["amount"], shopify["exhibitor_id"]) == ("shopify", 2890.0, "bolt")
    assert woo["raw"] == payload("woocommerce-order-created.json").decode()


def test_entries_delivered_but_never_acknowledged_are_taken_again_first(broker, relay, studio):
    shop = Shop(relay.url)
    for n in range(5):
        assert shop.post("/orders", order_body(f"A-{n}")).status == 202
    client = redis.Redis.from_url(broker.url)
    client.xgroup_create(STREAM, GROUP, id="0")
    client.xreadgroup(GROUP, "stage-a", {STREAM: ">"}, count=3)  # delivered to this studio, then it "died" unacked
    assert pending(broker) == 3
    show = studio()
    assert wait_until(lambda: len(stored(show.db_path)) == 5 and pending(broker) == 0)


def test_redis_lost_on_air_is_one_sentence_and_orders_flow_again_when_it_returns(broker, relay, studio):
    show = studio()
    shop = Shop(relay.url)
    assert shop.post("/orders", order_body("before")).status == 202
    assert wait_until(lambda: len(stored(show.db_path)) == 1)
    broker.stop()
    assert wait_until(lambda: any("cannot be read" in n.message for n in show.received.of(Notice)))
    assert show.on_air is not None and not show.ended  # the show goes on
    broker.start()  # an empty Redis (nothing was saved): the consumer makes its group again
    assert wait_until(lambda: shop.post("/orders", order_body("after")).status == 202)
    assert wait_until(lambda: len(stored(show.db_path)) == 2, timeout=20)
    told = [n.message for n in show.received.of(Notice) if n.source == "orders"]
    assert sum("cannot be read" in m for m in told) == 1 and any("read again" in m for m in told)


def test_direct_webhooks_keep_working_beside_the_relay(broker, relay, db_dir):
    show = LiveShow(shop_rundown(), db_dir / "studio.db", auto_start=False, orders=OrdersConfig(port=0, secret=SECRET),
                    relay=StreamConfig(broker.url, STREAM, GROUP, "stage-a"))
    show.run()
    try:
        assert Shop(show.api.url).post("/orders", order_body("direct")).status == 201
        assert Shop(relay.url).post("/orders", order_body("relayed")).status == 202
        assert Shop(relay.url).post("/orders", order_body("direct")).status == 202  # the same order both ways: once
        assert wait_until(lambda: pending(broker) == 0 and stream_length(broker) == 2)
        assert sorted(row["order_id"] for row in stored(show.db_path)) == ["direct", "relayed"]
    finally:
        show.close()


def test_an_order_the_database_refuses_stays_pending_and_is_stored_once_it_accepts(broker, relay, studio):
    show = studio()
    shop = Shop(relay.url)
    with closing(sqlite3.connect(show.db_path)) as saboteur:  # the database refuses every new order, for real
        saboteur.execute("CREATE TRIGGER refuse BEFORE INSERT ON orders BEGIN SELECT RAISE(ABORT, 'disk says no'); END")
        saboteur.commit()
        assert shop.post("/orders", order_body("A-1")).status == 202
        assert wait_until(lambda: any("could not be stored" in n.message for n in show.received.of(Notice)))
        assert stored(show.db_path) == [] and pending(broker) == 1  # not acknowledged: the relay keeps it
        saboteur.execute("DROP TRIGGER refuse")
        saboteur.commit()
    assert wait_until(lambda: [row["order_id"] for row in stored(show.db_path)] == ["A-1"] and pending(broker) == 0,
                      timeout=20)
