"""Leads followed in a JSONL file (a landing page's export), into a real show's table, credited like orders; the file
comes from --leads-file or the setting leads_file."""

from __future__ import annotations

import json
import time
from pathlib import Path

from leadkit import ALICE, BOB, lead_body, leads
from shopkit import shop_rundown

from showkit import Recorded, wait_until
from studio.app.cli import _parser
from studio.app.session import LiveShow
from studio.orders.config import OrdersConfig, orders_config
from studio.show.events import LeadReceived, Notice


def test_leads_appended_to_a_file_are_stored_once_credited_and_told(db_dir):
    feed = db_dir / "landing.jsonl"
    feed.write_bytes(lead_body() + b"\n")
    show = LiveShow(shop_rundown(), db_dir / "studio.db", auto_start=False,
                    orders=OrdersConfig(port=None, lead_files=(feed,)))
    recorded = Recorded(show.bus)
    show.run()
    try:
        show.go()
        assert wait_until(lambda: len(leads(show.db_path)) == 1, 5)
        with feed.open("ab") as out:
            out.write(lead_body(BOB) + b"\n")
            out.write(lead_body(id="L-3", consent=False) + b"\n")  # no consent: the personal data is dropped
            out.write(lead_body(id="L-4", kind="lunch") + b"\n")
            out.write(lead_body() + b"\n")  # read again: stored once
            out.write(lead_body(notes="Sunday instead") + b"\n")  # the same id, other contents: the first kept
        assert wait_until(lambda: len(leads(show.db_path)) == 3, 5)
        told = lambda: [n.message for n in recorded.of(Notice)]  # noqa: E731
        assert wait_until(lambda: any(f"{feed}:4:1: 'kind' must be one of" in m for m in told()), 5)
        assert wait_until(lambda: f"{feed}:6:1: the lead L-1 was stored before with other contents; the first one is "
                                  "kept." in told(), 5)
        assert wait_until(lambda: [e.leads for e in recorded.of(LeadReceived)] == [1, 2, 3], 5)
    finally:
        show.close()
    rows = leads(db_dir / "studio.db")
    assert [(r["lead_id"], r["source"], r["kind"]) for r in rows] == [
        ("L-1", "jsonl", "test_drive"), ("L-2", "jsonl", "quote"), ("L-3", "jsonl", "test_drive")]
    assert rows[0]["email"] == ALICE["email"] and rows[0]["notes"] == ALICE["notes"]
    assert (rows[2]["email"], rows[2]["first_name"], rows[2]["notes"]) == (None, None, None)
    assert rows[1]["exhibitor_id"] == "bolt"  # B-TYRE is bolt's product


def test_the_lead_files_come_from_the_flag_else_the_setting(tmp_path: Path):
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"settings": {"leads_file": "/srv/landing"}}))
    assert orders_config(environ={}, settings=settings).lead_files == (Path("/srv/landing"),)
    flagged = orders_config(lead_files=(Path("a.jsonl"),), environ={}, settings=settings)
    assert flagged.lead_files == (Path("a.jsonl"),)
    assert orders_config(environ={}, settings=tmp_path / "none.json").lead_files == ()
    args = _parser().parse_args(["run", "--leads-file", "a.jsonl", "--leads-file", "drop"])
    assert args.leads_file == [Path("a.jsonl"), Path("drop")]
