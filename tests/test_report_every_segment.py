"""End to end: a real LiveShow (real clock, real SQLite, orders and remote control over HTTP on loopback) with a
GO cut by a remote caller, a skip, a remote jump over a pitch, a hard start that cuts and drops, and orders before
GO, during and after the show. The CSV and HTML reports must list every planned segment with what happened to it
and who did it, and their totals must be the console's (`/orders/summary`)."""

from __future__ import annotations

import csv
import io
import math
import os
import re
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "orders"))
from shopkit import SECRET, TOKEN, Shop, order_body  # noqa: E402

from httpkit import request  # noqa: E402
from studio.app.cli import main  # noqa: E402
from studio.app.session import LiveShow  # noqa: E402
from studio.orders.config import OrdersConfig  # noqa: E402
from studio.report import charts  # noqa: E402
from studio.report.command import load  # noqa: E402
from studio.rundown.loader import load_rundown  # noqa: E402

HARD_START_S = 11  # after the planned start: the planned length of what comes before (room for the moves before it)
PARIS = ZoneInfo("Europe/Paris")

RUNDOWN = """\
show:
  title: Salon every segment
  timezone: Europe/Paris
  start: "{start}"
  currency: EUR
  locale: fr-FR
exhibitors:
  - id: acme
    name: Acme Lifts
    products:
      - {{sku: A-LIFT, name: Pont élévateur 3T, price: 3490}}
  - id: bolt
    name: Bolt
segments:
  - {{id: opening, title: Opening, duration: 2s, end: hold}}
  - {{id: acme-pitch, title: Acme pitch, exhibitor: acme, duration: 2s, end: hold}}
  - {{id: break, title: Break, duration: 1s, end: hold}}
  - {{id: bolt-pitch, title: Bolt pitch, exhibitor: bolt, duration: 2s, end: hold}}
  - {{id: interview, title: Interview, duration: 2s, end: hold}}
  - {{id: demo, title: Acme demo, exhibitor: acme, duration: 1s, end: hold}}
  - {{id: extra, title: Extra, duration: 1s, end: auto}}
  - {{id: closing, title: Closing, duration: 1s, end: auto, start: "{hard}"}}
"""


