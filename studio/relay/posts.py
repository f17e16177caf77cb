"""What the relay queues besides the shops' orders: leads and audience questions, in our own formats.

They are signed like our orders (X-Studio-Signature). The relay checks them as the studio's own
routes do (studio/api/leads.py, studio/api/questions.py: size, secret, signature, payload) and
queues the raw body under its path on the orders' stream; the studio parses it again with the
same parser and hands it to its lead desk or question board (studio/relay/consumer.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from studio.api.leads import PATH as LEADS_PATH
from studio.api.questions import PATH as QUESTIONS_PATH
from studio.leads.parsing import parse_lead
from studio.questions.parse import parse_question


@dataclass(frozen=True)
class Post:
    path: str
    noun: str  # "lead": the answer's key and the refusal notices' word
    parse: Callable[[bytes], Any]  # the body to a Lead or a Question; InvalidOrder naming the field
    key: Callable[[Any], str]  # its id, as its sender sent it


LEAD = Post(LEADS_PATH, "lead", parse_lead, lambda lead: lead.lead_id)
QUESTION = Post(QUESTIONS_PATH, "question", parse_question, lambda question: question.question_id)
POSTS = (LEAD, QUESTION)
