"""The order ticker: orders through the real bridge reach the console panel and the presenter strip; bursts coalesce."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

from orderkit import OrderFeed
from PySide6.QtCore import Qt

from studio.show.events import EventBus
from studio.rundown.loader import load_rundown
from studio.orders.config import OrdersConfig
from studio.orders.model import Item, Order
from studio.orders.totals import Totals, TotalsSnapshot
from ui.app import Studio
from ui.bridge import ORDER_BATCHES_PER_S, ORDERS_KEPT, OrderBatch, ShowBridge
from ui.settings import SettingsStore
from ui.widgets.ticker import ROWS_KEPT, OrdersPanel

NNBSP, NBSP = "\u202f", "\u00a0"  # French money is written "3 490 €" with these two spaces


def euros(text: str) -> str:
    """'3 490,50 €' as Babel writes it in fr-FR."""
    return re.sub(r"(?<=\d) (?=\d)", NNBSP, text).replace(" €", f"{NBSP}€")


def cells(model) -> list[list[str]]:
    return [[model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole) for column in range(model.columnCount())]
            for row in range(model.rowCount())]


def publish_on_the_loop(studio: Studio, events: list) -> None:
    """As the order desk does: each OrderReceived published on the show loop."""
    for event in events:
        studio.show.loop.post(lambda event=event: studio.show.bus.publish(event))


def test_orders_reach_the_console_and_the_presenter(studio, qtbot) -> None:
    feed = OrderFeed()
    assert studio.presenter.ticker.isHidden()  # no orders yet: the presenter keeps all its space
    publish_on_the_loop(studio, [feed.next(exhibitor="acme", segment="intro") for _ in range(3)])
    panel = studio.console.orders
    qtbot.waitUntil(lambda: panel.received == 3, timeout=3000)

    rows = cells(panel.orders_model)
    assert rows[0][1:] == ["Auto Service Leroy — Chargeur de batterie", euros("189 €"), "Acme Lifts"]  # newest on top
    assert rows[2] == ["19:30:00", "Garage Dupont — Pont élévateur 3T", euros("3 490 €"), "Acme Lifts"]  # Paris time
    model = panel.orders_model
    assert model.data(model.index(2, 1), Qt.ItemDataRole.ToolTipRole) == euros("Garage Dupont — Pont élévateur 3T — 3 490 €")

    totals = cells(panel.totals_model)
    assert totals[0] == ["Show", "3", euros("7 969,50 €"), euros("2 656,50 €"), "3"]
    assert totals[-1] == ["Acme Lifts", "3", euros("7 969,50 €"), euros("2 656,50 €"), "3"]
    assert panel.headline.text() == euros("3 orders · 7 969,50 € · 3/min")

    ticker = studio.presenter.ticker
    assert not ticker.isHidden()
    assert (ticker.newest.full_text, ticker.amount.text()) == ("Auto Service Leroy — Chargeur de batterie —", euros("189 €"))
    assert ticker.total.text() == euros("3 orders · 7 969,50 €")


def test_before_any_order_each_row_says_there_is_nothing_yet(studio) -> None:
    totals = cells(studio.console.orders.totals_model)
    assert totals[0] == ["Show", "0", "—", "—", "0"]
    assert all(row[2:4] == ["—", "—"] for row in totals)


def test_the_segment_on_air_and_each_exhibitor_have_their_rows(studio, qtbot) -> None:
    qtbot.keyClick(studio.console, Qt.Key.Key_Space)  # Intro on air
    panel = studio.console.orders
    qtbot.waitUntil(lambda: panel.on_air == "intro", timeout=3000)
    feed = OrderFeed()
    publish_on_the_loop(studio, [feed.next(segment="intro", exhibitor=None), feed.next(segment="intro"),
                                 feed.next(segment="pitch", exhibitor="globex")])
    qtbot.waitUntil(lambda: panel.received == 3, timeout=3000)
    rows = {row[0]: row[1] for row in cells(panel.totals_model)}
    assert rows == {"Show": "3", "On air: Intro": "2", "Acme Lifts": "1", "globex": "1"}  # an unknown id by its id


def test_the_console_keeps_a_bounded_list(studio, qtbot) -> None:
    feed = OrderFeed()
    for _ in range(4):
        publish_on_the_loop(studio, [feed.next() for _ in range(ORDERS_KEPT)])
        qtbot.waitUntil(lambda: studio.console.orders.received == feed.count, timeout=3000)
    rows = cells(studio.console.orders.orders_model)
    assert len(rows) == ROWS_KEPT
    assert rows[0][1].startswith("Garage du Centre — Pont élévateur 4T")  # order 199
    assert rows[-1][1].startswith("Garage Dupont — Pont élévateur 4T")  # order 100


def test_a_burst_of_5000_orders_is_a_few_batches(qtbot) -> None:
    bus = EventBus()
    bridge = ShowBridge(bus)
    batches: list[tuple[float, OrderBatch]] = []
    bridge.orders.connect(lambda batch: batches.append((time.monotonic(), batch)))
    feed = OrderFeed()
    events = [feed.next() for _ in range(5000)]

    started = time.monotonic()
    publisher = threading.Thread(target=lambda: [bus.publish(e) for e in events])
    publisher.start()
    qtbot.waitUntil(lambda: sum(b.received for _, b in batches) == 5000, timeout=5000)
    publisher.join()
    elapsed = time.monotonic() - started
    qtbot.wait(300)  # nothing more comes

    assert sum(b.received for _, b in batches) == 5000
    assert len(batches) <= elapsed * ORDER_BATCHES_PER_S + 2, (len(batches), elapsed)
    gaps = [b - a for (a, _), (b, _) in zip(batches, batches[1:])]
    assert all(gap >= 0.9 / ORDER_BATCHES_PER_S for gap in gaps), gaps
    last = batches[-1][1]
    assert last.totals.show.orders == 5000
    assert last.newest[0] is events[-1].accepted  # the newest first
    assert len(last.newest) <= ORDERS_KEPT
    bridge.close()


def test_a_lone_order_after_a_quiet_spell_crosses_at_once(qtbot) -> None:
    bus = EventBus()
    bridge = ShowBridge(bus)
    arrived: list[float] = []
    bridge.orders.connect(lambda batch: arrived.append(time.monotonic()))
    feed = OrderFeed()
    sent = time.monotonic()
    threading.Thread(target=lambda: bus.publish(feed.next())).start()
    qtbot.waitUntil(lambda: len(arrived) == 1, timeout=1000)
    assert arrived[0] - sent < 0.05
    bridge.close()


def test_orders_from_the_real_desk_reach_the_panel(qtbot, tmp_path: Path, rundown_path: Path) -> None:
    studio = Studio(load_rundown(rundown_path), tmp_path / "studio.db", store=SettingsStore(tmp_path / "config"),
                    orders=OrdersConfig(port=None))
    qtbot.addWidget(studio.console)
    qtbot.addWidget(studio.presenter)
    studio.open()
    try:
        panel = studio.console.orders
        assert panel.headline.text() == "No orders yet"
        order = Order("A-1", "studio", 3490.0, "EUR", (Item("L3", 1, 3490.0, "Pont élévateur 3T"),), "acme", "Garage Dupont")
        assert studio.show.desk.take(order).result(timeout=5).new
        qtbot.waitUntil(lambda: panel.received == 1, timeout=3000)
        assert cells(panel.orders_model)[0][1:] == ["Garage Dupont — Pont élévateur 3T", euros("3 490 €"), "Acme Lifts"]
        assert cells(panel.totals_model)[0][:3] == ["Show", "1", euros("3 490 €")]
    finally:
        studio.close()


def test_totals_are_read_again_while_no_order_comes(studio, qtbot) -> None:
    """Orders per minute must fall when orders stop: the panel re-reads the desk's totals each second."""
    later = TotalsSnapshot(Totals(1, 3490.0, 0.0), {"acme": Totals(1, 3490.0, 0.0)}, {}, "EUR")
    panel = OrdersPanel(studio.show.rundown, lambda: later)
    qtbot.addWidget(panel)
    panel.show_orders(OrderBatch((), 1, TotalsSnapshot(Totals(1, 3490.0, 1.0), {}, {}, "EUR")))
    assert cells(panel.totals_model)[0][4] == "1"
    panel.show_state(studio.console.state)
    assert cells(panel.totals_model)[0][4] == "1"  # fresh: not read again yet
    qtbot.wait(1100)
    panel.show_state(studio.console.state)
    assert cells(panel.totals_model)[0][4] == "0"


def test_without_orders_the_panel_says_they_are_off(studio) -> None:
    assert studio.show.desk is None
    assert studio.console.orders.headline.text() == "Orders are off for this show"