def wait_for(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


@pytest.fixture
def rundown_path(db_dir) -> Path:
    start = datetime.fromtimestamp(math.ceil(time.time()) + 1, PARIS)
    if start.date() != (start + timedelta(seconds=HARD_START_S + 5)).date():
        pytest.skip("a show cannot cross midnight")
    path = db_dir / "salon.yaml"
    hard = start + timedelta(seconds=HARD_START_S)
    path.write_text(RUNDOWN.format(start=start.strftime("%H:%M:%S"), hard=hard.strftime("%H:%M:%S")), encoding="utf-8")
    return path


def test_reports_list_every_planned_segment_and_add_up_to_the_console(rundown_path, db_dir, capsys) -> None:
    db = db_dir / "studio.db"
    show = LiveShow(load_rundown(rundown_path), db, auto_start=False,
                    orders=OrdersConfig(port=0, secret=SECRET, control_token=TOKEN))
    show.run()
    try:
        assert show.api is not None
        shop, control = Shop(show.api.url), {"Authorization": f"Bearer {TOKEN}"}
        amounts = iter([100.0, 250.5, 3490.0, 40.0, 990.0, 75.25, 12.0])

        def order(n: str) -> None:
            amount = next(amounts)
            body = order_body(f"E-{n}", amount=amount, items=[{"sku": "A-LIFT", "qty": 1, "price": amount}])
            assert shop.post("/orders", body).status == 201

        def remote(command: str, query: str = "") -> None:
            assert request("POST", f"{show.api.url}/control/{command}{query}", headers=control).status == 200

        order("pre-1")
        order("pre-2")  # before GO: the log has no show yet
        show.go().result(5)
        wait_for(lambda: show.on_air is not None and show.on_air.id == "opening")
        order("opening")
        remote("go")  # the opening cut short by a remote caller
        wait_for(lambda: show.on_air.id == "acme-pitch")
        order("acme")
        show.skip().result(5)  # the director drops the break
        remote("jump", "?segment=interview&confirm=true")  # over Bolt's pitch: the lost pitch
        wait_for(lambda: show.on_air.id == "interview")
        order("interview")
        show.go().result(5)  # interview cut short by the director
        wait_for(lambda: show.on_air.id == "demo")
        order("demo")
        wait_for(lambda: show.ended, timeout=HARD_START_S + 10)  # the hard start cuts the held demo, drops extra
        order("after")
        def summary() -> dict:
            return request("GET", f"{show.api.url}/orders/summary", headers=control).body

        wait_for(lambda: summary()["show"]["orders"] == 7)  # the console counts an order once committed and published
        console = summary()
    finally:
        show.close()

    assert main(["report", "--db", str(db)]) == 0  # no --format: CSV on standard output
    rows = {row["segment_id"]: row for row in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert list(rows) == ["opening", "acme-pitch", "break", "bolt-pitch", "interview", "demo", "extra", "closing"]
    happened = {key: (row["status"], row["ended_by"], row["dropped_by"], row["by"]) for key, row in rows.items()}
    assert happened == {
        "opening": ("cut short", "go", "", "remote 127.0.0.1"),
        "acme-pitch": ("cut short", "jump", "", "remote 127.0.0.1"),
        "break": ("skipped", "skip", "skip", "director"),
        "bolt-pitch": ("skipped", "jump", "jump", "remote 127.0.0.1"),
        "interview": ("cut short", "go", "", "director"),
        "demo": ("aired", "hard", "", "automation"),  # held past its length until the hard start
        "extra": ("skipped", "skip", "hard_start", "automation"),
        "closing": ("aired", "auto", "", "automation"),
    }
    assert float(rows["bolt-pitch"]["over_under_s"]) == -2 and rows["bolt-pitch"]["actual_start"] == ""

    report, look = load(db)
    assert (report.sales.orders, report.sales.revenue) == (console["show"]["orders"], console["show"]["revenue"])
    assert (report.pre_show.orders, report.pre_show.revenue) == (2, 350.5)
    in_segments = sum(line.sales.orders for line in report.segments)
    assert in_segments + report.pre_show.orders + report.outside.orders == report.sales.orders
    assert {line.exhibitor_id: line.sales.orders for line in report.exhibitors if line.sales.orders} == {
        key: value["orders"] for key, value in console["exhibitors"].items()}
    assert {line.segment_id: line.sales.orders for line in report.segments if line.sales.orders} == {
        key: value["orders"] for key, value in console["segments"].items()}

    html_path = Path(os.environ.get("REPORT_HTML_KEEP", db_dir / "salon.html"))  # set it to look at the page
    assert main(["report", "--db", str(db), "-o", str(html_path)]) == 0
    html = html_path.read_text(encoding="utf-8")
    for words in ("jumped over", "by remote 127.0.0.1", "dropped by a hard start", "skipped", "by automation",
                  "Bolt pitch", "before GO (pre-show)", look.money(console["show"]["revenue"])):
        assert words in html, words
    assert all(line.revenue_per_minute is None for line in report.segments)  # seconds on air: no rate
    drift_times = re.findall(r'text-anchor="middle" dominant-baseline="middle">([0-9:]+)</text>', charts.drift_curve(report, look))
    assert len(drift_times) == len(set(drift_times)) >= 2  # each time on the axis once
    assert html.count("cut short") >= 3 and '<html lang="en">' in html
    bolt_page = html[html.index('id="exhibitor-bolt"'):]
    assert "Bolt pitch" in bolt_page and "jumped over" in bolt_page  # the exhibitor sees their lost pitch
