"""Lead intake over HTTP: POST /leads, signed like our orders (X-Studio-Signature), on the orders' listener.

The checks are the order intake's, in the same order (size 413, secret 503, signature 401, payload
400 naming the field), and the answer (201 new, 200 replay, 409 the same id with other contents)
is sent after the commit. Nothing personal is logged or told to the director: a lead is named by
its id only. docs/leads.md is the integrators' reference.
"""

from __future__ import annotations

from aiohttp import web

from studio.api.intake import Answers, Notify, Refused, RefusalNotices, intake_handler, kept_first, signed_body, stored
from studio.leads.desk import LeadDesk
from studio.leads.parsing import parse_lead
from studio.orders.adapters import InvalidOrder
from studio.orders.signatures import STUDIO
from studio.orders.store import Stored

PATH = "/leads"


def lead_routes(desk: LeadDesk, secret: str | None, notify: Notify) -> list[web.RouteDef]:
    async def take(request: web.Request, answers: Answers[Stored]) -> web.Response:
        return await _take(request, desk, secret, answers, notify)

    return [web.post(PATH, intake_handler(PATH, RefusalNotices(notify, what="a lead"), take))]


async def _take(request: web.Request, desk: LeadDesk, secret: str | None, answers: Answers[Stored],
                notify: Notify) -> web.Response:
    body = await signed_body(request, STUDIO, secret)
    try:
        lead = parse_lead(body)
    except InvalidOrder as exc:
        raise Refused(400, exc.message, exc.field) from None
    done = await stored(answers, desk.take(lead), "lead")
    if done.amended:
        return kept_first(notify, "lead", lead.lead_id, "amended")
    return web.json_response({"status": "created" if done.new else "duplicate", "lead": done.order_id,
                              "kind": lead.kind, "consent": lead.consent, "exhibitor": done.exhibitor_id,
                              "segment": done.segment_id}, status=201 if done.new else 200)
