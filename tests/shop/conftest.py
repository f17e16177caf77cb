"""Fixtures for tests/shop: the shop's webhook receiver on loopback and its secret in the environment."""

from __future__ import annotations

from pathlib import Path
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


CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by Playwright (never `playwright install`), as tests/push does."""
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium (packaging/setup.sh test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox",
                                                                                   "--disable-gpu", "--no-first-run"])
        chromium.new_page().goto("data:text/html,ready")  # Playwright's helper threads start now, not in a test
        yield chromium
        chromium.close()
