"""The Qt presenter screen: the on-air exhibitor's target and stock, from the orders' running totals.

Screenshots at 1920x1080 and 1366x768 go to docs/screenshots/shop-qt-presenter-*.png with SHOP_SHOTS=1."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from orderkit import OrderFeed
from showkit import make_rundown, seg
from studio.rundown.model import Exhibitor, Product
from ui.bridge import OrderBatch
from ui.presenter.window import PresenterWindow
from ui.widgets.theme import apply_theme

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ").replace("&nbsp;", " ")


@pytest.fixture
def presenter(qapp, qtbot, build, clock):
    apply_theme(qapp, 13)
    rundown = replace(make_rundown(seg("intro", 60), seg("pitch", 600, exhibitor="acme", kind="pitch"), seg("closing", 60)),
                      exhibitors={"acme": Exhibitor("acme", "Acme Lifts", (
                          Product("L3", "Pont élévateur 3T", 3490.0, stock=3), Product("CH", "Chargeur", 189.0, stock=40)),
                          target=5000.0)})
    engine, _ = build(rundown)
    window = PresenterWindow(rundown)
    qtbot.addWidget(window)
    window.show()
    engine.start()
    window.engine, window.clock = engine, clock
    return window


def test_the_shop_line_follows_the_exhibitor_on_air_and_its_orders(presenter, qtbot, tmp_path: Path) -> None:
    presenter.show_state(presenter.engine.state())
    assert not presenter.shop.isVisible()  # the intro has no exhibitor
    presenter.clock.advance(61)
    presenter.show_state(presenter.engine.state())
    assert presenter.shop.isVisible()
    assert "0 € of 5 000 € target · 0 %" in plain(presenter.shop.text())
    assert "Pont élévateur 3T: only 3 left" in plain(presenter.shop.text())

    feed = OrderFeed()
    first = feed.next()  # order 0: one Pont élévateur 3T
    feed.count = 3
    second = feed.next()  # order 3: another
    presenter.shop.show_orders(OrderBatch((second.accepted, first.accepted), 2, second.totals))
    text = plain(presenter.shop.text())
    assert "Target met: 6 980 € of 5 000 € · 140 %" in text
    assert "Pont élévateur 3T: only 1 left" in text and "Chargeur: 40 left" in text

    folder = SHOTS if os.environ.get("SHOP_SHOTS") else tmp_path
    for width, height in ((1920, 1080), (1366, 768)):  # shrinking too: the two lines take room, never off screen
        presenter.resize(width, height)
        qtbot.wait(100)  # the page inside the graphics view settles its layout over a few event rounds
        assert presenter.page.height() <= presenter.view.viewport().height()
        assert presenter.grab().save(str(folder / f"shop-qt-presenter-{width}.png"))

    presenter.clock.advance(600)
    presenter.show_state(presenter.engine.state())
    assert not presenter.shop.isVisible()  # the closing: nobody's shop
