"""The push API: the show's state to every screen over one WebSocket, `/ws` (docs/push-api.md).

The show loop only notes what happened and drops the event in a Mailbox (never waits);
the listener's asyncio loop takes each batch, reads the state once (posted to the show
loop, like GET /status), writes it once per audience (everyone who sees all, each exhibitor)
and gives each client the newest text. Each client has its own sender: a slow one only
ever has the latest state waiting, and one that does not take it in time is dropped.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Mapping

from aiohttp import WSCloseCode, WSMsgType, web

from studio.api.roles import Role, Tokens
from studio.obs.events import LinkState, ObsStatus
from studio.orders.totals import Totals, TotalsSnapshot
from studio.rundown.model import Rundown
from studio.show.commands import COMMANDS, REQUIRED, STRING_KINDS, BadArgument, Command, Outcome, ShowControl, command
from studio.show.events import (ClipProgress, CountdownBeep, CueDue, DirectorAction, Event, EventBus, LogHealth, PresenterMessage,
                                ScenePreroll, Tick)
from studio.show.snapshot import BlockTiming, SegmentTiming, ShowState
from studio.shop.stock import shop_json, shops
from studio.threads import Mailbox

log = logging.getLogger(__name__)

VERSION = 1
MINOR = 2  # 1.1: blocks, delays, custom fields and the delay command; 1.2: argument kind "name" (docs/push-api.md)
HEARTBEAT_S = 1.0  # a `clock` message this often: the client knows the link is alive
REFRESH_S = 5.0  # a fresh state at least this often (projected starts move in overtime)
MIN_INTERVAL_S = 0.03  # states are at most this frequent (an order burst is one state per interval)
SEND_TIMEOUT_S = 2.0  # a client that takes longer to take a message is dropped
MAX_BUFFERED = 1024 * 1024  # bytes waiting in a client's socket before it is dropped
MAX_INCOMING = 64 * 1024
STATE_TIMEOUT_S = 2.0
PROTOCOL_PING_S = 10.0  # a peer gone without a word (cable pulled) is found by WebSocket pings
CLOSE_S = 1.0  # how long a closing handshake may take
TOO_SLOW = 4008
BAD_MESSAGE = 4400
QUIET = (Tick, ClipProgress, CountdownBeep, ScenePreroll)  # change nothing a client does not compute itself

Now = Callable[[], datetime]
Topic = Callable[[Role], "dict[str, Any] | None"]  # a message beside the state, made for one role
SCHEMA_PATH = Path(__file__).with_name("push.schema.json")  # beside the module, in a bundle too (packaging/studio.spec)
VIEWS_DIR = Path(__file__).with_name("views")


def schema() -> dict[str, Any]:
    """The JSON Schema of every message the server sends (studio/api/push.schema.json)."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def ms(moment: datetime | None) -> float | None:
    return None if moment is None else round(moment.timestamp() * 1000, 1)


@dataclass
class Facts:
    """What the state does not hold but the screens show: the presenter message and health."""

    message: dict[str, Any] | None = None
    health: dict[str, dict[str, Any] | None] = field(default_factory=lambda: {"obs": None, "log": None})


@dataclass(eq=False)  # each client is itself: kept in a set by identity
class Client:
    ws: web.WebSocketResponse
    role: Role
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    state: bytes | None = None  # the newest state not yet sent (UTF-8 JSON); a newer one replaces it
    direct: deque[bytes] = field(default_factory=deque)  # answers (outcome, pong, error): never coalesced

    def next_text(self) -> bytes | None:
        """The next message to send: answers first, then the newest state; None when nothing waits."""
        if self.direct:
            return self.direct.popleft()
        text, self.state = self.state, None
        return text


