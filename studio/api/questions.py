"""Audience questions over HTTP: `POST /questions` (signed like our orders) and `GET /questions` (control token).

The intake checks what the order intake checks, with the same code and in the same order: size
(413), a secret (503), the HMAC-SHA256 of the body in X-Studio-Signature (401), the payload (400
naming the field). The answer (201 new, 200 replay) is sent after the commit. docs/questions.md.
The push API sends each role its share as a `questions` message (`questions_message`).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from studio.api.auth import behind_token
from studio.api.intake import Answers, Notify, Refused, RefusalNotices, intake_handler, kept_first, signed_body, stored
from studio.api.push import ms
from studio.api.roles import Role
from studio.orders.adapters import InvalidOrder
from studio.orders.signatures import STUDIO
from studio.questions.board import QuestionBoard
from studio.questions.model import Asked
from studio.questions.parse import parse_question
from studio.questions.store import Taken

PATH = "/questions"


def question_routes(board: QuestionBoard, secret: str | None, notify: Notify, token: str | None) -> list[web.RouteDef]:
    """The intake, and the list behind the control `token`."""
    async def take(request: web.Request, answers: Answers[Taken]) -> web.Response:
        body = await signed_body(request, STUDIO, secret)
        try:
            question = parse_question(body)
        except InvalidOrder as exc:
            raise Refused(400, exc.message, exc.field) from None
        taken = await stored(answers, board.take(question), "question")
        if taken.amended:  # as for orders and leads: the platform should know its edit was not taken
            return kept_first(notify, "question", question.question_id, "edited")
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
