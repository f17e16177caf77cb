"""The studio's side of the relay: orders, leads and questions read from the Redis stream with a consumer group.

Each entry goes through the order desk, the lead desk or the question board (by the path it was
posted to), the same path as one posted to the studio over HTTP, and is acknowledged (XACK)
only once it is committed to SQLite. Entries delivered but never acknowledged (the studio
stopped or was killed before its commit) stay pending for this consumer and are read again
first when it comes back, before the group's backlog (what arrived while it was away).
Delivery is at least once; the key of an order, a lead or a question (its source and id)
makes a second delivery a replay, stored once. The relay cannot know what the studio stored, so
a replay with other contents is found here, after its commit: the first version is kept, the
entry acknowledged, the director told (rate-limited) and an as-run event `relay_amended` written.
Redis faults are notices for the director; the show never waits for the broker. Nothing logged or
told names a person: entries are named by their intake, source and id.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, wait
from dataclasses import dataclass
from typing import Any, Callable, Protocol, TypeVar

import redis
from redis.exceptions import RedisError, ResponseError

from studio.api.intake import INTAKES, NOTICE_INTERVAL_S, RateLimitedNotices
from studio.leads.desk import LeadDesk
from studio.obs.backoff import Backoff
from studio.orders.adapters import InvalidOrder
from studio.orders.desk import OrderDesk
from studio.questions.board import QuestionBoard
from studio.relay.posts import LEAD, QUESTION
from studio.relay.stream import BODY, INTAKE, StreamConfig, safe_url
from studio.threads import Worker

log = logging.getLogger(__name__)

BLOCK_MS = 1000  # how long one read waits for new entries (and so how long stop() may wait)
SETTLE_MS = 5  # how long a read waits while orders are being committed (their XACK follows the read)
BATCH = 500  # entries read at once
IN_FLIGHT_MAX = 5000  # entries handed to the desk and not yet committed, at most
STORE_TIMEOUT_S = 10.0  # how long stop() waits for the last commits (after it, they stay pending: read again)
CLAIM_IDLE_MS = 60_000  # entries left pending this long by another consumer of the group are taken over
AMENDED_NOTICE_S = NOTICE_INTERVAL_S  # at most one sentence this often about replays with other contents

Tell = Callable[[str, str], None]  # (level, sentence) for the director
Record = Callable[[str, dict[str, Any]], None]  # (kind, detail): an as-run event, from any thread
Entry = tuple[bytes, dict[bytes, bytes]]


@dataclass(frozen=True)
class Taking:
    """An entry handed to its desk: what it is (for a sentence and the as-run log) and its commit."""

    noun: str  # "order", "lead", "question"
    source: str
    key: str  # the id its sender gave it
    stored: Future[Any]  # resolves after the commit to a `Stored` or a `Taken`: both say whether it was `amended`


Take = Callable[[bytes], Taking]  # an entry's body, parsed and handed over


class Sent(Protocol):
    @property
    def source(self) -> str: ...


T = TypeVar("T", bound=Sent)


def takers(desk: OrderDesk, leads: LeadDesk | None = None, board: QuestionBoard | None = None) -> dict[bytes, Take]:
    """Who takes each intake's entries: the order desk (with that intake's adapter), the lead desk, the board."""
    takes = {intake.path.encode(): _then("order", intake.adapter, lambda order: order.order_id, desk.take)
             for intake in INTAKES}
    if leads is not None:
        takes[LEAD.path.encode()] = _then(LEAD.noun, LEAD.parse, LEAD.key, leads.take)
    if board is not None:
        takes[QUESTION.path.encode()] = _then(QUESTION.noun, QUESTION.parse, QUESTION.key, board.take)
    return takes


def _then(noun: str, parse: Callable[[bytes], T], key: Callable[[T], str], take: Callable[[T], Future[Any]]) -> Take:
    def taking(body: bytes) -> Taking:
        item = parse(body)
        return Taking(noun, item.source, key(item), take(item))
    return taking


class StreamFeed(Worker):
    """A service of the show (start/stop): reads `config.stream` as `config.consumer` of `config.group`.

    Reading does not wait for the commit: while one batch is committed the next is read and
    handed to the desk (it rides in the next group commit), and each entry is acknowledged
    on a later step, once it is committed.
    """

    def __init__(self, config: StreamConfig, takes: dict[bytes, Take], tell: Tell, record: Record) -> None:
        """`takes`: who takes each intake's entries (`takers`); `record` writes an as-run event."""
        super().__init__("orders-stream", retry_s=1.0)
        self.config = config
        self._takes = takes
        self._tell = tell
        self._record = record
        self._amended = RateLimitedNotices(tell, AMENDED_NOTICE_S)
        self._client: redis.Redis | None = None
        self._pending_first = True  # read what this consumer was given and never acknowledged, then new entries
        self._in_flight: list[tuple[bytes, Taking]] = []  # handed to a desk, not yet acknowledged
        self._skipped: list[bytes] = []  # entries studio cannot take: acknowledged without storing
        self._backoff = Backoff(initial=0.5, cap=10.0)
        self._fault: str | None = None  # the sentence told for the current outage

    def step(self) -> float:
        try:
            client = self._client or self._connect()
            if not self._acknowledge(client):  # a commit failed: its entries stay pending, read again after a pause
                self._pending_first = True
                return self._backoff.next()
            if len(self._in_flight) >= IN_FLIGHT_MAX:  # the disk is slow: let the desk catch up
                return SETTLE_MS / 1000
            self._take(self._read(client))
        except (RedisError, OSError) as exc:
            self._client = None
            self._pending_first = True
            self._broken(f"Orders from the relay cannot be read from {self._where()} ({exc}). studio keeps trying; "
                         "the relay holds them meanwhile and the show goes on.")
            return self._backoff.next()
        self._backoff.reset()
        if self._fault is not None:
            self._fault = None
            self._tell("info", f"Orders from the relay are read again from {self._where()}.")
        return 0.0

    def stop(self) -> None:
        """Stop reading; acknowledge what the desk commits meanwhile (the desk and the log stop after this)."""
        super().stop()
        wait([taking.stored for _, taking in self._in_flight], timeout=STORE_TIMEOUT_S)
        if self._client is not None:
            try:
                self._acknowledge(self._client)
            except (RedisError, OSError):
                log.warning("the last orders stay pending in the stream; they are taken again (once) at the next start")
            self._client.close()
            self._client = None

    # ----- internals ----------------------------------------------------------------------

    def _connect(self) -> redis.Redis:
        config = self.config
        client = redis.Redis.from_url(config.url, socket_timeout=BLOCK_MS / 1000 + 10, socket_connect_timeout=5)
        try:
            client.xgroup_create(config.stream, config.group, id="0", mkstream=True)  # a new group starts at the beginning
        except ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise
        self._client = client
        return client

    def _read(self, client: redis.Redis) -> list[Entry]:
        config = self.config
        if self._pending_first and not self._in_flight:
            client.xautoclaim(config.stream, config.group, config.consumer, CLAIM_IDLE_MS, "0-0", count=BATCH)
            entries = _entries(client.xreadgroup(config.group, config.consumer, {config.stream: "0"}, count=BATCH))
            if entries:
                return entries
            self._pending_first = False
        return _entries(client.xreadgroup(config.group, config.consumer, {config.stream: ">"}, count=BATCH,
                                          block=SETTLE_MS if self._in_flight else BLOCK_MS))

    def _take(self, entries: list[Entry]) -> None:
        """Hand the entries to their desks (the commit is not waited for)."""
        for entry_id, fields in entries:
            take = self._takes.get(fields.get(INTAKE.encode(), b""))
            try:
                if take is None:
                    raise InvalidOrder(INTAKE, f"no intake {fields.get(INTAKE.encode())!r}")
                self._in_flight.append((entry_id, take(fields.get(BODY.encode(), b""))))
            except InvalidOrder as exc:  # the relay checked it: another writer's entry; kept in the stream, not retried
                self._tell("warning", f"An entry {entry_id.decode()} of the stream {self.config.stream} is nothing "
                                      f"studio takes and was skipped: {exc.message}")
                self._skipped.append(entry_id)

    def _acknowledge(self, client: redis.Redis) -> bool:
        """XACK the entries that are committed; False when a commit failed (those stay pending)."""
        settled = [(entry_id, taking) for entry_id, taking in self._in_flight if taking.stored.done()]
        self._in_flight = [(entry_id, taking) for entry_id, taking in self._in_flight if not taking.stored.done()]
        failed = [taking.stored.exception() for _, taking in settled if taking.stored.exception() is not None]
        stored = [(entry_id, taking) for entry_id, taking in settled if taking.stored.exception() is None]
        done = self._skipped + [entry_id for entry_id, _ in stored]
        self._skipped = []
        if done:
            client.xack(self.config.stream, self.config.group, *done)
        for entry_id, taking in stored:  # acknowledged: told once, never again at a redelivery
            if taking.stored.result().amended:
                self._told_amended(entry_id, taking)
        if failed:
            log.error("%d entries from the stream not stored: %s", len(failed), failed[0])
            self._broken(f"{len(failed)} orders, leads or questions from the relay could not be stored ({failed[0]}); "
                         "they stay with the relay and are tried again.")
        return not failed

    def _told_amended(self, entry_id: bytes, taking: Taking) -> None:
        """A replay with other contents: an as-run event each, a sentence for the director at most every 10 s."""
        self._record("relay_amended", {"intake": taking.noun, "source": taking.source, "id": taking.key,
                                       "entry": entry_id.decode(), "stream": self.config.stream})
        self._amended.say("warning", f"The {taking.noun} {taking.key} ({taking.source}) came again through the "
                                     f"relay with other contents; the first one is kept. An amended {taking.noun} "
                                     "needs a new id: check it with its sender.", "more came again with other contents")

    def _broken(self, sentence: str) -> None:
        """Tell the director once an outage, not once a retry."""
        if self._fault is None:
            self._fault = sentence
            self._tell("error", sentence)

    def _where(self) -> str:
        return f"{safe_url(self.config.url)} (stream {self.config.stream})"


def _entries(reply: Any) -> list[Entry]:
    """XREADGROUP's answer (RESP2: [[stream, entries]]) for one stream: its entries (a deleted one, pending
    still, has no fields)."""
    return [(entry_id, fields or {}) for _, entries in reply or [] for entry_id, fields in entries]
