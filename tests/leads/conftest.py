"""A live show with its listener on loopback (the orders' shop rundown), and leads as senders post them."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Iterator

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "orders"))  # shopkit: the shops, signed requests

from shopkit import SECRET, Shop, shop_rundown  # noqa: E402
from showkit import Recorded  # noqa: E402
from studio.app.session import LiveShow  # noqa: E402
from studio.orders.config import OrdersConfig  # noqa: E402


@pytest.fixture
def live(db_dir) -> Iterator[LiveShow]:
    """A live show (the real clock) taking orders and leads on a free loopback port, on air on its opening."""
    show = LiveShow(shop_rundown(), db_dir / "studio.db", auto_start=False, orders=OrdersConfig(port=0, secret=SECRET))
    show.received = Recorded(show.bus)  # type: ignore[attr-defined]
    show.run()
    show.go()
    deadline = time.monotonic() + 5
    while show.on_air is None and time.monotonic() < deadline:
        time.sleep(0.01)
    yield show
    show.close()


@pytest.fixture
def shop(live: LiveShow) -> Shop:
    assert live.api is not None
    return Shop(live.api.url)
