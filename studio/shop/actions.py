"""Timed shop actions: the rundown's webhooks, sent at a segment's start, its end, or a cue.

On the show loop `ShopActions` only notes what fell due and drops it in a Mailbox (never waits
on the network). Its sender thread fills in the body, signs it (HMAC-SHA256 of the body with the
secret the rundown names, read from the environment or keyring, `X-Studio-Signature: sha256=<hex>`),
POSTs it and retries a shop that is down or failing with exponential backoff and jitter. Each
attempt is told as a Notice (source "shop"): the as-run `events` table and the console's event
log both keep it. Actions to one URL go in the order they fell due (a "close" never overtakes
its "open"); one URL that is down does not hold back the others.

The sender uses urllib: it is one plain thread sending one request at a time with a timeout,
which needs no asyncio loop of its own (aiohttp would), and the stdlib is enough for a POST. The
sender imports it on its own thread, when it starts for a rundown with actions (or at its first
delivery after a live edit added one): not on the console's start-up.
"""

from __future__ import annotations

import json
import random
import re
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable

from studio.config.settings import secret
from studio.orders.signatures import STUDIO
from studio.rundown.model import Rundown, Segment, ShopAction
from studio.show.events import CueDue, Event, EventBus, RundownChanged, SegmentEnded, SegmentStarted, ShowStarted
from studio.shop.stock import StockWatch
from studio.threads import Mailbox, start_thread

Tell = Callable[[str, str], None]  # (level, sentence) for the event log
DELIVERY_HEADER = "X-Studio-Delivery"  # the same on every attempt: a shop can drop a repeat
ATTEMPT_HEADER = "X-Studio-Attempt"
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Retry:
    """How a failing shop is tried again: `first_s` doubled each time up to `most_s`, half of it random."""

    first_s: float = 1.0
    most_s: float = 60.0
    attempts: int = 8  # then the action is given up (and said so)
    timeout_s: float = 5.0  # one request

    def wait_after(self, attempt: int) -> float:
        """Seconds before the next try after failed attempt number `attempt` (1-based)."""
        ceiling = min(self.most_s, self.first_s * 2 ** (attempt - 1))
        return ceiling / 2 + random.uniform(0, ceiling / 2)  # jitter: shops coming back are not hit in step


@dataclass
class Delivery:
    """One action that fell due, until the shop has it or it is given up."""

    action: ShopAction
    fields: dict[str, Any]  # what the body's placeholders take
    label: str  # "'open promo LIFT10' (serenco-pitch start)"
    ident: str = field(default_factory=lambda: secrets.token_hex(16))  # 128 random bits (a UUID4 has 122), without importing uuid
    attempt: int = 0
    due: float = 0.0  # time.monotonic() of the next try


def body_of(action: ShopAction, fields: dict[str, Any]) -> bytes:
    """The JSON sent: the rundown's template with its placeholders filled in, or every field."""
    if not action.body:
        return json.dumps(fields, ensure_ascii=False).encode()

    def fill(value: Any) -> Any:
        if isinstance(value, str):
            return _PLACEHOLDER.sub(lambda m: _text(fields[m[1]]) if m[1] in fields else m[0], value)
        if isinstance(value, dict):
            return {key: fill(item) for key, item in value.items()}
        if isinstance(value, list):
            return [fill(item) for item in value]
        return value

    return json.dumps(fill(json.loads(action.body)), ensure_ascii=False).encode()


class ShopActions:
    """Follows the show on its loop and hands each due action to the sender; a service (start, stop).
    Its `StockWatch` tells the crew when a product gets low or sells out."""

    def __init__(self, rundown: Rundown, bus: EventBus, to_wall: Callable[[float], datetime], tell: Tell,
                 retry: Retry = Retry()) -> None:
        self.rundown = rundown
        self._by_id = {segment.id: segment for segment in rundown.segments}
        self._to_wall = to_wall
        self._show_id: int | None = None
        self.sender = Sender(tell, retry)
        self.stock = StockWatch(rundown, bus)
        self._unsubscribe = bus.subscribe(self._follow, ShowStarted, SegmentStarted, SegmentEnded, CueDue,
                                          RundownChanged)

    def start(self) -> None:
        self.sender.start(prepare=any(_actions(segment) for segment in self.rundown.segments))
        missing = sorted({a.secret for s in self.rundown.segments for a in _actions(s) if not _secret(a.secret)})
        if missing:
            self.sender.tell("warning", f"Shop actions cannot be signed: set {', '.join(missing)} "
                                        f"(environment or keyring); until then they are not sent.")

    def stop(self) -> None:
        self._unsubscribe()
        self.stock.close()
        self.sender.stop()

    def _follow(self, event: Event) -> None:
        """On the show loop: no network, no disk; what is due goes to the sender's mailbox."""
        if isinstance(event, ShowStarted):
            self._show_id = event.show_id
        elif isinstance(event, RundownChanged):
            self.rundown = event.rundown
            self._by_id = {segment.id: segment for segment in event.rundown.segments}
        elif isinstance(event, (SegmentStarted, SegmentEnded)):
            moment = "start" if isinstance(event, SegmentStarted) else "end"
            segment = self._by_id.get(event.segment_id)
            if segment is not None:
                self._due(event, segment, moment, [a for a in segment.shop if a.on == moment])
        elif isinstance(event, CueDue) and event.cue.shop:
            segment = self._by_id.get(event.segment_id)
            if segment is not None:
                self._due(event, segment, "cue", list(event.cue.shop))

    def _due(self, event: Event, segment: Segment, moment: str, actions: list[ShopAction]) -> None:
        if not actions:
            return
        exhibitor = self.rundown.exhibitors.get(segment.exhibitor or "")
        fields = {"show": self.rundown.show.title, "show_id": self._show_id, "segment": segment.id,
                  "segment_title": segment.title, "exhibitor": segment.exhibitor,
                  "exhibitor_name": None if exhibitor is None else exhibitor.name, "on": moment,
                  "time": self._to_wall(event.at).isoformat(timespec="milliseconds")}
        for action in actions:
            label = f"'{action.name or action.url}' ({segment.id} {moment})"
            self.sender.put(Delivery(action, fields, label))


