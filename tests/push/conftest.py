"""Fixtures of the push API: a real LiveShow with every kind of token, served on loopback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import pytest
from pushkit import TO_SERVER, VALIDATOR, set_tokens, start_show, trade_show

from studio.app.session import LiveShow


@pytest.fixture
def live(db_dir, monkeypatch) -> Iterator[LiveShow]:
    """The trade show waiting for GO, with control, crew and exhibitor tokens (tests/push/pushkit.py)."""
    set_tokens(monkeypatch)
    show = start_show(trade_show(), db_dir / "studio.db")
    yield show
    show.close()


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by Playwright (never `playwright install`: no download here)."""
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium (packaging/setup.sh test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page; a script error on it, or a WebSocket frame either way outside the schema, fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    opened = context.new_page()
    errors: list[str] = []
    received: list[str] = []
    sent: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))

    def watch(socket) -> None:
        socket.on("framereceived", lambda frame: received.append(frame))
        socket.on("framesent", lambda frame: sent.append(frame))
    opened.on("websocket", watch)
    yield opened
    context.close()
    assert errors == [] and received  # every test here opens a view: it heard the studio
    for frame in received:
        VALIDATOR.validate(json.loads(frame))
    for frame in sent:
        TO_SERVER.validate(json.loads(frame))
