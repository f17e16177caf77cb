"""Leads and audience questions through the relay: the same stream and consumer as the orders, against a real
redis-server, real HTTP on loopback and real SQLite."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import redis
from leads.leadkit import ALICE, BOB, lead_body, leads
from orders.shopkit import SECRET, Shop, order_body, shop_rundown, stored
from relaykit import GROUP, STREAM, pending, question_body, questions
from showkit import wait_until

from studio.app.session import LiveShow
from studio.orders.config import OrdersConfig
from studio.relay.stream import StreamConfig
from studio.show.events import LeadReceived, Notice, QuestionsChanged


def test_a_lead_and_a_question_are_queued_with_their_path_once_checked(broker, relay):
    shop = Shop(relay.url)
    lead = shop.post("/leads", lead_body())
    question = shop.post("/questions", question_body("q-1"))
    assert (lead.status, lead.body["status"], lead.body["lead"]) == (202, "queued", "L-1")
    assert (question.status, question.body["question"]) == (202, "q-1")
    entries = redis.Redis.from_url(broker.url).xrange(STREAM)
    assert [(fields[b"intake"], fields[b"body"]) for _, fields in entries] == [
        (b"/leads", lead_body()), (b"/questions", question_body("q-1"))]
    assert [entry_id.decode() for entry_id, _ in entries] == [lead.body["entry"], question.body["entry"]]


def test_a_lead_without_consent_is_queued_without_the_persons_data(broker, relay, studio):
    assert Shop(relay.url).post("/leads", lead_body(id="L-9", consent=False)).status == 202
    [(_, fields)] = redis.Redis.from_url(broker.url).xrange(STREAM)
    queued = json.loads(fields[b"body"])
    assert queued == {"id": "L-9", "kind": "test_drive", "consent": False, "company": "Garage Durand",
                      "vehicle": "Pont élévateur 3T"}
    assert b"alice" not in fields[b"body"].lower() and b"+33" not in fields[b"body"]
    show = studio()
    assert wait_until(lambda: len(leads(show.db_path)) == 1 and pending(broker) == 0)
    row = leads(show.db_path)[0]
    assert (row["lead_id"], row["consent"], row["email"], row["first_name"], row["company"]) == (
        "L-9", 0, None, None, "Garage Durand")


def test_refused_leads_and_questions_never_reach_the_stream(broker, relay):
    shop = Shop(relay.url)
    assert shop.post("/leads", lead_body(), signature=None).status == 401
    bad_kind = shop.post("/leads", lead_body(kind="lunch"))
    assert (bad_kind.status, bad_kind.body["field"]) == (400, "kind")
    no_text = shop.post("/questions", json.dumps({"id": "q-2"}).encode())
    assert (no_text.status, no_text.body["field"]) == (400, "text")
    assert redis.Redis.from_url(broker.url).xlen(STREAM) == 0
    told = [sentence for _, sentence in relay.notices]
    assert any(s.startswith("Refused a lead on /leads") for s in told)
    assert any(s.startswith("Refused a question on /questions") for s in told)


def test_redis_down_is_503_for_a_lead_and_its_retry_is_queued(broker, relay):
    shop = Shop(relay.url)
    broker.stop()
    down = shop.post("/leads", lead_body())
    assert down.status == 503 and "The lead could not be queued" in down.body["error"]
    broker.start()
    assert shop.post("/leads", lead_body()).status == 202


def test_leads_and_questions_queued_while_the_studio_was_down_are_stored_once_when_it_returns(broker, relay, studio):
    shop = Shop(relay.url)
    for n in range(30):
        assert shop.post("/leads", lead_body(BOB, id=f"L-{n}")).status == 202
        assert shop.post("/questions", question_body(f"q-{n}", f"Question {n}?")).status == 202
    assert shop.post("/orders", order_body("A-1")).status == 202  # orders share the stream
    assert shop.post("/leads", lead_body(BOB, id="L-7")).status == 202  # a retry: queued twice, stored once
    assert shop.post("/questions", question_body("q-7", "Question 7?")).status == 202
    show = studio()  # the studio comes up after they were sent
    assert wait_until(lambda: len(leads(show.db_path)) == 30 and len(questions(show.db_path)) == 30
                      and len(stored(show.db_path)) == 1 and pending(broker) == 0)
    assert sorted(row["lead_id"] for row in leads(show.db_path)) == sorted(f"L-{n}" for n in range(30))
    assert {row["source"] for row in leads(show.db_path)} == {"studio"}  # the same leads as posted directly
    rows = questions(show.db_path)
    assert sorted(row["question_id"] for row in rows) == sorted(f"q-{n}" for n in range(30))
    assert {(row["source"], row["status"]) for row in rows} == {("platform", "waiting")}
    assert wait_until(lambda: len(show.received.of(LeadReceived)) == 30)
    assert wait_until(lambda: len(show.received.of(QuestionsChanged)[-1].questions) == 30)


def test_a_lead_the_database_refuses_stays_pending_while_questions_flow(broker, relay, studio):
    show = studio()
    shop = Shop(relay.url)
    assert wait_until(lambda: _has_table(show.db_path, "leads"))
    with closing(sqlite3.connect(show.db_path)) as saboteur:  # the database refuses every new lead, for real
        saboteur.execute("CREATE TRIGGER refuse BEFORE INSERT ON leads BEGIN SELECT RAISE(ABORT, 'disk says no'); END")
        saboteur.commit()
        assert shop.post("/leads", lead_body(ALICE)).status == 202
        assert wait_until(lambda: any("could not be stored" in n.message for n in show.received.of(Notice)))
        assert leads(show.db_path) == [] and pending(broker) == 1  # not acknowledged: the relay keeps it
        saboteur.execute("DROP TRIGGER refuse")
        saboteur.commit()
    assert shop.post("/questions", question_body("q-1")).status == 202
    assert wait_until(lambda: [row["lead_id"] for row in leads(show.db_path)] == ["L-1"]
                      and len(questions(show.db_path)) == 1 and pending(broker) == 0, timeout=20)
    assert leads(show.db_path)[0]["email"] == ALICE["email"]  # with consent: the contact is kept


def _has_table(db: Path, name: str) -> bool:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as connection:
        return connection.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [name]).fetchone() is not None


def test_a_lead_and_a_question_sent_both_ways_are_stored_once(broker, relay, db_dir):
    show = LiveShow(shop_rundown(), db_dir / "studio.db", auto_start=False, orders=OrdersConfig(port=0, secret=SECRET),
                    relay=StreamConfig(broker.url, STREAM, GROUP, "stage-a"))
    show.run()
    try:
        direct, relayed = Shop(show.api.url), Shop(relay.url)
        assert direct.post("/leads", lead_body()).status == 201
        assert direct.post("/questions", question_body("q-1")).status == 201
        assert relayed.post("/leads", lead_body()).status == 202  # the same lead through the relay: a replay
        assert relayed.post("/questions", question_body("q-1")).status == 202
        assert relayed.post("/questions", question_body("q-2")).status == 202
        assert wait_until(lambda: pending(broker) == 0 and len(questions(show.db_path)) == 2)
        assert [row["lead_id"] for row in leads(show.db_path)] == ["L-1"]
        assert [row["question_id"] for row in questions(show.db_path)] == ["q-1", "q-2"]
    finally:
        show.close()
