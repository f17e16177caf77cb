"""A question's payload, our one format for the event platform, a chat relay and the JSONL feed:
`{"id": "q-17", "text": "...", "author": "Marie, Lyon", "asked_at": "2026-11-05T19:42:10+01:00",
"exhibitor": "acme"}` (id and text required). Refused fields raise `InvalidOrder`, the intake's
"payload studio cannot take", naming the field."""

from __future__ import annotations

from typing import Any

from studio.orders.adapters import InvalidOrder, _moment, _optional_text, _storable, decode
from studio.questions.model import Question

MAX_ID = 200
MAX_QUESTION = 300  # characters: read aloud by a presenter at a glance


def parse_question(body: bytes, source: str = "platform") -> Question:
    payload, _ = decode(body)
    return Question(_id(payload.get("id")), source, _text(payload.get("text")),
                    _optional_text(payload.get("author"), "author"), _moment(payload.get("asked_at"), "asked_at"),
                    _optional_text(payload.get("exhibitor"), "exhibitor"))


def _id(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InvalidOrder("id", "'id' is required: the question's id on its platform, a string or a whole number.")
    text = _storable(str(value).strip(), "id")
    if not 0 < len(text) <= MAX_ID:
        raise InvalidOrder("id", f"'id' must be 1 to {MAX_ID} characters long.")
    return text


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidOrder("text", "'text' is required: the question as the viewer wrote it.")
    text = " ".join(_storable(value, "text").split())
    if len(text) > MAX_QUESTION:
        raise InvalidOrder("text", f"'text' is longer than {MAX_QUESTION} characters.")
    return text
