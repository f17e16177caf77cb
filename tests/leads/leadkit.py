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


BOB = {**ALICE, "id": "L-2", "kind": "quote", "name": "Bob", "company": None, "email": "bob@example.net", "phone": None,
       "vehicle": None, "product": "B-TYRE", "notes": "=HYPERLINK(\"http://x\")"}


def with_consent(payload: bytes, source: str) -> bytes:
    """A shop's order as it comes when the buyer ticked the consent box (docs/leads.md says how each shop says it)."""
    order = json.loads(payload)
    if source == "woocommerce":
        order["meta_data"] = [*order.get("meta_data", []), {"id": 1, "key": "marketing_consent", "value": "yes"}]
    elif source == "shopify":
        order["buyer_accepts_marketing"] = True
    else:
        order.update(consent=True, contact={"name": "Chloé Petit", "email": "chloe@example.com", "phone": "+33 1 23 45 67 89"})
    return json.dumps(order, ensure_ascii=False).encode()
