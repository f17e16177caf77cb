"""Fixtures for tests/shop: the shop's webhook receiver on loopback and its secret in the environment."""

from __future__ import annotations

from typing import Iterator

import pytest
from receiverkit import SECRET, SECRET_NAME, Receiver


@pytest.fixture
def shop_secret(monkeypatch) -> str:
    monkeypatch.setenv(SECRET_NAME, SECRET)
    return SECRET


@pytest.fixture
def receiver(shop_secret) -> Iterator[Receiver]:
    """A shop's endpoint, up."""
    up = Receiver().start()
    yield up
    up.stop()
