"""Redis and PostgreSQL both lost on air, for real: the takes stay on time, the director reads one sentence
for each, and once they are back nothing acknowledged is missing, here or in the event's database."""

from __future__ import annotations

import psycopg
from orders.shopkit import SECRET, Shop, order_body, stored
from serverkit import redis_server

import showkit
from showkit import Recorded, make_rundown, seg
from studio.app.session import LiveShow
from studio.central.config import CentralConfig
from studio.orders.config import OrdersConfig
from studio.relay.service import Relay
from studio.relay.stream import StreamConfig
from studio.show.events import Notice, SegmentStarted

ON_TIME_S = 0.25  # an auto take this late is late (a shared, loaded machine included)


def wait_until(condition, timeout: float = 20.0) -> bool:
    return showkit.wait_until(condition, timeout, every=0.05)


def shipped_orders(url: str) -> list[str]:
    with psycopg.connect(url) as connection:
        if connection.execute("SELECT to_regclass('orders') IS NULL").fetchone()[0]:
            return []
        return [row[0] for row in connection.execute("SELECT data->>'order_id' FROM orders ORDER BY local_id")]


def test_broker_and_event_database_lost_on_air(postgres, event_db, db_dir):
    rundown = make_rundown(*(seg(name, 1.0) for name in "abcd"), seg("e", 60.0))
    with redis_server() as broker:
        relay = Relay(broker.url, "orders", SECRET, lambda *_: None)
        relay.start()
        show = LiveShow(rundown, db_dir / "a.db", auto_start=False, orders=OrdersConfig(port=None),
                        relay=StreamConfig(broker.url, "orders", "studio", "hall-a"),
                        central=CentralConfig(event_db, "hall-a"))
        recorded = Recorded(show.bus)
        late: dict[str, float] = {}  # each take: when it happened after its planned instant (the event's `at`)
        show.bus.subscribe(lambda e: late.setdefault(e.segment_id, show.clock.monotonic() - e.at), SegmentStarted)
        show.run()
        try:
            shop = Shop(relay.url)
            assert shop.post("/orders", order_body("before")).status == 202
            assert wait_until(lambda: shipped_orders(event_db) == ["before"])
            show.go()
            broker.stop()
            postgres.ctl("-m", "immediate", "stop")
            assert wait_until(lambda: [e.segment_id for e in recorded.of(SegmentStarted)][-1:] == ["e"])
            told = [n.message for n in recorded.of(Notice)]
            assert sum("cannot be read" in m for m in told) == 1, told
            assert sum("cannot be sent to the event's database" in m for m in told) == 1, told
            broker.start()
            postgres.start()
            assert wait_until(lambda: shop.post("/orders", order_body("after")).status == 202)
            assert wait_until(lambda: {"before", "after"} <= {row["order_id"] for row in stored(db_dir / "a.db")})
            assert wait_until(lambda: sorted(shipped_orders(event_db)) == ["after", "before"], timeout=45)
        finally:
            show.close()
            relay.stop()
    assert sorted(late) == list("abcde")
    assert all(seconds < ON_TIME_S for name, seconds in late.items() if name != "a"), late  # the auto takes on time
