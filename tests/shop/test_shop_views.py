"""The exhibitor and presenter browser views show the target and "only N left" from real orders, in Debian's chromium.

Each test also leaves a screenshot at 1920x1080 and 1366x768 (docs/screenshots/shop-*.png when SHOP_SHOTS=1)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_shop_stock import CREW, TOKENS, live, post_order  # noqa: F401 (live: the fixture)

SIZES = {"1920": {"width": 1920, "height": 1080}, "1366": {"width": 1366, "height": 768}}
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def shop_text(browser, live, view: str, token: str, wanted: str, size: dict, shot: Path) -> str:
    page = browser.new_page(viewport=size)
    try:
        page.goto(f"{live.api.url}/views/{view}?token={token}")
        page.wait_for_function("(w) => document.getElementById('shop').innerText.includes(w)", arg=wanted, timeout=5000)
        shot.write_bytes(page.screenshot())
        return page.inner_text("#shop")
    finally:
        page.close()


def plain(text: str) -> str:
    """French money as the browser writes it (narrow and no-break spaces) with plain spaces."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


@pytest.mark.parametrize("size", SIZES)
def test_the_views_show_the_target_and_the_stock_left(browser, live, tmp_path: Path, size: str) -> None:
    assert post_order(live, "o-1", [("A-LIFT", 3, 3490.0)]) == 201
    folder = SHOTS if os.environ.get("SHOP_SHOTS") else tmp_path
    exhibitor = shop_text(browser, live, "exhibitor", TOKENS["acme"], "only 1 left", SIZES[size],
                          folder / f"shop-exhibitor-{size}.png")
    assert "Lift 3T: only 1 left" in exhibitor and "Jack 2T: 20 left" in exhibitor
    assert "Target met: 10 470,00 € of 10 000,00 € · 105 %" in plain(exhibitor)
    assert post_order(live, "o-2", [("A-LIFT", 1, 3490.0)]) == 201
    presenter = shop_text(browser, live, "presenter", CREW, "sold out", SIZES[size], folder / f"shop-presenter-{size}.png")
    assert "Lift 3T: sold out" in presenter
