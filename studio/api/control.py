"""Remote control over HTTP, for a Stream Deck (Bitfocus Companion), scripts and curl.

`POST /control/go|back|skip|hold|pause|resume`, `POST /control/extend?seconds=30`,
`POST /control/message` and `GET /status`, all behind a bearer token; with no token set
the routes do not exist (404). A command is posted to the show loop like a key press in
the console, then the answer carries the show's state read on the loop after it, so a
button can show what its press did. Every command is logged as a notice from "remote"
with the caller's address, so the as-run log says who did it. docs/control.md.
"""

from __future__ import annotations

import asyncio
import math
from typing import Any, Awaitable, Callable

from aiohttp import web

from studio.storage.asrun import iso
from studio.rundown.durations import format_duration
from studio.app.session import LiveShow
from studio.api.auth import authorized, unauthorized
from studio.api.server import field_text
from studio.show.snapshot import ShowState

STATE_TIMEOUT_S = 2.0  # the loop answers in microseconds; longer means the show is stopped or stuck
MAX_EXTEND_S = 3600.0
MAX_MESSAGE_CHARS = 200  # a message must be read at a glance on the presenter screen

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

COMMANDS: dict[str, tuple[Callable[[LiveShow], None], str]] = {
    "go": (LiveShow.go, "GO"),
    "back": (LiveShow.back, "back"),
    "skip": (LiveShow.skip, "skip next"),
    "hold": (LiveShow.hold, "hold / release"),
    "pause": (LiveShow.pause, "pause"),
    "resume": (LiveShow.resume, "resume"),
}


class BadRequest(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def control_routes(show: LiveShow, token: str | None) -> list[web.RouteDef]:
    """The remote-control routes, or none at all (404 everywhere) when no token is configured."""
    if not token:
        return []

    def guarded(handler: Handler) -> Handler:
        async def check(request: web.Request) -> web.StreamResponse:
            if not authorized(request, token):
                return unauthorized(token)
            try:
                return await handler(request)
            except BadRequest as exc:
                return web.json_response({"error": str(exc), "field": exc.field}, status=400)
        return check

    async def answer(command: str) -> web.Response:
        try:
            state = await asyncio.wait_for(asyncio.wrap_future(show.state_future()), STATE_TIMEOUT_S)
        except asyncio.TimeoutError:
            return web.json_response({"error": "the show is not answering (stopped?)"}, status=503)
        return web.json_response({"ok": True, "command": command, "status": status_json(show, state)})

    def command_route(name: str) -> web.RouteDef:
        action, said = COMMANDS[name]

        async def run(request: web.Request) -> web.Response:
            show.notice("info", f"{said} from {request.remote}", source="remote")
            action(show)
            return await answer(name)
        return web.post(f"/control/{name}", guarded(run))

    async def extend(request: web.Request) -> web.Response:
        seconds = _seconds(request.query.get("seconds"))
        show.notice("info", f"{seconds:+g} s from {request.remote}", source="remote")
        show.extend(seconds)
        return await answer("extend")

    async def message(request: web.Request) -> web.Response:
        text = await _message_text(request)
        show.notice("info", f"message to the presenter from {request.remote}: “{text}”", source="remote")
        show.message(text, f"remote {request.remote}")
        return await answer("message")

    async def status(request: web.Request) -> web.Response:
        return await answer("status")

    return [
        *(command_route(name) for name in COMMANDS),
        web.post("/control/extend", guarded(extend)),
        web.post("/control/message", guarded(message)),
        web.get("/status", guarded(status)),
    ]


def status_json(show: LiveShow, state: ShowState) -> dict[str, Any]:
    """The show now, for a button or a script: what is on air, time left, over/under, what is next."""
    rundown = show.rundown
    on_air = state.on_air_timing
    segment = None if on_air is None else next((s for s in rundown.segments if s.id == on_air.segment_id), None)
    following = None if state.next is None else state.segments[state.next]
    return {
        "show": rundown.show.title,
        "phase": state.phase,
        "on_air": None if on_air is None else {
            "id": on_air.segment_id,
            "title": on_air.title,
            "exhibitor": None if segment is None else segment.exhibitor,
            "remaining_s": round(state.remaining, 3),
            "remaining": format_duration(math.ceil(state.remaining)),  # "-00:12" in overtime
            "elapsed_s": round(state.elapsed, 3),
            "level": state.level,
            "held": state.held,
        },
        "next": None if following is None else {"id": following.segment_id, "title": following.title},
        "over_under_s": round(state.over_under, 3),
        "over_under": format_duration(state.over_under, sign=True),
        "drift_s": round(state.drift, 3),
        "drift": format_duration(state.drift, sign=True),
        "planned_end": iso(state.planned_end),
        "projected_end": iso(state.projected_end),
        "hard_out_slack_s": None if state.hard_out_slack is None else round(state.hard_out_slack, 3),
        "at": iso(state.wall),
    }


def _seconds(given: str | None) -> float:
    if given is None:
        raise BadRequest("seconds", "say how many seconds: /control/extend?seconds=30 (or -30)")
    try:
        seconds = float(given)
    except ValueError:
        raise BadRequest("seconds", f"seconds must be a number, not '{given}'") from None
    if not math.isfinite(seconds) or seconds == 0 or abs(seconds) > MAX_EXTEND_S:
        raise BadRequest("seconds", f"seconds must be between -{MAX_EXTEND_S:g} and {MAX_EXTEND_S:g}, and not 0")
    return seconds


async def _message_text(request: web.Request) -> str:
    """The text of a JSON body {"text": ...}, a form (text=...), or a plain-text body."""
    text = " ".join((await field_text(request, "text")).split())
    if not text:
        raise BadRequest("text", "the message is empty")
    if len(text) > MAX_MESSAGE_CHARS:
        raise BadRequest("text", f"the message is longer than {MAX_MESSAGE_CHARS} characters")
    return text
