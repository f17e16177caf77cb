"""The relay lets go of Redis when it stops: its async client's connections close with it."""

from __future__ import annotations

import redis
from orders.shopkit import SECRET, Shop, order_body
from relaykit import STREAM
from showkit import wait_until

from studio.relay.service import Relay


def relay_connections(broker) -> int:
    """Clients connected to the real redis-server, this check's own connection not counted."""
    with redis.Redis.from_url(broker.url) as checker:
        return len([c for c in checker.client_list() if c["name"] != "check"]) if checker.client_setname("check") else -1


def test_stopping_the_relay_closes_its_redis_connections(broker):
    relay = Relay(broker.url, STREAM, SECRET, lambda level, sentence: None)
    relay.start()
    try:
        for n in range(3):
            assert Shop(relay.url).post("/orders", order_body(f"A-{n}")).status == 202
        assert relay_connections(broker) >= 1  # the relay holds its connection while it serves
    finally:
        relay.stop()
    assert wait_until(lambda: relay_connections(broker) == 0, timeout=5.0), "the relay left connections open in Redis"
