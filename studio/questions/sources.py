"""Questions from JSONL files (a chat relay or the platform's export appends one question a line, our format:
studio/questions/parse.py), followed like the order files (studio/orders/sources.py) and handed to the board."""

from __future__ import annotations

from pathlib import Path

from studio.orders.sources import POLL_S, JsonlFollower, Notify
from studio.questions.board import QuestionBoard
from studio.questions.parse import parse_question


class QuestionFeed(JsonlFollower):
    def __init__(self, paths: tuple[Path, ...], board: QuestionBoard, notify: Notify, poll_s: float = POLL_S) -> None:
        super().__init__("question", paths, lambda line: board.take(parse_question(line, source="jsonl")), notify, poll_s)
