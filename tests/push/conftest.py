"""Fixtures of the push API: a real LiveShow with every kind of token, served on loopback."""

from __future__ import annotations

from typing import Iterator

import pytest
from pushkit import set_tokens, start_show, trade_show

from studio.app.session import LiveShow


@pytest.fixture
def live(db_dir, monkeypatch) -> Iterator[LiveShow]:
    """The trade show waiting for GO, with control, crew and exhibitor tokens (tests/push/pushkit.py)."""
    set_tokens(monkeypatch)
    show = start_show(trade_show(), db_dir / "studio.db")
    yield show
    show.close()
