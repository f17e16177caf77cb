"""Audience questions over HTTP: `POST /questions` (signed like our orders) and `GET /questions` (control token).

The intake checks what the order intake checks, with the same code and in the same order: size
(413), a secret (503), the HMAC-SHA256 of the body in X-Studio-Signature (401), the payload (400
naming the field). The answer (201 new, 200 replay) is sent after the commit. docs/questions.md.
The push API sends each role its share as a `questions` message (`questions_message`).
"""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web

from studio.api.auth import behind_token
from studio.api.server import refusal
from studio.api.intake import Answers, Notify, Refused, RefusalNotices, intake_handler, signed_body
from studio.api.push import ms
from studio.api.roles import Role
from studio.orders.adapters import InvalidOrder
from studio.orders.signatures import STUDIO
from studio.questions.board import QuestionBoard
from studio.questions.model import Asked
from studio.questions.parse import parse_question
from studio.questions.store import Taken

log = logging.getLogger(__name__)
PATH = "/questions"


def question_routes(board: QuestionBoard, secret: str | None, notify: Notify, token: str | None) -> list[web.RouteDef]:
    """The intake, and the list behind the control `token`."""
    async def take(request: web.Request, answers: Answers[Taken]) -> web.Response:
        body = await signed_body(request, STUDIO, secret)
        try:
            question = parse_question(body)
        except InvalidOrder as exc:
            raise Refused(400, exc.message, exc.field) from None
        try:
            taken = await answers.wait(board.take(question))
        except Exception as exc:  # the disk, not the request: the platform should send it again
            log.exception("a question could not be stored")
            raise Refused(503, f"The question could not be stored ({exc}); send it again.") from None
        if taken.amended:  # as for orders and leads: the platform should know its edit was not taken
            q = question.question_id
            notify("warning", f"The question {q} came again with other contents; the first one is kept.")
            return refusal(409, f"The question {q} was stored before with other contents; the first one is kept. "
                                "An edited question needs a new id.", "id")
        return web.json_response({"status": "created" if taken.new else "duplicate", "question": question_json(taken.asked)},
                                 status=201 if taken.new else 200)

    async def listing(_: web.Request) -> web.Response:
        return web.json_response({"questions": [question_json(asked) for asked in board.questions()]})

    return [web.post(PATH, intake_handler(PATH, RefusalNotices(notify, what="a question"), take)),
            web.get(PATH, behind_token(token, listing))]


def question_json(asked: Asked) -> dict[str, Any]:
    q = asked.question
    return {"number": asked.number, "id": q.question_id, "source": q.source, "text": q.text, "author": q.author,
            "status": asked.status, "exhibitor": asked.exhibitor_id, "segment": asked.segment_id,
            "received_at": ms(asked.received_at)}


def questions_message(questions: tuple[Asked, ...], role: Role) -> dict[str, Any]:
    """The `questions` push message for a role: the control token moderates, so it gets every question;
    crew the ones on screen; an exhibitor the ones on screen credited to it, never another's."""
    if role.can_act:
        shown = questions
    else:
        shown = tuple(a for a in questions if a.on_screen and (role.sees_all or a.exhibitor_id == role.exhibitor))
    return {"v": 1, "type": "questions", "questions": [question_json(asked) for asked in shown]}
