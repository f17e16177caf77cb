"""The console counts the leads beside the orders: a lead posted over HTTP reaches the panel, as a count only."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

from pathlib import Path  # noqa: E402

from leadkit import lead_body  # noqa: E402
from shopkit import SECRET, Shop, held_show  # noqa: E402

from studio.orders.config import OrdersConfig  # noqa: E402
from studio.rundown.loader import load_rundown  # noqa: E402
from ui.app import Studio  # noqa: E402
from ui.settings import SettingsStore  # noqa: E402


def test_a_lead_over_http_is_counted_beside_the_orders(qtbot, tmp_path: Path) -> None:
    studio = Studio(load_rundown(held_show(tmp_path, "Leads")), tmp_path / "studio.db", start="now",
                    store=SettingsStore(tmp_path / "config"), orders=OrdersConfig(port=0, secret=SECRET))
    qtbot.addWidget(studio.console)
    qtbot.addWidget(studio.presenter)
    studio.open()
    try:
        panel = studio.console.orders
        assert panel.leads.text() == "No leads yet"
        qtbot.waitUntil(lambda: studio.show.on_air is not None, timeout=5000)
        assert studio.show.api is not None
        shop = Shop(studio.show.api.url)
        assert shop.post("/leads", lead_body()).status == 201
        assert shop.post("/leads", lead_body(id="L-2", consent=False)).status == 201
        qtbot.waitUntil(lambda: panel.leads.text() == "2 leads", timeout=5000)
        assert "alice" not in panel.leads.text().lower()
    finally:
        studio.close()
