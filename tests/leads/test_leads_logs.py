"""No personal data in log output or in what the director is told, whatever the leads and orders sent."""

from __future__ import annotations

import json
import logging
import sqlite3
from contextlib import closing

from leadkit import ALICE, lead_body, leads, with_consent
from shopkit import payload

from showkit import wait_until
from studio.show.events import LeadReceived, Notice

TRACES = ("alice", "durand", "12 34 56 78", "saturday", "atelier@garage-dupont", "dupont", "jean", "73 00 00 00")


def test_leads_and_contacts_leave_no_personal_data_in_logs_or_notices(live, shop, caplog):
    caplog.set_level(logging.DEBUG)  # every logger, every level
    assert shop.post("/leads", lead_body()).status == 201
    assert shop.post("/leads", lead_body(phone="+33 6 99 99 99 99")).status == 409  # told to the director
    assert shop.post("/leads", lead_body(id="L-2", email="alice.durand@@example.org")).status == 400
    assert shop.post("/leads", lead_body(id="L-3", phone="alice durand")).status == 400
    assert shop.post("/leads", lead_body(id="L-4", consent="Alice Durand")).status == 400
    woo = json.loads(with_consent(payload("woocommerce-order-created.json"), "woocommerce"))
    woo["billing"]["email"] = "not an address, Jean Dupont"  # a contact that cannot be kept: the order still is
    assert shop.post("/webhooks/woocommerce", json.dumps(woo).encode()).status == 201
    woo.update(id=4822, billing={**woo["billing"], "email": "atelier@garage-dupont.example"})
    assert shop.post("/webhooks/woocommerce", json.dumps(woo).encode()).status == 201
    with closing(sqlite3.connect(live.db_path, isolation_level=None)) as blocker:  # the database refuses writes
        blocker.execute("BEGIN EXCLUSIVE")
        assert shop.post("/leads", lead_body(id="L-5")).status == 503  # logged by the writer and the intake
        blocker.execute("ROLLBACK")
    assert wait_until(lambda: len(leads(live.db_path)) == 2, timeout=5)
    assert wait_until(lambda: live.received.of(LeadReceived), timeout=5)
    live.close()  # its closing sentences too

    told = " ".join(event.message for event in live.received.of(Notice)).lower()
    assert "came again with other contents" in told  # the 409 was told, by id
    logged = caplog.text.lower()
    assert "could not be committed" in logged  # the refusal was logged: the check below looks at real output
    for trace in TRACES:
        assert trace not in logged, trace
        assert trace not in told, trace
        assert trace not in repr(live.received.of(LeadReceived)).lower(), trace
    assert ALICE["email"] in {row["email"] for row in leads(live.db_path)}  # kept where it belongs