class PushHub:
    """The `/ws` route and its fan-out; `setup` hooks it into the listener's application."""

    def __init__(self, control: ShowControl, bus: EventBus, tokens: Tokens, now: Now,
                 wall_at: Callable[[float], datetime], orders: Callable[[], TotalsSnapshot] | None,
                 confirm_cut_s: float = 30.0) -> None:
        self.control = control
        self.tokens = tokens
        self._bus = bus
        self._now = now
        self._wall_at = wall_at
        self._orders = orders
        self._confirm_cut_s = confirm_cut_s
        self._facts = Facts()
        self._facts_lock = threading.Lock()
        self._clients: set[Client] = set()
        self._texts: dict[str, bytes] = {}  # the newest state per audience ("all", "exhibitor:<id>"), encoded once
        self._last_state = 0.0
        self._seq = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._changed: asyncio.Event | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._unsubscribe: Callable[[], None] | None = None
        self._mailbox: Mailbox[Event] = Mailbox(self._wake, keep=1)
        self._topics: list[tuple[Topic, tuple[type[Event], ...]]] = []

    def add_topic(self, make: Topic, *after: type[Event]) -> None:
        """Another message beside the state (e.g. audience questions): `make(role)` is sent to each client when it
        connects, and to every client after each event of the kinds `after` (never coalesced: they are rare), with
        the server's time like every message."""
        self._topics.append((make, after))

    def routes(self) -> list[web.RouteDef]:
        """`/ws` and the browser views; none (404) when no token is set: nobody could connect."""
        if not self.tokens:
            return []
        return [web.get("/ws", self._connect), web.get("/views/{name}", _view)]

    def setup(self, app: web.Application) -> None:
        app.on_startup.append(self._started)
        app.on_shutdown.append(self._closing)

    # ----- show loop: note, hand over, never wait -----------------------------------------

    def _on_event(self, event: Event) -> None:
        for make, after in self._topics:
            if isinstance(event, after) and (loop := self._loop) is not None:
                try:
                    loop.call_soon_threadsafe(self._send_topic, make)
                except RuntimeError:  # the listener just stopped; a client gets the topic afresh on connect
                    pass
        if isinstance(event, QUIET) or (isinstance(event, CueDue) and not event.cue.message):
            return  # a cue that only drives OBS changes nothing on a screen
        if isinstance(event, (PresenterMessage, DirectorAction, CueDue, ObsStatus, LogHealth)):
            self._note(event)
        self._mailbox.put(event)

    def _note(self, event: Event) -> None:
        with self._facts_lock:
            if isinstance(event, PresenterMessage):
                self._facts.message = {"text": event.text, "source": event.source, "at": ms(self._wall_at(event.at))}
            elif isinstance(event, CueDue) and event.cue.message:
                self._facts.message = {"text": event.cue.message, "source": "cue", "at": ms(self._wall_at(event.at))}
            elif isinstance(event, DirectorAction) and event.action == "clear_message":
                self._facts.message = None
            elif isinstance(event, LogHealth):
                self._facts.health = {**self._facts.health, "log": {"ok": event.ok, "text": event.message}}
            elif isinstance(event, ObsStatus):
                connected = event.state == LinkState.CONNECTED
                self._facts.health = {**self._facts.health, "obs": {
                    "ok": connected, "text": f"OBS {event.state.value}" + ("" if connected else f" ({event.url})")}}

    def _wake(self) -> None:
        loop, changed = self._loop, self._changed
        if loop is not None and changed is not None:
            try:
                loop.call_soon_threadsafe(changed.set)
            except RuntimeError:  # the listener just stopped; it takes everything afresh when it starts again
                pass

    # ----- listener loop: read once, write once per audience, hand to each client ------------

    async def _started(self, app: web.Application) -> None:
        self._loop = asyncio.get_running_loop()
        self._changed = asyncio.Event()
        self._unsubscribe = self._bus.subscribe(self._on_event)
        self._tasks = [asyncio.create_task(self._pump()), asyncio.create_task(self._heartbeat())]

    async def _closing(self, app: web.Application) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._loop = None
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*(client.ws.close(code=WSCloseCode.GOING_AWAY, message=b"the show is closing")
                               for client in list(self._clients)), return_exceptions=True)

    def _send_topic(self, make: Topic) -> None:
        texts: dict[Role, bytes | None] = {}  # made once per role
        for client in list(self._clients):
            if client.role not in texts:
                message = make(client.role)
                texts[client.role] = None if message is None else _encode({**message, "server_time": ms(self._now())})
            if (text := texts[client.role]) is not None:
                self._send(client, text)

    async def _pump(self) -> None:
        assert self._changed is not None
        while True:
            await self._changed.wait()
            self._changed.clear()
            self._mailbox.take()
            if not self._clients:  # nobody to tell: no state read on the show loop; the next client asks afresh
                self._texts = {}
                continue
            try:
                await self._publish()
            except asyncio.TimeoutError:
                log.warning("the show did not answer a state read for the push API")
            except Exception:  # a bad state must not end the pushes
                log.exception("push: building a state failed")
            await asyncio.sleep(MIN_INTERVAL_S)

    async def _publish(self) -> None:
        state: ShowState = await asyncio.wait_for(asyncio.wrap_future(self.control.state_future()), STATE_TIMEOUT_S)
        with self._facts_lock:
            facts = Facts(self._facts.message, dict(self._facts.health))
        orders = None if self._orders is None else self._orders()
        self._seq += 1
        self._last_state = asyncio.get_running_loop().time()
        rundown = self.control.rundown
        server_time = ms(self._now())
        full = state_message(state, rundown, facts, orders, None, self._seq, server_time)
        self._texts = {"all": _encode(full)}
        for who in {c.role.exhibitor for c in self._clients if c.role.exhibitor is not None}:
            self._texts[f"exhibitor:{who}"] = _encode(state_message(state, rundown, facts, orders, who,
                                                                    self._seq, server_time))
        for client in self._clients:
            self._offer(client)

    def _offer(self, client: Client) -> None:
        text = self._texts.get("all" if client.role.sees_all else f"exhibitor:{client.role.exhibitor}")
        if text is not None:
            client.state = text
            client.wake.set()
        elif self._changed is not None:
            self._changed.set()  # the first client, or a new exhibitor: a state on the next round

    async def _heartbeat(self) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_S)
            if asyncio.get_running_loop().time() - self._last_state >= REFRESH_S and self._changed is not None:
                self._changed.set()
            text = _encode({"v": VERSION, "type": "clock", "server_time": ms(self._now())})
            for client in self._clients:
                self._send(client, text)

    # ----- one client -----------------------------------------------------------------------

    async def _connect(self, request: web.Request) -> web.StreamResponse:
        token = request.query.get("token") or _bearer(request.headers.get("Authorization", ""))
        role = self.tokens.role_of(token or "")
        if role is None:
            return web.json_response({"error": "missing or wrong token"}, status=401,
                                     headers={"WWW-Authenticate": 'Bearer realm="studio"'})
        ws = web.WebSocketResponse(max_msg_size=MAX_INCOMING, compress=False, heartbeat=PROTOCOL_PING_S, timeout=CLOSE_S)
        await ws.prepare(request)
        client = Client(ws, role)
        self._send(client, _encode(self._hello(role)))
        for make, _ in self._topics:
            if (topic := make(role)) is not None:
                self._send(client, _encode({**topic, "server_time": ms(self._now())}))
        self._clients.add(client)
        self._offer(client)
        sender = asyncio.create_task(self._sender(client, request))
        try:
            async for message in ws:
                if message.type not in (WSMsgType.TEXT, WSMsgType.BINARY):
                    break
                answer = None if message.type == WSMsgType.BINARY else await self._answer(client, message.data,
                                                                                           str(request.remote))
                if answer is None:
                    await ws.close(code=BAD_MESSAGE, message=b"not a JSON text message")
                    break
                self._send(client, _encode(answer))
        finally:
            self._clients.discard(client)
            sender.cancel()
        return ws

    def _send(self, client: Client, text: bytes) -> None:
        client.direct.append(text)
        client.wake.set()

    async def _sender(self, client: Client, request: web.Request) -> None:
        transport = request.transport
        try:
            while not client.ws.closed:
                await client.wake.wait()
                client.wake.clear()
                while (text := client.next_text()) is not None:
                    if transport is not None and transport.get_write_buffer_size() > MAX_BUFFERED:
                        raise asyncio.TimeoutError
                    async with asyncio.timeout(SEND_TIMEOUT_S):  # no task a send, unlike wait_for
                        await client.ws.send_frame(text, WSMsgType.TEXT)
        except asyncio.TimeoutError:
            self._clients.discard(client)
            log.info("push: dropped a client too slow to read (%s)", request.remote)
            if transport is not None:
                transport.abort()  # closing politely would wait on the same full socket
        except ConnectionError:
            self._clients.discard(client)

    def _hello(self, role: Role) -> dict[str, Any]:
        return {"v": VERSION, "minor": MINOR, "type": "hello", "role": role.name, "exhibitor": role.exhibitor,
                "server_time": ms(self._now()), "heartbeat_s": HEARTBEAT_S, "confirm_cut_s": self._confirm_cut_s,
                "commands": [_command_json(c) for c in COMMANDS] if role.can_act else []}

    async def _answer(self, client: Client, data: str, remote: str) -> dict[str, Any] | None:
        """The answer to one message, or None when it is not a JSON object (the connection is closed)."""
        try:
            message = json.loads(data)
        except ValueError:
            return None
        if not isinstance(message, dict):
            return None
        ident = message.get("id")
        ident = None if ident is None else str(ident)
        kind = message.get("type")
        if kind == "ping":
            client_time = message.get("client_time")
            return {"v": VERSION, "type": "pong", "id": ident, "server_time": ms(self._now()),
                    "client_time": client_time if isinstance(client_time, (int, float)) else 0}
        if kind != "command":
            return _error(ident, f"unknown message type {kind!r}: send command or ping")
        if not client.role.can_act:
            return _error(ident, f"a {client.role.name} token may not send commands")
        return await self._command(ident, message.get("name"), message.get("arguments") or {}, remote)

    async def _command(self, ident: str | None, name: Any, given: Any, remote: str) -> dict[str, Any]:
        try:
            declared = command(str(name))
        except KeyError:
            return _error(ident, f"there is no command {name!r}", "name")
        if not isinstance(given, Mapping):
            return _error(ident, "arguments must be an object", "arguments")
        try:
            arguments = _arguments(declared, given)
        except BadArgument as exc:
            return _error(ident, str(exc), exc.field)
        who = f"ws {remote}"
        self.control.notice("info", declared.describe(arguments, who), source="remote")
        try:
            outcome: Outcome = await asyncio.wait_for(
                asyncio.wrap_future(self.control.execute(declared.name, arguments, who)), STATE_TIMEOUT_S)
        except asyncio.TimeoutError:
            return _error(ident, "the show is not answering (stopped?)")
        if outcome.refused is not None:
            self.control.notice("info", f"{declared.name} from {who} refused: {outcome.refused}", source="remote")
        return {"v": VERSION, "type": "outcome", "id": ident, "command": declared.name, "ok": outcome.refused is None,
                "refused": outcome.refused, "server_time": ms(self._now())}


