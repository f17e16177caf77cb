"""Questions followed in a JSONL file (a chat relay's), into a real show's table, credited to what is on air."""

from __future__ import annotations

import json
import sqlite3

from pushkit import trade_show

from showkit import Recorded, wait_until
from studio.app.session import LiveShow
from studio.orders.config import OrdersConfig
from studio.show.events import Notice, QuestionsChanged


def test_questions_appended_to_a_file_are_stored_once_and_credited(db_dir):
    feed = db_dir / "chat.jsonl"
    feed.write_text(json.dumps({"id": "c-1", "text": "Hello from Lyon", "author": "Marie"}) + "\n")
    show = LiveShow(trade_show(), db_dir / "studio.db", auto_start=False,
                    orders=OrdersConfig(port=None, question_files=(feed,)))
    recorded = Recorded(show.bus)
    show.run()
    try:
        assert wait_until(lambda: len(show.questions.questions()) == 1, 5)
        show.go().result(2)
        show.go().result(2)  # acme's pitch
        with feed.open("a") as out:
            out.write(json.dumps({"id": "c-2", "text": "Is the lift CE marked?"}) + "\n")
            out.write('{"id": "c-3"}\n')  # no text
            out.write(json.dumps({"id": "c-1", "text": "Hello from Lyon"}) + "\n")  # read again: stored once
        assert wait_until(lambda: len(show.questions.questions()) == 2, 5)
        assert wait_until(lambda: any("chat.jsonl:3:1: 'text' is required" in n.message for n in recorded.of(Notice)), 5)
        # the event follows the board's own list (published on the show loop): wait for it too
        assert wait_until(lambda: len(recorded.of(QuestionsChanged)[-1].questions) == 2, 5)
        changed = recorded.of(QuestionsChanged)[-1].questions
        assert [(q.question.question_id, q.segment_id, q.exhibitor_id) for q in changed] == [
            ("c-1", None, None), ("c-2", "pitch", "acme")]
    finally:
        show.close()
    with sqlite3.connect(db_dir / "studio.db") as db:
        assert db.execute("SELECT question_id, source FROM questions ORDER BY id").fetchall() == [
            ("c-1", "jsonl"), ("c-2", "jsonl")]
