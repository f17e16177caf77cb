"""Leads as a dealer's landing page sends them, and the leads table read back."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

ALICE = {"id": "L-1", "kind": "test_drive", "consent": True, "name": "Alice Durand", "company": "Garage Durand",
         "email": "alice.durand@example.org", "phone": "+33 6 12 34 56 78", "vehicle": "Pont élévateur 3T",
         "notes": "Saturday morning, please"}


def lead_body(base: dict | None = None, **fields) -> bytes:
    """A lead in our format (Alice's unless `base`); `fields` replace or add keys (None removes one)."""
    payload = {**(base or ALICE), **fields}
    return json.dumps({k: v for k, v in payload.items() if v is not None}, ensure_ascii=False).encode()


def leads(db: Path) -> list[dict]:
    """The leads table as another reader sees it now (nothing waited for)."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(row) for row in connection.execute("SELECT * FROM leads ORDER BY id")]