class Sender:
    """The thread that POSTs deliveries: in order per URL, retried with backoff, every attempt told."""

    STOP_GRACE_S = 3.0  # at the show's end, how long deliveries still waiting may take

    def __init__(self, tell: Tell, retry: Retry) -> None:
        self.tell = tell
        self.retry = retry
        self._wake = threading.Event()
        self._inbox: Mailbox[Delivery] = Mailbox(self._wake.set)
        self._queues: dict[str, deque[Delivery]] = {}  # URL -> deliveries, oldest first (the sender's own)
        self._stop_by: float | None = None  # set by stop(): leave at this time.monotonic()
        self._thread: threading.Thread | None = None
        self._closing = False

    def put(self, delivery: Delivery) -> None:
        """From any thread (the show loop): never waits."""
        self._inbox.put(delivery)

    def start(self, prepare: bool = False) -> None:
        """`prepare`: deliveries are expected, so the thread readies its HTTP client at once."""
        self._thread = start_thread("shop-actions", self._run, prepare)

    def stop(self) -> None:
        self._stop_by = time.monotonic() + self.STOP_GRACE_S
        self._wake.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self, prepare: bool) -> None:
        if prepare:
            import urllib.request  # noqa: F401  (imported here, on the sender's thread, not at start-up)
        while True:
            self._wake.clear()
            for delivery in self._inbox.take().items:
                delivery.due = time.monotonic()
                self._queues.setdefault(delivery.action.url, deque()).append(delivery)
            now = time.monotonic()
            if self._stop_by is not None and not self._closing:  # the show is closing: one last try each, now
                self._closing = True
                for queue in self._queues.values():
                    queue[0].due = min(queue[0].due, now)
            for url, queue in list(self._queues.items()):
                if queue[0].due <= now:
                    self._try(queue)
                if not queue:
                    del self._queues[url]
            waiting = [queue[0].due for queue in self._queues.values()]
            if self._stop_by is not None and (not waiting or time.monotonic() >= self._stop_by):
                self._abandon()
                return
            until = min([*waiting, *([self._stop_by] if self._stop_by is not None else [])], default=None)
            self._wake.wait(None if until is None else max(0.0, until - time.monotonic()))

    def _try(self, queue: deque[Delivery]) -> None:
        delivery = queue[0]
        delivery.attempt += 1
        key = _secret(delivery.action.secret)
        if key is None:
            queue.popleft()
            self.tell("error", f"Shop action {delivery.label}: not sent, the secret {delivery.action.secret} "
                               f"is not set (environment or keyring).")
            return
        failure, final = self._post(delivery, key)
        if failure is None:
            queue.popleft()
            return
        if final or delivery.attempt >= self.retry.attempts:
            queue.popleft()
            verdict = "not retried" if final else f"given up after {delivery.attempt} attempts"
            self.tell("error", f"Shop action {delivery.label}: {failure}; {verdict}.")
            return
        wait = self.retry.wait_after(delivery.attempt)
        delivery.due = time.monotonic() + wait
        self.tell("warning", f"Shop action {delivery.label}: attempt {delivery.attempt} failed ({failure}); "
                             f"next try in {wait:.1f} s.")

    def _post(self, delivery: Delivery, key: str) -> tuple[str | None, bool]:
        """(None, _) once the shop has it, else (why, whether trying again is pointless)."""
        import urllib.error
        import urllib.request

        body = body_of(delivery.action, delivery.fields)
        request = urllib.request.Request(delivery.action.url, data=body, method="POST", headers={
            "Content-Type": "application/json", "User-Agent": "studio-shop-actions/1",
            STUDIO.header: STUDIO.sign(key, body), DELIVERY_HEADER: delivery.ident,
            ATTEMPT_HEADER: str(delivery.attempt)})
        try:
            with urllib.request.urlopen(request, timeout=self.retry.timeout_s) as answer:
                status = answer.status
        except urllib.error.HTTPError as error:
            status = error.code
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            return f"the shop cannot be reached: {reason}", False
        if 200 <= status < 300:
            again = "" if delivery.attempt == 1 else f" on attempt {delivery.attempt}"
            self.tell("info", f"Shop action {delivery.label}: sent{again}, the shop answered {status}.")
            return None, False
        return f"the shop answered HTTP {status}", 400 <= status < 500 and status not in (408, 425, 429)

    def _abandon(self) -> None:
        """One sentence per shop still not answering when the show closed, naming what it did not get."""
        for url, queue in self._queues.items():
            labels = [delivery.label for delivery in queue]
            named = ", ".join(labels[:3]) + (f" and {len(labels) - 3} more" if len(labels) > 3 else "")
            self.tell("error", f"Shop actions not sent, the show closed while {url} was not answering: {named}.")
        self._queues.clear()


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _actions(segment: Segment) -> list[ShopAction]:
    return [*segment.shop, *(action for cue in segment.cues for action in cue.shop)]


def _secret(name: str) -> str | None:
    return secret(name, name)
