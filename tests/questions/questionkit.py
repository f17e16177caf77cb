"""Questions as the event platform sends them: signed JSON over real HTTP on loopback."""

from __future__ import annotations

import json

from httpkit import Reply, request

from studio.orders.signatures import STUDIO

SECRET = "questions-s3cret"  # the live show's signing secret (conftest.py)


def ask(url: str, secret: str, question_id: str, text: str, **fields: object) -> Reply:
    """POST /questions, signed with `secret` (X-Studio-Signature) like our orders."""
    body = json.dumps({"id": question_id, "text": text, **fields}).encode()
    return request("POST", f"{url}/questions", body,
                   {"Content-Type": "application/json", STUDIO.header: STUDIO.sign(secret, body)})
