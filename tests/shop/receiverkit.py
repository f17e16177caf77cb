"""A shop's webhook endpoint on loopback, as the tests play it: a real aiohttp server on its own thread
that checks each request's HMAC signature and records it; it can be down, failing, or hanging."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from studio.orders.signatures import STUDIO
from studio.shop.actions import ATTEMPT_HEADER, DELIVERY_HEADER

SECRET = "promo-hook-key"
SECRET_NAME = "STUDIO_TEST_SHOP_SECRET"


@dataclass(frozen=True)
class Received:
    body: dict[str, Any]
    signed: bool  # the signature checked out with SECRET
    delivery: str
    attempt: int
    path: str


class Receiver:
    """POST /hooks/<anything>: 200 (or `status` for the next `failing` requests), after checking the signature."""

    def __init__(self, port: int = 0, secret: str = SECRET) -> None:
        self.port = port or _free_port()
        self.secret = secret
        self.received: list[Received] = []
        self.failing = 0
        self.status = 503
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None

    def url(self, path: str = "promo") -> str:
        return f"http://127.0.0.1:{self.port}/hooks/{path}"

    def signed(self) -> list[Received]:
        with self._lock:
            return [r for r in self.received if r.signed]

    def start(self) -> Receiver:
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._serve, args=(ready,), name="test-shop-receiver", daemon=True)
        self._thread.start()
        assert ready.wait(5), "the receiver did not start"
        return self

    def stop(self) -> None:
        loop, runner = self._loop, self._runner
        if loop is None or runner is None or self._thread is None:
            return
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(5)
        loop.call_soon_threadsafe(loop.stop)
        self._thread.join(5)
        loop.close()
        self._loop = self._runner = self._thread = None

    def _serve(self, ready: threading.Event) -> None:
        assert self._loop is not None
        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.router.add_post("/hooks/{name}", self._hook)
        self._runner = web.AppRunner(app)
        self._loop.run_until_complete(self._runner.setup())
        self._loop.run_until_complete(web.TCPSite(self._runner, "127.0.0.1", self.port).start())
        ready.set()
        self._loop.run_forever()

    async def _hook(self, request: web.Request) -> web.Response:
        raw = await request.read()
        signed = STUDIO.verify(self.secret, raw, request.headers.get(STUDIO.header))
        with self._lock:
            self.received.append(Received(json.loads(raw), signed, request.headers.get(DELIVERY_HEADER, ""),
                                          int(request.headers.get(ATTEMPT_HEADER, "0")), request.path))
            if self.failing:
                self.failing -= 1
                return web.Response(status=self.status)
        return web.Response(status=200 if signed else 401, text="ok" if signed else "bad signature")


class Hanging:
    """A port that accepts connections and never answers (a shop stuck mid-request)."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.port = self.socket.getsockname()[1]

    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/stuck"

    def close(self) -> None:
        self.socket.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
