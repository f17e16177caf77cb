"""The `leads` table: every lead taken, once, written through the show's one writer (its work lane).

Keyed like orders by (source, lead_id) under one unique index: a replay is found and not stored
twice, one that comes back with other contents is told apart (`amended`). Personal data lives in
this table only (first_name, last_name, email, phone, notes), for leads with consent; views and
logs never show it. docs/leads.md describes every column.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from studio.orders.store import Stored
from studio.storage.asrun import iso
from studio.storage.views import create_views
from studio.leads.model import AcceptedLead

COLUMNS = ("lead_id", "source", "kind", "received_at", "placed_at", "wanted_at", "consent", "first_name", "last_name",
           "company", "email", "phone", "product", "notes", "exhibitor_id", "segment_id", "show_id")
CONTENT = ("kind", "wanted_at", "consent", "first_name", "last_name", "company", "email", "phone", "product", "notes")
PERSONAL = ("first_name", "last_name", "email", "phone", "notes")
_INSERT = f"INSERT OR IGNORE INTO leads ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
_STORED = f"SELECT exhibitor_id, segment_id, {', '.join(CONTENT)} FROM leads WHERE source = ? AND lead_id = ?"


def create_leads_table(db: sqlite3.Connection) -> None:
    db.execute("""CREATE TABLE IF NOT EXISTS "leads" ("id" INTEGER PRIMARY KEY, "lead_id" TEXT NOT NULL,
        "source" TEXT NOT NULL, "kind" TEXT NOT NULL, "received_at" TEXT NOT NULL, "placed_at" TEXT, "wanted_at" TEXT,
        "consent" INTEGER NOT NULL, "first_name" TEXT, "last_name" TEXT, "company" TEXT, "email" TEXT, "phone" TEXT,
        "product" TEXT, "notes" TEXT, "exhibitor_id" TEXT, "segment_id" TEXT, "show_id" INTEGER)""")
    db.execute('CREATE UNIQUE INDEX IF NOT EXISTS "idx_leads_source_lead_id" ON "leads" ("source", "lead_id")')
    db.execute('CREATE INDEX IF NOT EXISTS "idx_leads_show_id_exhibitor_id" ON "leads" ("show_id", "exhibitor_id")')
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'shows'").fetchone() is not None:
        create_views(db)  # leads_local and leads_count, now that the table exists


def insert_one(db: sqlite3.Connection, accepted: AcceptedLead) -> Stored | Exception:
    """Store the lead unless its key is there already; an error is returned (this lead's alone), not raised."""
    lead = accepted.lead
    values = _values(accepted)
    try:
        if db.execute(_INSERT, values).rowcount == 1:
            return Stored(lead.source, lead.lead_id, True, accepted.exhibitor_id, accepted.segment_id)
        exhibitor_id, segment_id, *content = db.execute(_STORED, list(lead.key)).fetchone()
        amended = content != [values[COLUMNS.index(column)] for column in CONTENT]
        return Stored(lead.source, lead.lead_id, False, exhibitor_id, segment_id, amended)
    except sqlite3.Error as exc:
        return exc


def count_leads(path: Path, show_id: int) -> int:
    """How many leads (not buyers' contacts) a show took, as another reader sees them (a resumed show's count)."""
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
        if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'leads'").fetchone() is None:
            return 0
        return int(db.execute("SELECT COUNT(*) FROM leads WHERE show_id = ? AND kind != 'order'", [show_id]).fetchone()[0])


def _values(accepted: AcceptedLead) -> list[Any]:
    lead, contact = accepted.lead, accepted.lead.contact
    return [lead.lead_id, lead.source, lead.kind, iso(accepted.received_at),
            None if lead.placed_at is None else iso(lead.placed_at), None if lead.wanted_at is None else iso(lead.wanted_at),
            int(lead.consent), contact.first_name, contact.last_name, lead.company, contact.email, contact.phone,
            lead.product, lead.notes, accepted.exhibitor_id, accepted.segment_id, accepted.show_id]
