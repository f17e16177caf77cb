"""Remote control over HTTP, for a Stream Deck (Bitfocus Companion), scripts and curl.

`POST /control/<command>` for every command of studio/show/commands.py (its arguments as
query parameters, e.g. `/control/extend?seconds=30`, `/control/hold?on=1`; a message's
text as the body) and `GET /status`, all behind a bearer token; with no token set the
routes do not exist (404). A command runs on the show loop like a key press in the
console, and the answer carries the show's state read just after it, so a button can
show what its press did; a command the show refuses (GO after the end, a jump that would
drop segments without confirm=1) answers 409 with the sentence. Every command is logged
as a notice from "remote" with the caller's address, so the as-run log says who did it.
docs/control.md.
"""

from __future__ import annotations

import asyncio
import math
from typing import Any, Awaitable, Callable, Mapping

from aiohttp import web

from studio.rundown.durations import format_duration
from studio.api.auth import authorized, unauthorized
from studio.api.server import Handler, field_text
from studio.show.commands import COMMANDS, BadArgument, Command, Outcome, ShowControl
from studio.show.snapshot import ShowState
from studio.storage.asrun import iso

STATE_TIMEOUT_S = 2.0  # the loop answers in microseconds; longer means the show is stopped or stuck



def control_routes(show: ShowControl, token: str | None) -> list[web.RouteDef]:
    """The remote-control routes, or none at all (404 everywhere) when no token is configured."""
    if not token:
        return []

    def guarded(handler: Handler) -> Handler:
        async def check(request: web.Request) -> web.StreamResponse:
            if not authorized(request, token):
                return unauthorized(token)
            try:
                return await handler(request)
            except BadArgument as exc:
                return web.json_response({"error": str(exc), "field": exc.field}, status=400)
        return check

    async def waited(future: Any) -> Any:
        return await asyncio.wait_for(asyncio.wrap_future(future), STATE_TIMEOUT_S)

    def not_answering() -> web.Response:
        return web.json_response({"error": "the show is not answering (stopped?)"}, status=503)

    def command_route(command: Command) -> web.RouteDef:
        async def run(request: web.Request) -> web.Response:
            text = next((a.name for a in command.arguments if a.kind == "text"), None)
            given = request.query if text is None else {text: await field_text(request, text)}
            arguments = _arguments(command, given)
            show.notice("info", command.describe(arguments, str(request.remote)), source="remote")
            try:
                outcome: Outcome = await waited(show.execute(command.name, arguments, f"remote {request.remote}"))
            except asyncio.TimeoutError:
                return not_answering()
            body = {"command": command.name, "status": status_json(show, outcome.state)}
            if outcome.refused is not None:
                show.notice("info", f"{command.name} from {request.remote} refused: {outcome.refused}", source="remote")
                return web.json_response({"ok": False, "error": outcome.refused, **body}, status=409)
            return web.json_response({"ok": True, **body})
        return web.post(f"/control/{command.name}", guarded(run))

    async def status(request: web.Request) -> web.Response:
        try:
            state = await waited(show.state_future())
        except asyncio.TimeoutError:
            return not_answering()
        return web.json_response({"ok": True, "command": "status", "status": status_json(show, state)})

    return [*(command_route(command) for command in COMMANDS), web.get("/status", guarded(status))]


def status_json(show: ShowControl, state: ShowState) -> dict[str, Any]:
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


def _arguments(command: Command, given: Mapping[str, str]) -> dict[str, Any]:
    """The command's arguments from query parameters (or the message body); BadArgument names a bad one."""
    values = {argument.name: argument.parse(given[argument.name]) for argument in command.arguments
              if argument.name in given}
    return command.complete(values)

