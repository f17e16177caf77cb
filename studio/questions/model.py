"""A question as a source sends it, and as the show holds it (with its number, credit and status)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Status = Literal["waiting", "approved", "rejected", "answered"]
STATUSES: tuple[Status, ...] = ("waiting", "approved", "rejected", "answered")
# the registry's moderation commands (studio/show/commands.py) and the status each one sets
MODERATION: dict[str, Status] = {"approve_question": "approved", "reject_question": "rejected",
                                 "answer_question": "answered"}


@dataclass(frozen=True)
class Question:
    """One viewer's question as parsed, before it is credited."""

    question_id: str  # as the source sent it; unique per source
    source: str  # "platform" (HTTP) | "jsonl"
    text: str
    author: str | None = None  # "Marie, Lyon": shown as the source sent it
    asked_at: datetime | None = None  # aware
    exhibitor: str | None = None  # named by the platform (a stand's own Q&A); else the one on air


@dataclass(frozen=True)
class Asked:
    """A stored question: `number` (the table's id) is how the director and the commands name it."""

    number: int
    question: Question
    received_at: datetime  # aware, UTC
    exhibitor_id: str | None
    segment_id: str | None
    show_id: int | None
    status: Status = "waiting"

    @property
    def on_screen(self) -> bool:
        """Shown to the presenter and the exhibitor: approved, not yet answered."""
        return self.status == "approved"
