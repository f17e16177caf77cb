"""Signed but hostile question payloads: each is a 400 naming what is wrong, never a 500, and nothing is stored."""

from __future__ import annotations

import sqlite3

import pytest
from httpkit import request
from questionkit import SECRET

from studio.orders.signatures import STUDIO

BODIES = {
    "not JSON": (b"{'id': 1}", None),
    "not UTF-8": (b'{"id": "q", "text": "\xff\xfe"}', None),
    "an array": (b'[{"id": "q", "text": "hi"}]', None),
    "nested 50000 deep": (b'{"id": "q", "text": ' + b"[" * 50000 + b"]" * 50000 + b"}", None),
    "a lone surrogate": (b'{"id": "q", "text": "\\ud800"}', "text"),
    "an id that is true": (b'{"id": true, "text": "hi"}', "id"),
    "an empty id": (b'{"id": "  ", "text": "hi"}', "id"),
    "text as a number": (b'{"id": "q", "text": 42}', "text"),
    "only spaces": (b'{"id": "q", "text": " \\n\\t "}', "text"),
    "an author object": (b'{"id": "q", "text": "hi", "author": {"name": "x"}}', "author"),
    "a date that is not one": (b'{"id": "q", "text": "hi", "asked_at": "yesterday"}', "asked_at"),
}


@pytest.mark.parametrize("name", BODIES)
def test_a_hostile_payload_is_a_400_naming_the_field_and_nothing_is_stored(live, name):
    body, field = BODIES[name]
    reply = request("POST", f"{live.api.url}/questions", body,
                    {"Content-Type": "application/json", STUDIO.header: STUDIO.sign(SECRET, body)})
    assert reply.status == 400, reply.body
    assert reply.body["field"] == field and reply.body["error"]
    with sqlite3.connect(live.db_path) as db:
        assert db.execute("SELECT count(*) FROM questions").fetchone() == (0,)
