"""Questions over real HTTP and the push WebSocket on loopback: intake, credit, moderation, who sees what."""

from __future__ import annotations

import sqlite3

from httpkit import request
from pushkit import CONTROL, CREW, EXHIBITORS, Socket
from questionkit import SECRET, ask

from showkit import wait_until


def questions_of(socket: Socket, test=lambda qs: True) -> list[dict]:
    return socket.until(lambda m: m["type"] == "questions" and test(m["questions"]))["questions"]


def test_a_signed_question_is_stored_before_the_answer_and_credited_to_the_segment_on_air(live):
    live.go().result(2)
    live.go().result(2)  # acme's pitch on air
    reply = ask(live.api.url, SECRET, "q-1", "Does the  3T lift fit a van?", author="Marie, Lyon")
    assert reply.status == 201
    assert reply.body["status"] == "created"
    assert reply.body["question"]["segment"] == "pitch" and reply.body["question"]["exhibitor"] == "acme"
    with sqlite3.connect(live.db_path) as db:  # committed before the answer
        row = db.execute("SELECT question_id, text, author, segment_id, exhibitor_id, status FROM questions").fetchone()
    assert row == ("q-1", "Does the 3T lift fit a van?", "Marie, Lyon", "pitch", "acme", "waiting")
    again = ask(live.api.url, SECRET, "q-1", "Does the 3T lift fit a van?", author="Marie, Lyon")  # the platform's retry
    assert again.status == 200 and again.body["status"] == "duplicate" and again.body["question"]["number"] == reply.body["question"]["number"]
    edited = ask(live.api.url, SECRET, "q-1", "Does the 5T lift fit a van?", author="Marie, Lyon")
    assert edited.status == 409 and edited.body["field"] == "id", edited.body  # the first one is kept, and said so
    with sqlite3.connect(live.db_path) as db:
        assert db.execute("SELECT text FROM questions").fetchall() == [("Does the 3T lift fit a van?",)]


def test_a_question_naming_its_exhibitor_is_credited_to_it(live):
    live.go().result(2)  # intro: nobody's
    reply = ask(live.api.url, SECRET, "q-2", "When is Serenco's demo?", exhibitor="serenco")
    assert reply.status == 201 and reply.body["question"]["exhibitor"] == "serenco"
    assert reply.body["question"]["segment"] == "intro"


def test_the_intake_refuses_like_the_order_intake(live):
    url = live.api.url
    assert ask(url, "wrong-secret", "q-3", "Hello?").status == 401
    refused = ask(url, SECRET, "q-3", "")
    assert refused.status == 400 and refused.body["field"] == "text"
    assert ask(url, SECRET, "q-3", "x" * 301).body["field"] == "text"
    big = request("POST", f"{url}/questions", b"{" + b" " * (1024 * 1024 + 10) + b"}", {"Content-Type": "application/json"})
    assert big.status == 413
    with sqlite3.connect(live.db_path) as db:
        assert db.execute("SELECT count(*) FROM questions").fetchone() == (0,)


def test_the_list_is_behind_the_control_token(live):
    ask(live.api.url, SECRET, "q-4", "Is there a warranty?")
    assert request("GET", f"{live.api.url}/questions").status == 401
    assert request("GET", f"{live.api.url}/questions", headers={"Authorization": f"Bearer {CREW}"}).status == 401
    listed = request("GET", f"{live.api.url}/questions", headers={"Authorization": f"Bearer {CONTROL}"})
    assert [q["text"] for q in listed.body["questions"]] == ["Is there a warranty?"]


def test_moderation_over_http_and_websocket_reaches_each_role_and_no_exhibitor_sees_anothers(live):
    port = live.api.port
    control, crew = Socket(port, CONTROL), Socket(port, CREW)
    acme, serenco = Socket(port, EXHIBITORS["acme"]), Socket(port, EXHIBITORS["serenco"])
    try:
        assert questions_of(crew) == [] and questions_of(acme) == []
        live.go().result(2)
        live.go().result(2)  # acme's pitch
        one = ask(live.api.url, SECRET, "q-5", "Price with installation?").body["question"]["number"]
        two = ask(live.api.url, SECRET, "q-6", "Serenco: battery life?", exhibitor="serenco").body["question"]["number"]
        waiting = questions_of(control, lambda qs: len(qs) == 2)
        assert {q["status"] for q in waiting} == {"waiting"}
        # approve over HTTP (the registry's route), the other over the push WebSocket
        approved = request("POST", f"{live.api.url}/control/approve_question?question={one}",
                           headers={"Authorization": f"Bearer {CONTROL}"})
        assert approved.status == 200, approved.body
        control.send(type="command", id="a2", name="approve_question", arguments={"question": two})
        assert control.until(lambda m: m["type"] == "outcome" and m["id"] == "a2")["ok"]
        on_screen = questions_of(crew, lambda qs: len(qs) == 2)
        assert {q["text"] for q in on_screen} == {"Price with installation?", "Serenco: battery life?"}
        assert [q["text"] for q in questions_of(acme, lambda qs: len(qs) == 1)] == ["Price with installation?"]
        assert [q["text"] for q in questions_of(serenco, lambda qs: len(qs) == 1)] == ["Serenco: battery life?"]
        for seen in (acme.seen, serenco.seen):  # never, in any message, the other exhibitor's question
            own = "Price" if seen is acme.seen else "Serenco"
            assert all(q["text"].startswith(own) for m in seen if m["type"] == "questions" for q in m["questions"])
        acme.send(type="command", id="x", name="reject_question", arguments={"question": one})  # may not act
        assert "may not send commands" in acme.until(lambda m: m["type"] == "error" and m["id"] == "x")["message"]
        live.execute("answer_question", {"question": one}).result(2)
        assert [q["text"] for q in questions_of(crew, lambda qs: len(qs) == 1)] == ["Serenco: battery life?"]
        assert questions_of(acme, lambda qs: qs == []) == []
    finally:
        for socket in (control, crew, acme, serenco):
            socket.close()
    with sqlite3.connect(live.db_path) as db:
        rows = dict(db.execute("SELECT question_id, status FROM questions").fetchall())
    assert rows == {"q-5": "answered", "q-6": "approved"}


def test_an_unknown_number_is_a_notice_not_a_change(live):
    from studio.show.events import Notice
    from showkit import Recorded

    recorded = Recorded(live.bus)
    assert live.execute("approve_question", {"question": 99}).result(2).refused is None
    assert wait_until(lambda: any("There is no question 99" in n.message for n in recorded.of(Notice)), 2)
