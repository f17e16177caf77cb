"""Order intake over HTTP: POST /orders, /webhooks/woocommerce, /webhooks/shopify; GET /orders/summary.

Every intake checks, in this order: the size (413), that a secret is set (503), the HMAC
signature of the raw body (401), the payload (400 naming the field). Only then is the
order stored, and the answer (201 new, 200 replay, 409 the same id with other contents)
is sent after the commit. A shop's free order (total 0) is answered 200 and only told to
the director, so the shop keeps its webhook. Nothing of a refused request is stored, and
no request, however malformed, gets a 500 (studio/api/server.py). The totals are read
with the control token only. docs/orders.md is the integrators' reference. The lead intake
(studio/api/leads.py) reuses these checks: `signed_body`, `Refused`, `Answers`, `RefusalNotices`.
"""

from __future__ import annotations

import asyncio
import logging
import re
import threading
import time
from concurrent.futures import Future
from dataclasses import asdict, dataclass
from typing import Any, Awaitable, Callable, Generic, TypeVar

from aiohttp import web

from studio.orders.adapters import Adapter, InvalidOrder, parse_shopify, parse_studio, parse_woocommerce
from studio.orders.config import NO_SECRET
from studio.orders.desk import OrderDesk
from studio.orders.signatures import SHOPIFY, STUDIO, WOOCOMMERCE, Scheme
from studio.orders.store import Stored
from studio.orders.totals import Totals
from studio.orders.model import Order
from studio.api.auth import behind_token
from studio.api.server import MAX_BODY, Handler, refusal
from studio.threads import Mailbox

log = logging.getLogger(__name__)

WOOCOMMERCE_PING = re.compile(rb"webhook_id=\d+")  # WooCommerce checks a new webhook's URL with this, unsigned
NOTICE_INTERVAL_S = 10.0

Notify = Callable[[str, str], None]  # (level, sentence) for the director
T = TypeVar("T")


@dataclass(frozen=True)
class Intake:
    path: str
    scheme: Scheme
    adapter: Adapter


INTAKES = (
    Intake("/orders", STUDIO, parse_studio),
    Intake("/webhooks/woocommerce", WOOCOMMERCE, parse_woocommerce),
    Intake("/webhooks/shopify", SHOPIFY, parse_shopify),
)


class Refused(Exception):
    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field


