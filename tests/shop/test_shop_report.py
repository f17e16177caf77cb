"""The HTML report says, per exhibitor, whether its sales target was met: a real show, real orders over HTTP."""

from __future__ import annotations

import re
from pathlib import Path

from test_shop_stock import SECRET, post_order

from showkit import wait_until
from studio.app.session import LiveShow
from studio.orders.config import OrdersConfig
from studio.report.command import load, render
from studio.rundown.loader import load_rundown

RUNDOWN = """\
show: {title: Garage night, start: "19:30", timezone: Europe/Paris}
exhibitors:
  - id: acme
    name: Acme Lifts
    target: 10000
    products: [{sku: A-LIFT, name: Lift 3T, price: 3490, stock: 4}]
  - id: bolt
    name: Bolt
    target: 5000
  - id: crate
    name: Crate & Co
segments:
  - {id: pitch, title: Acme pitch, duration: 10m, end: hold, exhibitor: acme}
  - {id: demo, title: Bolt demo, duration: 10m, end: hold, exhibitor: bolt}
  - {id: talk, title: Crate talk, duration: 10m, end: hold, exhibitor: crate}
"""


def test_the_report_says_which_targets_were_met(db_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "show.yaml"
    path.write_text(RUNDOWN, encoding="utf-8")
    live = LiveShow(load_rundown(path), db_dir / "studio.db", auto_start=False, orders=OrdersConfig(port=0, secret=SECRET))
    try:
        live.run()
        live.go().result(5)
        assert wait_until(lambda: live.on_air is not None)
        assert post_order(live, "o-1", [("A-LIFT", 3, 3490.0)]) == 201
        live.go().result(5)
        assert wait_until(lambda: live.on_air is not None and live.on_air.id == "demo")
        assert post_order(live, "o-2", [("B-1", 1, 1200.0)]) == 201  # a product Bolt sells: attributed by the slot
        for _ in range(2):
            live.go().result(5)
        assert wait_until(lambda: live.ended)
    finally:
        live.close()
    report, look = load(db_dir / "studio.db")
    html = re.sub(r"[\u202f\xa0]", " ", render(report, look, "html"))
    rows = {name: row for name, row in re.findall(r"<tr><td>(Acme Lifts|Bolt|Crate &amp; Co)</td>(.*?)</tr>", html, re.S)}
    assert "Target met: 10 470 € of 10 000 € · 105 %" in rows["Acme Lifts"]
    assert "1 200 € of 5 000 € target · 24 %" in rows["Bolt"]
    assert "target" not in rows["Crate &amp; Co"].lower()  # no target given: nothing said
    assert html.count("<span>Sales target</span>") == 2  # on Acme's and Bolt's own pages
