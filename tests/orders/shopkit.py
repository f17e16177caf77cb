"""Shops as the tests play them: a rundown with products, signed requests on loopback, the table read back."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import threading
import time
from contextlib import closing
from dataclasses import replace
from pathlib import Path
from typing import Iterator

from httpkit import Reply, request
from showkit import Recorded, make_rundown, seg
from studio.show.events import OrderReceived
from studio.app.session import LiveShow
from studio.orders.config import OrdersConfig
from studio.orders.signatures import SHOPIFY, STUDIO, WOOCOMMERCE, Scheme
from studio.rundown.model import Exhibitor, Product, Rundown

SECRET = "shop-secret"
TOKEN = "control-token"  # the control token of the `live_with_token` show: it reads the totals
PAYLOADS = Path(__file__).resolve().parent / "payloads"
SCHEMES = {"/orders": STUDIO, "/webhooks/woocommerce": WOOCOMMERCE, "/webhooks/shopify": SHOPIFY}
STUDIO_COMMAND = str(Path(sys.executable).parent / "studio")
HELD = """\
show:
  title: {title}
  timezone: Europe/Paris
  start: "19:30:00"
exhibitors:
  - id: acme
    name: Acme Lifts
    products:
      - {{sku: A-LIFT, name: Pont élévateur 3T, price: 3490}}
segments:
  - {{id: opening, title: Opening, duration: 1s, end: auto}}
  - {{id: acme-pitch, title: Acme, duration: 10m, end: hold, exhibitor: acme}}
"""


def shop_rundown(**kwargs) -> Rundown:
    """Opening, Acme's pitch, a break, Bolt's pitch, closing: a minute each, every one auto."""
    rundown = make_rundown(seg("opening", 60, kind="opening"), seg("acme-pitch", 60, kind="pitch", exhibitor="acme"),
                           seg("break", 60, kind="break"), seg("bolt-pitch", 60, kind="pitch", exhibitor="bolt"),
                           seg("closing", 60, kind="closing"), **kwargs)
    exhibitors = {
        "acme": Exhibitor("acme", "Acme Lifts", (Product("A-LIFT", "Pont élévateur 3T", 3490.0), Product("A-JACK", "Cric rouleur 2T", 290.0))),
        "bolt": Exhibitor("bolt", "Bolt", (Product("B-TYRE", "Démonte-pneus 24 pouces", 2890.0),)),
    }
    return replace(rundown, exhibitors=exhibitors)


def order_body(order_id: str = "A-1001", **fields) -> bytes:
    """Our own order format, as JSON bytes; `fields` replace or add keys (None removes one)."""
    payload = {"id": order_id, "amount": 3490.0, "currency": "EUR", "customer": "Garage Dupont",
               "items": [{"sku": "A-LIFT", "qty": 1, "price": 3490.0}]}
    payload.update(fields)
    return json.dumps({k: v for k, v in payload.items() if v is not None}, ensure_ascii=False).encode()


def held_show(folder: Path, title: str) -> Path:
    """A rundown file for `studio run`: a 1 s opening, then Acme's pitch held on air until GO."""
    rundown = folder / "show.yaml"
    rundown.write_text(HELD.format(title=title))
    return rundown


def studio_environment(folder: Path) -> dict[str, str]:
    """The environment of a `studio` process: the shop's secret, its own config folder, no control token."""
    env = {**os.environ, "STUDIO_ORDERS_SECRET": SECRET, "XDG_CONFIG_HOME": str(folder / "config")}
    env.pop("STUDIO_CONTROL_TOKEN", None)
    return env


def payload(name: str) -> bytes:
    return (PAYLOADS / name).read_bytes()


class Shop:
    """Posts to the show's listener on loopback, signing with the scheme of each endpoint."""

    def __init__(self, base: str, secret: str = SECRET) -> None:
        self.base = base
        self.secret = secret

    def post(self, path: str, body: bytes, *, signature: str | None = "sign", headers: dict | None = None) -> Reply:
        """`signature`: "sign" signs with the shop's secret, None sends no signature, anything else is sent as is."""
        scheme: Scheme = SCHEMES.get(path, STUDIO)
        sent = {"Content-Type": "application/json", **(headers or {})}
        if signature is not None:
            sent[scheme.header] = scheme.sign(self.secret, body) if signature == "sign" else signature
        return self.send("POST", path, body, sent)

    def send(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> Reply:
        return request(method, self.base + path, body, headers)


class OrderBurst:
    """Shops posting orders as fast as they are answered, one thread each, until stopped; a shop stops early when
    the listener is gone. `acknowledged`: the ids answered with one of the `acknowledging` statuses."""

    def __init__(self, base: str, shops: int, acknowledging: tuple[int, ...]) -> None:
        self._shop = Shop(base)
        self._acknowledging = acknowledging
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._acknowledged: list[str] = []
        self._threads = [threading.Thread(target=self._post, args=(n,)) for n in range(shops)]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()

    @property
    def acknowledged(self) -> list[str]:
        with self._lock:
            return list(self._acknowledged)

    def count(self) -> int:
        with self._lock:
            return len(self._acknowledged)

    def _post(self, thread: int) -> None:
        n = 0
        while not self._stop.is_set():
            order_id = f"t{thread}-{n}"
            n += 1
            try:
                reply = self._shop.post("/orders", order_body(order_id))
            except OSError:  # the listener is gone
                return
            if reply.status in self._acknowledging:
                with self._lock:
                    self._acknowledged.append(order_id)


def stored(db: Path) -> list[dict]:
    """The orders table as another reader sees it now (nothing waited for)."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(row) for row in connection.execute("SELECT * FROM orders ORDER BY id")]


def published(show: LiveShow, count: int, timeout: float = 5.0) -> list[OrderReceived]:
    """Wait until `count` orders were published on the show's bus; all of them."""
    deadline = time.monotonic() + timeout
    while len(show.received.of(OrderReceived)) < count and time.monotonic() < deadline:  # type: ignore[attr-defined]
        time.sleep(0.01)
    return show.received.of(OrderReceived)  # type: ignore[attr-defined]


def live_show(db: Path, token: str | None = None) -> Iterator[LiveShow]:
    """A live show (the real clock) on the shop rundown, its listener on a free loopback port, on air on its
    opening; `show.received` records its events. A fixture's body: yield from it."""
    show = LiveShow(shop_rundown(), db, auto_start=False, orders=OrdersConfig(port=0, secret=SECRET, control_token=token))
    show.received = Recorded(show.bus)  # type: ignore[attr-defined]
    show.run()
    show.go()
    deadline = time.monotonic() + 5
    while show.on_air is None and time.monotonic() < deadline:
        time.sleep(0.01)
    yield show
    show.close()
