"""No name, e-mail or phone on the relay path: not in a log line of the relay or the studio's consumer, not in what
either tells, not in the as-run log; with consenting leads and orders, refusals, a replay with other contents, Redis
down and a database refusing writes. Against a real redis-server, real HTTP on loopback and real SQLite."""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing

from leads.leadkit import ALICE, lead_body, leads, with_consent
from orders.shopkit import Shop, order_body, stored
from relaykit import all_read, table
from showkit import wait_until

from studio.show.events import LeadReceived, Notice

TRACES = ("alice", "durand", "12 34 56 78", "99 99 99", "saturday", "chloé", "chloe", "petit", "23 45 67 89", "dupont")


def test_no_personal_data_in_the_relays_and_the_consumers_logs_or_sentences(broker, relay, studio, caplog):
    caplog.set_level(logging.DEBUG)  # every logger, every level
    show, shop = studio(), Shop(relay.url)
    assert shop.post("/leads", lead_body()).status == 202  # Alice, with consent
    assert shop.post("/orders", with_consent(order_body("A-1"), "studio")).status == 202  # Chloé, with consent
    assert shop.post("/leads", lead_body(id="L-2", email="alice.durand@@example.org")).status == 400
    assert shop.post("/leads", lead_body(id="L-3", phone="alice durand")).status == 400
    assert shop.post("/orders", with_consent(order_body("A-2"), "studio"), signature="sha256=" + "0" * 64).status == 401
    assert wait_until(lambda: all_read(broker) and len(leads(show.db_path)) == 2)
    assert shop.post("/leads", lead_body(phone="+33 6 99 99 99 99")).status == 202  # came again, other contents
    assert wait_until(lambda: all_read(broker))  # read before Redis stops (it keeps nothing here)
    broker.stop()
    assert shop.post("/leads", lead_body(id="L-4")).status == 503  # with Redis's error (the notice is held: 10 s)
    broker.start()
    assert wait_until(lambda: any("read again" in n.message for n in show.received.of(Notice)), timeout=20)

    with closing(sqlite3.connect(show.db_path)) as saboteur:  # the database refuses every new lead, for real
        saboteur.execute("CREATE TRIGGER refuse BEFORE INSERT ON leads BEGIN SELECT RAISE(ABORT, 'disk says no'); END")
        saboteur.commit()
        assert shop.post("/leads", lead_body(id="L-5")).status == 202
        assert wait_until(lambda: any("could not be stored" in n.message for n in show.received.of(Notice)))
        saboteur.execute("DROP TRIGGER refuse")
        saboteur.commit()
    assert wait_until(lambda: all_read(broker) and len(leads(show.db_path)) == 3, timeout=20)
    assert [row["amount"] for row in stored(show.db_path)] == [3490.0]
    show.close()  # its closing sentences too

    logged = caplog.text.lower()
    told = " ".join([sentence for _, sentence in relay.notices] + [n.message for n in show.received.of(Notice)]).lower()
    events = " ".join(str(row["detail"]) for row in table(show.db_path, "events")).lower()
    published = repr(show.received.of(LeadReceived)).lower()  # (OrderReceived carries the order to the console)
    # the checks below look at real output: each fault was logged or told
    assert "entries from the stream not stored" in logged
    assert "refused a lead on /leads" in told and "refused an order on /orders" in told
    assert "orders from the relay cannot be read" in told and "came again through the relay" in told
    assert "relay_amended" in {row["kind"] for row in table(show.db_path, "events")}
    for trace in TRACES:
        assert trace not in logged, trace
        assert trace not in told, trace
        assert trace not in events, trace
        assert trace not in published, trace
    assert {row["email"] for row in leads(show.db_path)} == {ALICE["email"], "chloe@example.com"}  # kept where it belongs
