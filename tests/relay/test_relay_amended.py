"""A replay through the relay with other contents (an order, a lead, a question): the first version is kept, the entry
acknowledged, the director told once and the as-run log given a row each; against a real redis-server, real HTTP on
loopback and real SQLite."""

from __future__ import annotations

import json
import time

from leads.leadkit import ALICE, lead_body, leads
from orders.shopkit import Shop, order_body, stored
from relaykit import STREAM, all_read, question_body, questions, table
from showkit import wait_until

from studio.show.events import Notice

TOLD = "came again through the relay with other contents"


def amended_rows(db) -> list[dict]:
    return [json.loads(row["detail"]) for row in table(db, "events") if row["kind"] == "relay_amended"]


def test_a_replay_with_other_contents_keeps_the_first_is_acknowledged_told_once_and_logged(broker, relay, studio):
    show, shop = studio(), Shop(relay.url)
    assert shop.post("/orders", order_body("A-1")).status == 202
    assert shop.post("/leads", lead_body()).status == 202
    assert shop.post("/questions", question_body("q-1")).status == 202
    assert wait_until(lambda: all_read(broker) and len(stored(show.db_path)) == len(leads(show.db_path))
                      == len(questions(show.db_path)) == 1)

    entries = [shop.post("/orders", order_body("A-1", amount=290.0, items=[{"sku": "A-JACK", "qty": 1, "price": 290.0}])),
               shop.post("/leads", lead_body(phone="+33 6 99 99 99 99")),
               shop.post("/questions", question_body("q-1", "Is there a discount?"))]
    assert shop.post("/orders", order_body("A-1")).status == 202  # the very same again: a plain replay, not told
    assert shop.post("/leads", lead_body(id="L-2", kind="quote")).status == 202  # the stream goes on
    assert [reply.status for reply in entries] == [202, 202, 202]
    assert wait_until(lambda: all_read(broker) and len(amended_rows(show.db_path)) == 3 and len(leads(show.db_path)) == 2)

    [order] = stored(show.db_path)
    assert order["amount"] == 3490.0  # the first versions are kept
    assert leads(show.db_path)[0]["phone"] == ALICE["phone"]
    assert [row["text"] for row in questions(show.db_path)] == ["Does the lift fit a van?"]
    assert amended_rows(show.db_path) == [
        {"intake": "order", "source": "studio", "id": "A-1", "entry": entries[0].body["entry"], "stream": STREAM},
        {"intake": "lead", "source": "studio", "id": "L-1", "entry": entries[1].body["entry"], "stream": STREAM},
        {"intake": "question", "source": "platform", "id": "q-1", "entry": entries[2].body["entry"], "stream": STREAM}]
    told = [notice for notice in show.received.of(Notice) if TOLD in notice.message]
    assert [(notice.level, notice.message) for notice in told] == [  # three within 10 s: one sentence
        ("warning", f"The order A-1 (studio) {TOLD}; the first one is kept. An amended order needs a new id: check it "
                    "with its sender.")]
    assert not any("skipped" in notice.message or "could not" in notice.message for notice in show.received.of(Notice))


def test_the_held_ones_are_counted_in_the_next_sentence(broker, relay, studio, monkeypatch):
    monkeypatch.setattr("studio.relay.consumer.AMENDED_NOTICE_S", 2.0)  # the rate limit, shortened for the test
    show, shop = studio(), Shop(relay.url)
    for n in range(3):
        assert shop.post("/leads", lead_body(id=f"L-{n}")).status == 202
    assert wait_until(lambda: all_read(broker) and len(leads(show.db_path)) == 3)
    for n in range(3):
        assert shop.post("/leads", lead_body(id=f"L-{n}", kind="quote")).status == 202
    assert wait_until(lambda: all_read(broker) and len(amended_rows(show.db_path)) == 3)
    time.sleep(2.1)  # the interval passes
    assert shop.post("/leads", lead_body(id="L-0", kind="call_back")).status == 202
    assert wait_until(lambda: len([n for n in show.received.of(Notice) if TOLD in n.message]) == 2)
    first, second = [n.message for n in show.received.of(Notice) if TOLD in n.message]
    assert first.startswith("The lead L-0 (studio) came again") and "more" not in first
    assert second.startswith("The lead L-0 (studio) came again") and second.endswith(
        "(2 more came again with other contents since the last notice)")
    assert wait_until(lambda: len(amended_rows(show.db_path)) == 4)  # a row each, held or told
