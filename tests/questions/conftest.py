"""Fixtures of the audience questions: the push tests' live show (every token, a signing secret) and browser."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Iterator

import pytest

PUSH = Path(__file__).resolve().parent.parent / "push"
sys.path.insert(0, str(PUSH))  # pushkit: the trade show, its tokens, a schema-checked WebSocket client
sys.path.insert(0, str(PUSH.parent / "ui"))  # uikit: the console read as a director reads it

from pushkit import CONTROL, set_tokens, trade_show  # noqa: E402
from questionkit import SECRET  # noqa: E402

from studio.app.session import LiveShow  # noqa: E402
from studio.orders.config import OrdersConfig  # noqa: E402

_spec = importlib.util.spec_from_file_location("push_conftest", PUSH / "conftest.py")
assert _spec is not None and _spec.loader is not None
_push = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_push)
browser = _push.browser  # Debian's chromium through Playwright
page = _push.page  # a page whose frames are checked against the push schema


@pytest.fixture
def live(db_dir, monkeypatch) -> Iterator[LiveShow]:
    """The trade show (intro, acme's pitch, serenco's demo, closing) waiting for GO, questions signed with SECRET."""
    set_tokens(monkeypatch)
    show = LiveShow(trade_show(), db_dir / "studio.db", auto_start=False,
                    orders=OrdersConfig(port=0, secret=SECRET, control_token=CONTROL))
    show.run()
    yield show
    show.close()