VIEWS = ("operator", "presenter", "exhibitor", "greenroom", "clock", "cuesheet")
ASSETS = {"push.js": "text/javascript", "rows.js": "text/javascript", "questions.js": "text/javascript",
          "shop.js": "text/javascript", "views.css": "text/css"}


async def _view(request: web.Request) -> web.StreamResponse:
    """A view's page or a shared asset; the pages hold no data (it comes over /ws with the token)."""
    name = request.match_info["name"]
    if name in VIEWS:
        file, kind = f"{name}.html", "text/html"
    elif name in ASSETS:
        file, kind = name, ASSETS[name]
    else:
        raise web.HTTPNotFound(text=f"There is no view {name!r}: {', '.join(VIEWS)}.")
    body = (VIEWS_DIR / file).read_bytes()
    return web.Response(body=body, content_type=kind, charset="utf-8",
                        headers={"Cache-Control": "no-cache", "Referrer-Policy": "no-referrer"})


def state_message(state: ShowState, rundown: Rundown, facts: Facts, orders: TotalsSnapshot | None,
                  exhibitor: str | None, seq: int, server_time: float | None) -> dict[str, Any]:
    """The `state` message: everything for a role that sees all (exhibitor None), or one exhibitor's share."""
    segments = {s.id: s for s in rundown.segments}

    def mine(segment_id: str) -> bool:
        return exhibitor is None or getattr(segments.get(segment_id), "exhibitor", None) == exhibitor

    timing = state.on_air_timing
    following = None if state.next is None else state.segments[state.next]
    delays: dict[int, float] = {}
    for delay in state.delays:
        if delay.applied:
            delays[delay.before] = delays.get(delay.before, 0.0) + delay.duration
    on_air = None if timing is None or not mine(timing.segment_id) else _on_air(state, timing, rundown)
    own_on_air = on_air is not None
    show = rundown.show
    return {
        "v": VERSION, "type": "state", "seq": seq, "server_time": server_time, "at": ms(state.wall),
        "show": {"title": show.title, "currency": show.currency, "locale": show.locale, "timezone": show.timezone},
        "phase": state.phase,
        "on_air": on_air,
        "next": None if following is None or not mine(following.segment_id) else {
            "id": following.segment_id, "title": following.title, "kind": _kind(segments, following.segment_id),
            "exhibitor": _exhibitor(segments, following.segment_id), "projected_start": ms(following.projected_start)},
        "segments": [_segment(t, segments, delays.get(t.index, 0.0)) for t in state.segments if mine(t.segment_id)],
        "blocks": [_block(b, state) for b in state.blocks
                   if any(mine(t.segment_id) for t in state.segments[b.first:b.last + 1])],
        "delays": [{"id": d.delay_id, "before": state.segments[d.before].segment_id, "duration_s": _round(d.duration),
                    "applied": d.applied, "note": d.note} for d in state.delays if mine(state.segments[d.before].segment_id)],
        "fields": [{"name": f.name, "title": f.label, "type": f.type} for f in rundown.fields],
        "conflicts": list(state.conflicts) if exhibitor is None else [],
        "over_under_s": _round(state.over_under), "drift_s": _round(state.drift),
        "planned_end": ms(state.planned_end), "projected_end": ms(state.projected_end),
        "hard_out": ms(state.hard_out),
        "hard_out_slack_s": None if state.hard_out_slack is None else _round(state.hard_out_slack),
        "message": facts.message if exhibitor is None or own_on_air else None,
        "health": facts.health if exhibitor is None else {"obs": None, "log": None},
        "orders": None if orders is None else _orders(orders, exhibitor),
        "exhibitor": None if exhibitor is None else {
            "id": exhibitor, "name": getattr(rundown.exhibitors.get(exhibitor), "name", exhibitor),
            "target": getattr(rundown.exhibitors.get(exhibitor), "target", None)},
        "shop": {ident: shop_json(shop) for ident, shop in shops(rundown, orders).items()
                 if exhibitor is None or ident == exhibitor},  # targets and stock (studio/shop/stock.py)
        "standing_by": None if state.standing_by is None or not mine(state.segments[state.standing_by].segment_id)
        else state.segments[state.standing_by].segment_id,
        "timers": [{"name": t.name, "mode": t.mode, "seconds": _round(t.seconds), "running": t.running,
                    "presenter": t.presenter, "target": ms(t.target)} for t in state.timers],
    }


