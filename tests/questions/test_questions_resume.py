"""A show resumed after a crash keeps its questions and their statuses: the screens show the approved ones again."""

from __future__ import annotations

from pushkit import CONTROL, CREW, Socket, set_tokens, trade_show
from questionkit import SECRET, ask

from showkit import wait_until
from studio.app.session import LiveShow
from studio.orders.config import OrdersConfig


def test_a_resumed_show_has_its_questions_and_shows_the_approved_ones(db_dir, monkeypatch):
    set_tokens(monkeypatch)
    config = OrdersConfig(port=0, secret=SECRET, control_token=CONTROL)
    rundown = trade_show()
    first = LiveShow(rundown, db_dir / "studio.db", auto_start=False, orders=config)
    first.run()
    try:
        first.go().result(2)
        shown = ask(first.api.url, SECRET, "s-1", "Still there after a crash?").body["question"]["number"]
        ask(first.api.url, SECRET, "s-2", "Waiting one")
        first.execute("approve_question", {"question": shown}).result(2)
        assert wait_until(lambda: first.questions.questions()[0].status == "approved", 3)
    finally:
        first.close()  # the show never ended: it is resumed

    resumed = LiveShow(rundown, db_dir / "studio.db", resume=True, orders=config)
    resumed.run()
    try:
        assert [(a.question.question_id, a.status) for a in resumed.questions.questions()] == [
            ("s-1", "approved"), ("s-2", "waiting")]
        crew = Socket(resumed.api.port, CREW)
        try:
            message = crew.until(lambda m: m["type"] == "questions")
            assert [q["text"] for q in message["questions"]] == ["Still there after a crash?"]
        finally:
            crew.close()
    finally:
        resumed.close()
