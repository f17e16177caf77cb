"""Another program locks the database mid-show: questions are refused (503, the platform sends them again), none
acknowledged is lost, a moderation is refused with a sentence, and the show's commands never wait for the disk."""

from __future__ import annotations

import sqlite3
import time

from questionkit import SECRET, ask

from showkit import Recorded, wait_until
from studio.show.events import Notice


def test_a_locked_database_refuses_questions_without_losing_one_acknowledged_or_stopping_the_show(live):
    recorded = Recorded(live.bus)
    live.go().result(2)
    live.go().result(2)  # acme's pitch
    acknowledged = {}
    first = ask(live.api.url, SECRET, "f-0", "Before the lock")
    assert first.status == 201
    acknowledged["f-0"] = first.body["question"]["number"]
    live.execute("approve_question", {"question": acknowledged["f-0"]}).result(2)
    assert wait_until(lambda: live.questions.questions()[0].status == "approved", 3)

    locker = sqlite3.connect(live.db_path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")  # as any SQLite tool can
    try:
        refused = ask(live.api.url, SECRET, "f-1", "During the lock")
        assert refused.status == 503 and "send it again" in refused.body["error"]
        took = time.monotonic()
        assert live.extend(30).result(1).refused is None  # the show does not wait for the disk
        assert time.monotonic() - took < 0.2
        live.execute("reject_question", {"question": acknowledged["f-0"]}).result(2)
        assert wait_until(lambda: any("could not be marked rejected" in n.message for n in recorded.of(Notice)), 3)
        assert live.questions.questions()[0].status == "approved"  # screens show only what is stored
    finally:
        locker.execute("ROLLBACK")
        locker.close()

    answers = []  # the platform sends it again until it is taken (the writer tries the disk again every 0.5 s)
    assert wait_until(lambda: answers.append(ask(live.api.url, SECRET, "f-1", "During the lock")) or
                      answers[-1].status == 201, 5, every=0.1)
    again = answers[-1]
    assert {reply.status for reply in answers} <= {201, 503}
    acknowledged["f-1"] = again.body["question"]["number"]
    with sqlite3.connect(live.db_path) as db:
        stored = dict(db.execute("SELECT question_id, id FROM questions").fetchall())
        status = db.execute("SELECT status FROM questions WHERE question_id = 'f-0'").fetchone()[0]
    assert stored == acknowledged and status == "approved"
