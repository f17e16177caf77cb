"""A live show with its listener on loopback (the orders' shop rundown), and leads as senders post them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "orders"))  # shopkit: the shops, signed requests

from shopkit import Shop, live_show  # noqa: E402
from studio.app.session import LiveShow  # noqa: E402


@pytest.fixture
def live(db_dir) -> Iterator[LiveShow]:
    """A live show (the real clock) taking orders and leads on a free loopback port, on air on its opening."""
    yield from live_show(db_dir / "studio.db")


@pytest.fixture
def shop(live: LiveShow) -> Shop:
    assert live.api is not None
    return Shop(live.api.url)
