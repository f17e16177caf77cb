"""A real LiveShow with push tokens on loopback, and a WebSocket client that checks every message against the schema."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

import websocket  # websocket-client: a plain blocking client, as a script would use
from jsonschema import Draft202012Validator

from showkit import make_rundown, seg
from studio.api.push import schema
from studio.app.session import LiveShow
from studio.orders.config import OrdersConfig
from studio.orders.model import Item, Order
from studio.rundown.model import Card, Exhibitor, Rundown

CONTROL = "control-t0ken"
CREW = "crew-t0ken"
EXHIBITORS = {"acme": "acme-t0ken", "serenco": "serenco-t0ken"}
VALIDATOR = Draft202012Validator(schema())  # what the server sends
TO_SERVER = Draft202012Validator({**schema(), "oneOf": [{"$ref": "#/$defs/to_server"}]})  # what a client sends


def set_tokens(monkeypatch) -> None:
    monkeypatch.setenv("STUDIO_CREW_TOKEN", CREW)
    monkeypatch.setenv("STUDIO_EXHIBITOR_TOKENS", ",".join(f"{k}={v}" for k, v in EXHIBITORS.items()))


def trade_show(duration: float = 60.0) -> Rundown:
    """intro, acme's pitch (two cards), serenco's demo, closing."""
    rundown = make_rundown(
        seg("intro", duration, cards=(Card("Welcome everyone"),)),
        seg("pitch", duration, exhibitor="acme", kind="pitch", cards=(Card("Lift 3T: 3 490 €"), Card("Offer ends tonight", 20))),
        seg("demo", duration, exhibitor="serenco", kind="demo"),
        seg("closing", duration))
    return replace(rundown, exhibitors={"acme": Exhibitor("acme", "Acme Lifts"), "serenco": Exhibitor("serenco", "Serenco")})


def start_show(rundown: Rundown, db: Path, **kwargs: Any) -> LiveShow:
    live = LiveShow(rundown, db, auto_start=False, orders=OrdersConfig(port=0, control_token=CONTROL), **kwargs)
    live.run()
    return live


def order(n: int, exhibitor: str, amount: float = 100.0) -> Order:
    return Order(f"push-{n}", "studio", amount, "EUR", (Item("L3", 1, amount, "Lift"),), exhibitor, "Garage Dupont")


class Socket:
    """One WebSocket client; every message it reads is checked against studio/api/push.schema.json."""

    def __init__(self, port: int, token: str, timeout: float = 5.0) -> None:
        self.ws = websocket.create_connection(f"ws://127.0.0.1:{port}/ws?token={token}", timeout=timeout)
        self.seen: list[dict] = []

    def read(self) -> dict:
        data = self.ws.recv()
        if not data:  # a close frame
            raise ConnectionError("the server closed the WebSocket")
        message = json.loads(data)
        VALIDATOR.validate(message)
        self.seen.append(message)
        return message

    def until(self, test: Callable[[dict], bool], timeout: float = 5.0) -> dict:
        """The first message passing `test` (schema-checked, like every one before it)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = self.read()
            if test(message):
                return message
        raise AssertionError(f"no such message within {timeout} s; last: {self.seen[-1:]}")

    def state(self, test: Callable[[dict], bool] = lambda m: True, timeout: float = 5.0) -> dict:
        return self.until(lambda m: m["type"] == "state" and test(m), timeout)

    def send(self, **message: Any) -> None:
        self.ws.send(json.dumps(message))

    def close(self) -> None:
        self.ws.close()