def _on_air(state: ShowState, timing: SegmentTiming, rundown: Rundown) -> dict[str, Any]:
    segment = next(s for s in rundown.segments if s.id == timing.segment_id)
    return {"id": segment.id, "title": timing.title, "kind": segment.kind, "exhibitor": segment.exhibitor,
            "duration_s": _round(timing.planned_duration), "elapsed_s": _round(state.elapsed),
            "remaining_s": _round(state.remaining), "level": state.level, "held": state.held,
            "warning_s": rundown.warning_for(segment), "alarm_s": rundown.alarm_for(segment), "card": state.card,
            "timer": segment.timer,
            "cards": [{"text": card.text, "at_s": card.at} for card in segment.cards]}


def _block(block: BlockTiming, state: ShowState) -> dict[str, Any]:
    return {"id": block.block_id, "title": block.title, "status": block.status,
            "first": state.segments[block.first].segment_id, "last": state.segments[block.last].segment_id,
            "budget_s": _round(block.budget), "start": ms(block.start), "ends_by": ms(block.ends_by), "end": ms(block.end),
            "left_s": _round(block.left), "over_under_s": _round(block.over_under)}


def _segment(timing: SegmentTiming, segments: Mapping[str, Any], delay: float) -> dict[str, Any]:
    segment = segments.get(timing.segment_id)
    return {"index": timing.index, "id": timing.segment_id, "title": timing.title,
            "kind": _kind(segments, timing.segment_id), "exhibitor": _exhibitor(segments, timing.segment_id),
            "status": timing.status, "planned_start": ms(timing.planned_start),
            "duration_s": _round(timing.planned_duration), "projected_start": ms(timing.projected_start),
            "actual_start": ms(timing.actual_start),
            "actual_duration_s": None if timing.actual_duration is None else _round(timing.actual_duration),
            "over_under_s": None if timing.over_under is None else _round(timing.over_under),
            "block": getattr(segment, "block", None), "delay_s": _round(delay), "fields": dict(getattr(segment, "fields", ()))}


