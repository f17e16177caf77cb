"""Leads taken over HTTP on loopback, exported per exhibitor with `studio leads export` as a CRM imports them."""

from __future__ import annotations

import csv
import sqlite3
from contextlib import closing

import pytest
import vobject
from leadkit import BOB, lead_body, with_consent
from openpyxl import load_workbook
from shopkit import payload

from studio.app.cli import main

HUBSPOT = ["First Name", "Last Name", "Email", "Phone Number", "Company Name", "Lifecycle Stage", "Lead Status", "Message"]
SALESFORCE = ["First Name", "Last Name", "Company", "Email", "Phone", "Lead Source", "Lead Status", "Description"]


@pytest.fixture
def taken(live, shop, db_dir):
    """Alice's test drive (Acme), Bob's quote (Bolt), a lead without consent and a WooCommerce buyer with consent."""
    assert shop.post("/leads", lead_body()).status == 201
    assert shop.post("/leads", lead_body(BOB)).status == 201
    assert shop.post("/leads", lead_body(id="L-3", consent=False, email="carl@example.org")).status == 201
    assert shop.post("/webhooks/woocommerce", with_consent(payload("woocommerce-order-created.json"), "woocommerce")).status == 201
    live.writer.flush()
    assert live.writer.call(lambda db: db.execute("SELECT COUNT(*) FROM leads").fetchone()[0]) == 4
    return live.db_path


def test_one_file_per_exhibitor_and_format_with_consented_leads_only(taken, tmp_path, capsys):
    assert main(["leads", "export", str(tmp_path), "--db", str(taken)]) == 0
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == sorted(f"{who}-{form}.{ext}" for who in ("acme", "bolt") for form, ext in (
        ("hubspot-csv", "csv"), ("hubspot-xlsx", "xlsx"), ("salesforce-csv", "csv"), ("salesforce-xlsx", "xlsx"),
        ("vcard3", "vcf"), ("vcard4", "vcf")))
    out = capsys.readouterr().out
    assert "acme: 2 leads in" in out and "bolt: 1 leads in" in out


def test_hubspot_csv(taken, tmp_path):
    assert main(["leads", "export", str(tmp_path), "--db", str(taken), "--exhibitor", "acme", "--format", "hubspot-csv"]) == 0
    with (tmp_path / "acme-hubspot-csv.csv").open(encoding="utf-8", newline="") as file:
        header, alice, jean = list(csv.reader(file))
    assert header == HUBSPOT
    assert alice[:7] == ["Alice", "Durand", "alice.durand@example.org", "+33 6 12 34 56 78", "Garage Durand", "Lead", "New"]
    assert alice[7].startswith("Test drive request — Pont élévateur 3T — received 2026-") and "during opening" in alice[7]
    with closing(sqlite3.connect(taken)) as db:
        [(zone,)] = db.execute("SELECT timezone FROM shows").fetchall()
    assert f" {zone} during opening" in alice[7]  # the show's local time, as the dealer calls back
    assert alice[7].endswith("Saturday morning, please")
    assert jean[:5] == ["Jean", "Dupont", "atelier@garage-dupont.example", "+33 4 73 00 00 00", "Garage Dupont"]
    assert jean[7].startswith("Shop order 4821")


def test_salesforce_xlsx_fills_what_salesforce_requires_and_never_writes_a_formula(taken, shop, tmp_path):
    assert shop.post("/leads", lead_body(BOB, id="L-9", company="=1+2", phone="+33 6 00 00 00 00")).status == 201
    assert main(["leads", "export", str(tmp_path), "--db", str(taken), "--exhibitor", "bolt",
                 "--format", "salesforce-xlsx"]) == 0
    sheet = load_workbook(tmp_path / "bolt-salesforce-xlsx.xlsx").active
    header, bob, formula = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert header == SALESFORCE
    assert bob[:7] == [None, "Bob", "[not provided]", "bob@example.net", None, "Web", "Open - Not Contacted"]
    assert (formula[2], formula[4]) == ("'=1+2", "+33 6 00 00 00 00")  # text, and the phone's + kept
    assert bob[7].startswith("Quote request — B-TYRE") and bob[7].endswith("=HYPERLINK(\"http://x\")")
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if cell.value is not None)


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_vcards_read_back(taken, tmp_path, version):
    form = "vcard" + version[0]
    assert main(["leads", "export", str(tmp_path), "--db", str(taken), "--exhibitor", "acme", "--format", form]) == 0
    text = (tmp_path / f"acme-{form}.vcf").read_bytes().decode()
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))  # folded at 75 octets, CRLF lines
    alice, jean = vobject.readComponents(text)
    assert (alice.version.value, alice.fn.value, alice.n.value.family, alice.n.value.given) == (version, "Alice Durand", "Durand", "Alice")
    assert (alice.email.value, alice.tel.value, alice.org.value) == ("alice.durand@example.org", "+33 6 12 34 56 78", ["Garage Durand"])
    assert alice.note.value.endswith("Saturday morning, please")  # the comma survives escaping
    assert jean.fn.value == "Jean Dupont"
    if version == "4.0":
        assert "KIND:individual" in text and "TYPE=INTERNET" not in text


def test_unknown_exhibitor_and_missing_database_are_sentences(taken, tmp_path, capsys):
    assert main(["leads", "export", str(tmp_path), "--db", str(taken), "--exhibitor", "nobody"]) == 1
    assert "no leads with consent for nobody" in capsys.readouterr().err
    assert main(["leads", "export", str(tmp_path), "--db", str(tmp_path / "none.db")]) == 1
    assert "no such database" in capsys.readouterr().err


def test_only_one_shows_leads(taken, tmp_path):
    with closing(sqlite3.connect(taken)) as db:
        show_id = db.execute("SELECT MAX(show_id) FROM leads").fetchone()[0]
    assert main(["leads", "export", str(tmp_path / "other"), "--db", str(taken), "--show", str(show_id + 1)]) == 0
    assert not (tmp_path / "other").exists() or not list((tmp_path / "other").iterdir())
