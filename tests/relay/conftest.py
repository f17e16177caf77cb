"""Fixtures for orders through a broker: a real redis-server, the relay on loopback, a studio consuming."""

from __future__ import annotations

from typing import Callable, Iterator

import pytest
from orders.shopkit import SECRET, shop_rundown
from relaykit import GROUP, STREAM
from serverkit import RedisServer, redis_server

from showkit import Recorded
from studio.app.session import LiveShow
from studio.orders.config import OrdersConfig
from studio.relay.service import Relay
from studio.relay.stream import StreamConfig



@pytest.fixture
def broker() -> Iterator[RedisServer]:
    with redis_server() as server:
        yield server


@pytest.fixture
def relay(broker: RedisServer) -> Iterator[Relay]:
    notices: list[tuple[str, str]] = []
    service = Relay(broker.url, STREAM, SECRET, lambda level, sentence: notices.append((level, sentence)))
    service.notices = notices  # type: ignore[attr-defined]
    service.start()
    yield service
    service.stop()


@pytest.fixture
def studio(broker: RedisServer, db_dir) -> Iterator[Callable[[], LiveShow]]:
    """Opens the studio (no HTTP listener: its orders come from the stream only), on air on its opening; closed after."""
    opened: list[LiveShow] = []

    def open_studio() -> LiveShow:
        show = LiveShow(shop_rundown(), db_dir / "studio.db", auto_start=False, orders=OrdersConfig(port=None),
                        relay=StreamConfig(broker.url, STREAM, GROUP, "stage-a"))
        show.received = Recorded(show.bus)  # type: ignore[attr-defined]
        show.run()
        show.go()
        opened.append(show)
        return show

    yield open_studio
    for show in opened:
        show.close()
