"""What the relay queues besides the shops' orders: leads and audience questions, in our own formats.

They are signed like our orders (X-Studio-Signature). The relay checks them as the studio's own
routes do (studio/api/leads.py, studio/api/questions.py: size, secret, signature, payload) and
queues the body under its path on the orders' stream; the studio parses it again with the same
parser and hands it to its lead desk or question board (studio/relay/consumer.py). A lead without
consent is queued without its personal data: it is dropped before anything is stored, in Redis too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

from studio.api.leads import PATH as LEADS_PATH
from studio.api.questions import PATH as QUESTIONS_PATH
from studio.leads.model import Lead
from studio.leads.parsing import parse_lead
from studio.questions.parse import parse_question


@dataclass(frozen=True)
class Post:
    path: str
    noun: str  # "lead": the answer's key and the refusal notices' word
    parse: Callable[[bytes], Any]  # the body to a Lead or a Question; InvalidOrder naming the field
    key: Callable[[Any], str]  # its id, as its sender sent it
    queued: Callable[[bytes, Any], bytes] = lambda body, _: body  # what is queued of the checked body


PERSONAL = ("name", "first_name", "last_name", "email", "phone", "notes")  # what parse_lead keeps only with consent


def consented(body: bytes, lead: Lead) -> bytes:
    """The lead's body as queued: as sent with consent, else without the person's data (the studio drops it too)."""
    if lead.consent:
        return body
    payload = json.loads(body)
    return json.dumps({key: value for key, value in payload.items() if key not in PERSONAL}, ensure_ascii=False).encode()


LEAD = Post(LEADS_PATH, "lead", parse_lead, lambda lead: lead.lead_id, consented)
QUESTION = Post(QUESTIONS_PATH, "question", parse_question, lambda question: question.question_id)
POSTS = (LEAD, QUESTION)