def _orders(snapshot: TotalsSnapshot, exhibitor: str | None) -> dict[str, Any]:
    def totals(t: Totals) -> dict[str, Any]:
        return {"orders": t.orders, "revenue": t.revenue, "per_minute": t.per_minute}

    if exhibitor is None:
        return {"currency": snapshot.currency, "show": totals(snapshot.show),
                "exhibitors": {k: totals(v) for k, v in snapshot.by_exhibitor.items()},
                "segments": {k: totals(v) for k, v in snapshot.by_segment.items()}}
    # a segment's totals count every order taken while it aired, other exhibitors' too: not for an exhibitor
    own = snapshot.by_exhibitor.get(exhibitor, Totals())
    return {"currency": snapshot.currency, "show": None, "exhibitors": {exhibitor: totals(own)}, "segments": {}}


def _kind(segments: Mapping[str, Any], segment_id: str) -> str:
    return getattr(segments.get(segment_id), "kind", "other")


def _exhibitor(segments: Mapping[str, Any], segment_id: str) -> str | None:
    return getattr(segments.get(segment_id), "exhibitor", None)


def _round(seconds: float) -> float:
    return round(seconds, 3) if math.isfinite(seconds) else 0.0


def _command_json(each: Command) -> dict[str, Any]:
    return {"name": each.name, "label": each.label, "help": each.help,
            "arguments": [{"name": a.name, "kind": a.kind, "help": a.help, "required": a.default is REQUIRED}
                          for a in each.arguments]}


def _arguments(declared: Command, given: Mapping[str, Any]) -> dict[str, Any]:
    """JSON values checked by each argument's own parser (a number, a string, a boolean)."""
    kinds = {a.name: a for a in declared.arguments}
    values = {}
    for name, value in given.items():
        argument = kinds.get(name)
        if argument is None:
            continue  # complete() names it
        if not isinstance(value, (str, int, float, bool)):
            raise BadArgument(name, f"{name} must be a {'string' if argument.kind in STRING_KINDS else 'value'}")
        values[name] = argument.parse(value if isinstance(value, str) else json.dumps(value))
    return declared.complete({**{k: v for k, v in given.items() if k not in kinds}, **values})


def _encode(message: dict[str, Any]) -> bytes:
    """A message as the UTF-8 of a text frame: encoded once, sent to every client as it is."""
    return json.dumps(message, ensure_ascii=False).encode()


def _error(ident: str | None, message: str, field_name: str | None = None) -> dict[str, Any]:
    return {"v": VERSION, "type": "error", "id": ident, "message": message, "field": field_name}


def _bearer(header: str) -> str | None:
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None
