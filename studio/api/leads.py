"""Lead intake over HTTP: POST /leads, signed like our orders (X-Studio-Signature), on the orders' listener.

The checks are the order intake's, in the same order (size 413, secret 503, signature 401, payload
400 naming the field), and the answer (201 new, 200 replay, 409 the same id with other contents)
is sent after the commit. Nothing personal is logged or told to the director: a lead is named by
its id only. docs/leads.md is the integrators' reference.
"""

from __future__ import annotations

import logging

from aiohttp import web

from studio.api.intake import Answers, Notify, Refused, RefusalNotices, intake_handler, signed_body
from studio.api.server import refusal
from studio.leads.desk import LeadDesk
from studio.leads.parsing import parse_lead
from studio.orders.adapters import InvalidOrder
from studio.orders.signatures import STUDIO
from studio.orders.store import Stored

log = logging.getLogger(__name__)

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
    try:
        stored = await answers.wait(desk.take(lead))
    except Exception as exc:  # the disk, not the request: the sender should send it again
        log.warning("a lead could not be stored: %s", type(exc).__name__)
        raise Refused(503, f"The lead could not be stored ({exc}); send it again.") from None
    if stored.amended:
        notify("warning", f"The lead {lead.lead_id} came again with other contents; the first one is kept.")
        return refusal(409, f"The lead {lead.lead_id} was stored before with other contents; the first one is kept. "
                            "An amended lead needs a new id.", "id")
    return web.json_response({"status": "created" if stored.new else "duplicate", "lead": stored.order_id,
                              "kind": lead.kind, "consent": lead.consent, "exhibitor": stored.exhibitor_id,
                              "segment": stored.segment_id}, status=201 if stored.new else 200)