class Answers(Generic[T]):
    """Hands committed orders (or leads, or questions) back to the HTTP loop: one wake-up of the loop for a whole batch."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._ready: Mailbox[tuple[asyncio.Future[T], Future[T]]] = Mailbox(self._wake)

    def wait(self, stored: Future[T]) -> asyncio.Future[T]:
        waiter: asyncio.Future[T] = self._loop.create_future()
        stored.add_done_callback(lambda done: self._done(waiter, done))
        return waiter

    def _done(self, waiter: asyncio.Future[T], done: Future[T]) -> None:
        self._ready.put((waiter, done))

    def _wake(self) -> None:
        self._loop.call_soon_threadsafe(self._deliver)

    def _deliver(self) -> None:
        for waiter, done in self._ready.take().items:
            if waiter.cancelled():  # the client went away
                continue
            failure = done.exception()
            if failure is None:
                waiter.set_result(done.result())
            else:
                waiter.set_exception(failure)


class RateLimitedNotices:
    """Tells the director at most one sentence every ten seconds; the next one says how many were held meanwhile."""

    def __init__(self, notify: Notify, interval_s: float = NOTICE_INTERVAL_S) -> None:
        self._notify = notify
        self._interval = interval_s
        self._lock = threading.Lock()
        self._last = float("-inf")
        self._held = 0

    def say(self, level: str, sentence: str, held: str) -> None:
        """`held` names what was held, after its count: "more refused" reads "(3 more refused since the last notice)"."""
        with self._lock:
            now = time.monotonic()
            if now - self._last < self._interval:
                self._held += 1
                return
            self._last, count, self._held = now, self._held, 0
        more = f" ({count} {held} since the last notice)" if count else ""
        self._notify(level, f"{sentence}{more}")


class RefusalNotices(RateLimitedNotices):
    """Tells the director about refused requests, at most one sentence every ten seconds."""

    def __init__(self, notify: Notify, interval_s: float = NOTICE_INTERVAL_S, what: str = "an order") -> None:
        super().__init__(notify, interval_s)
        self._what = what

    def refused(self, path: str, peer: str | None, refusal: Refused) -> None:
        level = "error" if refusal.status >= 500 else "warning"
        self.say(level, f"Refused {self._what} on {path} from {peer or 'an unknown address'}: {refusal.message}",
                 "more refused")


def intake_handler(path: str, notices: RefusalNotices,
                   take: Callable[[web.Request, Answers[T]], Awaitable[web.Response]]) -> Handler:
    """A signed intake's POST handler (orders, leads, questions): `take` gets the server loop's Answers (made at the
    first request); a Refused it raises is the answer, and a notice for the director (rate-limited)."""
    answers: list[Answers[T]] = []

    async def handle(request: web.Request) -> web.Response:
        if not answers:
            answers.append(Answers(asyncio.get_running_loop()))
        try:
            return await take(request, answers[0])
        except Refused as refused:
            notices.refused(path, request.remote, refused)
            return refusal(refused.status, refused.message, refused.field)
    return handle


def intake_routes(desk: OrderDesk, secret: str | None, notify: Notify, token: str | None = None) -> list[web.RouteDef]:
    """The intakes, and the totals behind the control `token` (with none, the totals are refused)."""
    notices = RefusalNotices(notify)

    def handler(intake: Intake) -> Handler:
        async def take(request: web.Request, answers: Answers[Stored]) -> web.Response:
            return await _take(request, intake, desk, secret, answers, notify)
        return intake_handler(intake.path, notices, take)

    async def summary(_: web.Request) -> web.Response:
        return web.json_response(summary_json(desk))

    return [*(web.post(intake.path, handler(intake)) for intake in INTAKES),
            web.get("/orders/summary", behind_token(token, summary))]


async def _take(request: web.Request, intake: Intake, desk: OrderDesk, secret: str | None,
                answers: Answers[Stored], notify: Notify) -> web.Response:
    verified = await verified_order(request, intake, secret, notify)
    if isinstance(verified, web.Response):
        return verified
    body, order = verified
    done = await stored(answers, desk.take(order), "order")
    if done.amended:
        notify("warning", f"The order {_named(order)} came again with other contents (amount, lines, customer or "
                          "time); the first one is kept. Check it with the shop.")
        return refusal(409, f"The order {order.order_id} was stored before with other contents; the first one is "
                            "kept. An amended order needs a new id.", "id")
    return web.json_response({"status": "created" if done.new else "duplicate", "source": done.source,
                              "order": done.order_id, "exhibitor": done.exhibitor_id, "segment": done.segment_id},
                             status=201 if done.new else 200)


def _named(order: Order) -> str:
    """'shopify, id 777' for a notice."""
    return f"{order.source}, id {order.order_id}"


async def verified_order(request: web.Request, intake: Intake, secret: str | None,
                         notify: Notify) -> tuple[bytes, Order] | web.Response:
    """The body and its order once size, secret, signature and payload are checked, in that order (Refused
    otherwise); the answer itself for what is not an order to take (a WooCommerce ping, a free order)."""
    body = await _body(request)
    if intake.scheme is WOOCOMMERCE and WOOCOMMERCE_PING.fullmatch(body):
        return web.json_response({"status": "ping"})
    verify(body, request, intake.scheme, secret)
    try:
        order = intake.adapter(body)
    except InvalidOrder as exc:
        raise Refused(400, exc.message, exc.field) from None
    if order.amount == 0:
        notify("info", f"A free order (total 0) from {_named(order)} was acknowledged and not counted.")
        return web.json_response({"status": "free", "source": order.source, "order": order.order_id})
    return body, order


def verify(body: bytes, request: web.Request, scheme: Scheme, secret: str | None) -> None:
    """Refused (503, 401) unless a secret is set and the request's header signs `body` with it."""
    if not secret:
        raise Refused(503, NO_SECRET)
    if not scheme.verify(secret, body, request.headers.get(scheme.header)):
        raise Refused(401, f"Bad or missing signature: {scheme.header} must carry the HMAC-SHA256 of the body.",
                      scheme.header)


async def stored(answers: Answers[T], work: Future[T], noun: str) -> T:
    """What the desk committed; Refused 503 when it could not (the disk, not the request: the sender should send it
    again). The log names the error's kind only: what the sender wrote may be personal."""
    try:
        return await answers.wait(work)
    except Exception as exc:
        log.warning("a %s could not be stored: %s", noun, type(exc).__name__)
        raise Refused(503, f"The {noun} could not be stored ({exc}); send it again.") from None


def kept_first(notify: Notify, noun: str, item_id: str, changed: str) -> web.Response:
    """The 409 for an id that came again with other contents: the first one is kept, and the director is told."""
    notify("warning", f"The {noun} {item_id} came again with other contents; the first one is kept.")
    return refusal(409, f"The {noun} {item_id} was stored before with other contents; the first one is kept. "
                        f"An {changed} {noun} needs a new id.", "id")


async def signed_body(request: web.Request, scheme: Scheme, secret: str | None) -> bytes:
    """The body once its size (413), the secret (503) and its signature (401) are checked; Refused otherwise."""
    body = await _body(request)
    verify(body, request, scheme, secret)
    return body


async def _body(request: web.Request) -> bytes:
    too_big = Refused(413, "The body is larger than 1 MiB.")
    if request.content_length is not None and request.content_length > MAX_BODY:
        raise too_big
    try:
        return await request.read()  # aiohttp stops reading at the application's client_max_size
    except web.HTTPRequestEntityTooLarge:
        raise too_big from None


def summary_json(desk: OrderDesk) -> dict[str, Any]:
    """The totals so far: for the show, each exhibitor and each segment (the show's currency only)."""
    snapshot = desk.snapshot()
    return {"currency": snapshot.currency, "show": _totals(snapshot.show),
            "exhibitors": {key: _totals(value) for key, value in snapshot.by_exhibitor.items()},
            "segments": {key: _totals(value) for key, value in snapshot.by_segment.items()}}


def _totals(totals: Totals) -> dict[str, Any]:
    return {**asdict(totals), "average": round(totals.average, 2)}
