"""The report counts the leads per exhibitor and segment (counts only), from leads posted over HTTP on loopback."""

from __future__ import annotations

import csv
import io

from leadkit import ALICE, BOB, lead_body

from studio.app.cli import main


def test_the_report_counts_leads_per_segment_and_exhibitor_without_personal_data(live, shop, tmp_path, capsys):
    assert shop.post("/leads", lead_body()).status == 201  # Acme's vehicle, during the opening
    assert live.go().result(5).refused is None  # Acme's pitch
    assert shop.post("/leads", lead_body(id="L-20", kind="call_back", vehicle=None)).status == 201
    assert shop.post("/leads", lead_body(id="L-30", consent=False, vehicle=None)).status == 201
    assert shop.post("/leads", lead_body(BOB)).status == 201  # names Bolt's product, during Acme's pitch
    live.close()

    assert main(["report", "--db", str(live.db_path), "--format", "csv"]) == 0
    rows = {row["segment_id"]: row for row in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert {key: row["leads"] for key, row in rows.items()} == {"opening": "1", "acme-pitch": "3"}

    page = tmp_path / "report.html"
    assert main(["report", "--db", str(live.db_path), "-o", str(page)]) == 0
    html = page.read_text()
    assert '<h2 id="leads">Leads</h2>' in html and "call back" in html and "test drive" in html
    assert "<td class=\"n\"><b>4</b></td>" in html  # the total
    for personal in (ALICE["email"], "Durand", ALICE["phone"], BOB["email"], "Saturday"):
        assert personal not in html
    acme = tmp_path / "acme.html"
    assert main(["report", "--db", str(live.db_path), "-o", str(acme), "--exhibitor", "acme"]) == 0
    assert "<span>Leads</span><b>3</b>" in acme.read_text()
