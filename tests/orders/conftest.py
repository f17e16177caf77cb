"""Fixtures for the orders: an order desk on the fake clock's engine, a live show with its listener on loopback."""

from __future__ import annotations

from typing import Iterator

import pytest
from shopkit import TOKEN, Shop, live_show, shop_rundown

from studio.app.session import LiveShow
from studio.orders.desk import OrderDesk


@pytest.fixture
def desk(build, clock, log) -> Iterator[OrderDesk]:
    """An order desk on an engine driven by the fake clock: the show starts now; `desk.engine` runs it.

    The show loop is the test's own thread (posts run at once), so attribution follows the clock exactly.
    """
    engine, recorded = build(shop_rundown())
    order_desk = OrderDesk(engine.rundown, log.writer, engine.bus, lambda work: work(), clock, engine.anchor.wall_at,
                           grace_s=120.0)
    order_desk.engine = engine  # type: ignore[attr-defined]
    order_desk.recorded = recorded  # type: ignore[attr-defined]
    yield order_desk
    order_desk.close()


@pytest.fixture
def live(db_dir) -> Iterator[LiveShow]:
    """A live show (the real clock) with its orders listener on a free loopback port, on air on its opening."""
    yield from live_show(db_dir / "studio.db")


@pytest.fixture
def live_with_token(db_dir) -> Iterator[LiveShow]:
    """The same with a control token (shopkit.TOKEN): the totals and the remote control answer to it."""
    yield from live_show(db_dir / "studio.db", TOKEN)


@pytest.fixture
def shop(live: LiveShow) -> Shop:
    assert live.api is not None
    return Shop(live.api.url)

