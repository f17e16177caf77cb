"""`studio forget EMAIL` after leads and orders came over HTTP on loopback: the person is gone from the file."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

from leadkit import ALICE, lead_body, leads, with_consent
from shopkit import order_body, payload, stored

from studio.app.cli import main
from studio.central.outbox import install
from studio.leads.forget import forget
from studio.storage.journal import journal_path

ALICE_MAIL = "Alice.Durand@Example.org"  # any case
JEAN = "atelier@garage-dupont.example"  # the WooCommerce buyer


def _take_everything(live, shop) -> None:
    live.writer.call(install)  # the central outbox, as with --central-db
    assert shop.post("/leads", lead_body()).status == 201
    assert shop.post("/leads", lead_body(id="L-2", kind="quote")).status == 201  # Alice again
    assert shop.post("/leads", lead_body(id="L-3", name="Bob Roy", email="bob@example.net", phone=None, company=None)).status == 201
    woo = json.loads(with_consent(payload("woocommerce-order-created.json"), "woocommerce"))
    woo["customer_note"] = f"Call {JEAN} before delivery"
    assert shop.post("/webhooks/woocommerce", json.dumps(woo).encode()).status == 201
    live.notice("info", f"A test note naming {JEAN}")  # as-run events too
    live.writer.flush()


def test_forget_erases_leads_and_an_orders_contact_and_says_so_while_the_show_runs(live, shop, capsys):
    _take_everything(live, shop)
    assert main(["forget", ALICE_MAIL, "--db", str(live.db_path)]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"Forgot {ALICE_MAIL}: 2 leads deleted, the contact details and payload of 0 orders erased")
    assert [row["email"] for row in leads(live.db_path)] == ["bob@example.net", JEAN]

    assert main(["forget", JEAN, "--db", str(live.db_path)]) == 0
    said = capsys.readouterr().out
    assert "1 lead deleted, the contact details and payload of 1 order erased" in said
    assert "The event's PostgreSQL receives the 2 erased rows at the next shipping (orders, events)." in said
    [order] = stored(live.db_path)
    raw = json.loads(order["raw"])
    assert order["customer"] is None and order["amount"] == 3780.0  # the sale still counts
    assert raw["billing"] is None and raw["customer_note"] is None and raw["line_items"][0]["sku"] == "A-LIFT"
    assert JEAN not in order["raw"] and "Dupont" not in order["raw"]
    with closing(sqlite3.connect(live.db_path)) as db:
        details = [detail for (detail,) in db.execute("SELECT detail FROM events")]
        queued = db.execute("SELECT tbl, row_id FROM central_outbox WHERE tbl = 'orders' ORDER BY seq DESC LIMIT 1").fetchone()
    assert not any(JEAN in detail for detail in details) and any("[erased]" in detail for detail in details)
    assert queued == ("orders", order["id"])


def test_after_the_show_nothing_of_the_person_is_left_in_the_files(live, shop, capsys):
    _take_everything(live, shop)
    live.close()
    assert main(["forget", ALICE_MAIL, "--db", str(live.db_path)]) == 0
    assert main(["forget", JEAN, "--db", str(live.db_path)]) == 0
    files = [live.db_path, live.db_path.with_name(live.db_path.name + "-wal")]
    text = b"".join(path.read_bytes() for path in files if path.exists()).lower()
    for trace in (ALICE["email"], ALICE["phone"], "durand", JEAN, "+33 4 73 00 00 00"):
        assert trace.lower().encode() not in text, trace  # secure delete: not even in free pages
    assert b"bob@example.net" in text  # someone else stays


def test_the_journal_is_rewritten_when_no_studio_holds_it(db_dir):
    db = db_dir / "studio.db"
    sqlite3.connect(db).close()
    journal = journal_path(db)
    journal.parent.mkdir(parents=True, exist_ok=True)
    journal.write_text('{"ids": {}, "sql": [["INSERT INTO events (detail) VALUES (?)", ["a@b.org said hi"]]]}\n'
                       '{"ids": {}, "sql": [["INSERT INTO events (detail) VALUES (?)", ["someone else"]]]}\n')
    try:
        erased = forget(db, "A@B.org")
        assert erased.journal_lines == 1
        assert "a@b.org" not in journal.read_text() and "someone else" in journal.read_text()
    finally:
        journal.unlink(missing_ok=True)


def test_the_journal_of_a_running_show_is_named_not_touched(live, shop):
    journal = journal_path(live.db_path)
    before = journal.read_bytes() if journal.exists() else b""
    journal.write_bytes(before + b'{"ids": {}, "sql": [["SELECT ?", ["alice.durand@example.org"]]]}\n')
    erased = forget(live.db_path, ALICE_MAIL)
    assert erased.journal_lines == 0
    assert "a running studio holds it" in erased.sentence(ALICE_MAIL)
    journal.write_bytes(before)


def test_a_wrong_address_or_database_is_a_sentence(db_dir, capsys):
    assert main(["forget", "not-an-address", "--db", str(db_dir / "x.db")]) == 2
    assert "is not an e-mail address" in capsys.readouterr().err
    assert main(["forget", "a@b.org", "--db", str(db_dir / "none.db")]) == 1
    assert "no such database" in capsys.readouterr().err


def test_the_address_is_found_in_any_case_and_in_escaped_json_and_never_inside_a_longer_one(live, shop, capsys):
    jose = "josé.martin@example.org"
    assert shop.post("/leads", lead_body(id="L-1", email=jose)).status == 201
    assert shop.post("/leads", lead_body(id="L-2", email=f"x{jose}")).status == 201  # someone else
    assert shop.post("/leads", lead_body(id="L-3", email=f"{jose}.uk")).status == 201  # someone else again
    order = {**json.loads(order_body("J-1")), "consent": True, "contact": {"email": jose}}
    assert shop.post("/orders", json.dumps(order).encode()).status == 201  # jos\u00e9, as PHP's json_encode writes it
    live.writer.flush()
    assert main(["forget", jose.upper(), "--db", str(live.db_path)]) == 0
    assert capsys.readouterr().out.startswith(
        f"Forgot {jose.upper()}: 2 leads deleted, the contact details and payload of 1 order erased")
    assert sorted(row["email"] for row in leads(live.db_path)) == [f"{jose}.uk", f"x{jose}"]
    assert json.loads([row for row in stored(live.db_path) if row["order_id"] == "J-1"][0]["raw"])["contact"] is None
