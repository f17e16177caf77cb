"""The question board: every source hands its questions here, and the moderation commands act on them.

A question is credited at once on the caller's thread (the order desk's on-air timeline, so a
question and an order asked at the same instant are credited alike), then stored through the
show's one writer; its future resolves after the commit, and only then is it answered and
shown. The moderation commands (studio/show/commands.py) reach the board as `DirectorAction`s on
the show loop; the new status is committed on the writer's thread, never waited for on the loop.
After each commit the board publishes `QuestionsChanged` with every question of the show.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from dataclasses import replace
from datetime import datetime
from typing import Callable

from studio.orders.attribution import Credit
from studio.questions.model import MODERATION, Asked, Question, Status
from studio.questions.store import Taken, create_questions_table, insert_question, set_status, stored_questions
from studio.show.clock import Clock
from studio.show.events import DirectorAction, EventBus, Notice, QuestionsChanged
from studio.storage.writer import Writer

Credits = Callable[[datetime, str | None], Credit]  # (the moment, the exhibitor named) -> the credit


class QuestionBoard:
    def __init__(self, writer: Writer, bus: EventBus, post: Callable[[Callable[[], None]], None], clock: Clock,
                 now: Callable[[], datetime], credit: Credits, show_id: Callable[[], int | None]) -> None:
        """`post` runs work on the show loop; `now` is the show's wall time; `credit` and `show_id` come from the
        order desk's attribution (studio/orders/attribution.py)."""
        self._writer = writer
        self._bus = bus
        self._post = post
        self._clock = clock
        self._now = now
        self._credit = credit
        self._show_id = show_id
        self._lock = threading.Lock()
        self._questions: dict[int, Asked] = {}  # by number, oldest first
        writer.call(create_questions_table)
        self._unsubscribe = bus.subscribe(self._moderate, DirectorAction)

    def take(self, question: Question) -> Future[Taken]:
        """Credit and store a question; the future resolves once it is committed (or fails to be)."""
        received = self._now()
        moment = question.asked_at if question.asked_at is not None and question.asked_at <= received else received
        credit = self._credit(moment, question.exhibitor)
        asked = Asked(0, question, received, credit.exhibitor_id, credit.segment_id, self._show_id())
        stored = self._writer.submit(lambda db: insert_question(db, asked))
        stored.add_done_callback(self._stored)
        return stored

    def questions(self) -> tuple[Asked, ...]:
        """Every question of the show so far, oldest first (any thread)."""
        with self._lock:
            return tuple(self._questions.values())

    def resume(self, show_id: int) -> None:
        """A resumed show: its questions, and their statuses, from the table."""
        with self._lock:
            self._questions = {asked.number: asked for asked in stored_questions(self._writer.path, show_id)}

    def close(self) -> None:
        self._unsubscribe()

    # ----- internals ----------------------------------------------------------------------

    def _stored(self, done: Future[Taken]) -> None:
        """On the writer's thread, after the commit: a new question joins the list and the screens are told."""
        if done.exception() is None and done.result().new:
            asked = done.result().asked
            with self._lock:
                self._questions[asked.number] = asked
            self._post(self._publish)

    def _moderate(self, event: DirectorAction) -> None:
        """On the show loop: store the new status; the screens follow once it is committed."""
        status = MODERATION.get(event.action)
        if status is None:
            return
        number = int(event.detail["question"])
        by = str(event.detail.get("by", "console"))
        with self._lock:
            known = number in self._questions
        if not known:
            self._tell("warning", f"There is no question {number} in this show: nothing was {status}.")
            return
        at = self._now()
        self._writer.submit(lambda db: set_status(db, number, status, at, by)).add_done_callback(
            lambda done: self._moderated(number, status, done))

    def _moderated(self, number: int, status: Status, done: Future[bool]) -> None:
        """On the writer's thread: the status is committed (shown), or the director is told it is not."""
        if done.exception() is not None:
            self._post(lambda: self._tell("error", f"Question {number} could not be marked {status}: "
                                                   f"{done.exception()}. Try again."))
            return
        with self._lock:
            self._questions[number] = replace(self._questions[number], status=status)
        self._post(self._publish)

    def _publish(self) -> None:
        self._bus.publish(QuestionsChanged(self._clock.monotonic(), self.questions()))

    def _tell(self, level: str, message: str) -> None:
        self._bus.publish(Notice(self._clock.monotonic(), level, message, "questions"))  # type: ignore[arg-type]
