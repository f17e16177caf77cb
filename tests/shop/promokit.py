"""A trade show whose pitch opens a promo code when it starts, calls a last chance at a cue, closes it at its end."""

from __future__ import annotations

import json
import threading
from dataclasses import replace

from receiverkit import SECRET_NAME

from showkit import make_rundown, seg
from studio.rundown.model import Cue, Exhibitor, Product, Rundown, ShopAction

OPEN_BODY = {"action": "open", "code": "LIFT10", "segment": "{segment}", "exhibitor": "{exhibitor_name}",
             "at": "{time}", "show": "{show} #{show_id}"}


def promo_show(url: str, duration: float = 60.0, secret: str = SECRET_NAME) -> Rundown:
    """opening, acme's pitch (open at start, last call at half time, close at the end), closing; all auto."""
    opening = ShopAction(url, secret, "start", json.dumps(OPEN_BODY), "open promo LIFT10")
    closing = ShopAction(url, secret, "end", json.dumps({"action": "close", "code": "LIFT10"}), "close promo LIFT10")
    last_call = ShopAction(url, secret, name="last call")
    rundown = make_rundown(
        seg("opening", duration),
        seg("pitch", duration, exhibitor="acme", kind="pitch", shop=(opening, closing),
            cues=(Cue(duration / 2, shop=(last_call,)),)),
        seg("closing", duration))
    products = (Product("A-LIFT", "Lift 3T", 3490.0, stock=4), Product("A-JACK", "Jack 2T", 290.0, stock=20))
    return replace(rundown, exhibitors={"acme": Exhibitor("acme", "Acme Lifts", products, target=10000.0)})


class Told:
    """The sentences a ShopActions tells the event log, from its sender thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.lines: list[tuple[str, str]] = []

    def __call__(self, level: str, message: str) -> None:
        with self._lock:
            self.lines.append((level, message))

    def having(self, words: str, level: str | None = None) -> list[str]:
        with self._lock:
            return [m for lv, m in self.lines if words in m and level in (None, lv)]


def stock_show() -> Rundown:
    """opening, acme's pitch, bolt's demo, each held until GO; acme has a target and two counted products."""
    rundown = make_rundown(seg("opening", 60, end="hold"), seg("pitch", 600, end="hold", exhibitor="acme", kind="pitch"),
                           seg("demo", 600, end="hold", exhibitor="bolt", kind="demo"))
    acme = promo_show("http://127.0.0.1:9/unused").exhibitors["acme"]
    bolt = Exhibitor("bolt", "Bolt", (Product("B-TYRE", "Tyre changer", 2890.0, stock=2),))
    return replace(rundown, exhibitors={"acme": acme, "bolt": bolt})
