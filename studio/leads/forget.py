"""`studio forget EMAIL`: erase a person from a studio database, and say what was erased.

The address is found in any case (é and É alike), in JSON as sent or with its escapes read, and
never inside a longer address. In one transaction, with SQLite's secure delete (erased text is
overwritten, not left in free pages): the person's leads and buyer's contacts are deleted; every order whose payload names
the e-mail loses its customer and the personal parts of its raw JSON (billing, shipping,
customer, contact, names, e-mail, phone, IP; any other text naming the e-mail); as-run events
naming it are rewritten. The orders' triggers queue the erased orders in the central outbox, so
the event's PostgreSQL receives them, erased, at the next shipping (its rows are replaced).
The as-run journal (records waiting for the database) is rewritten too, unless a running studio
holds it. Nothing here logs the e-mail.
"""

from __future__ import annotations

import json
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studio.storage.journal import Journal, journal_path
from studio.storage.writer import transaction

ERASED = "[erased]"
PERSONAL_KEYS = {"billing", "shipping", "billing_address", "shipping_address", "default_address", "addresses",
                 "customer", "contact", "email", "contact_email", "phone", "first_name", "last_name", "customer_note",
                 "note", "browser_ip", "client_details", "customer_ip_address", "customer_user_agent"}
BUSY_S = 10.0  # a running show's writer commits in milliseconds: wait for it


@dataclass
class Erased:
    leads: int = 0
    orders: int = 0
    events: int = 0
    journal_lines: int = 0
    queued_for_central: int = 0
    notes: list[str] = field(default_factory=list)

    def sentence(self, email: str) -> str:
        parts = [f"{self.leads} lead{'s' if self.leads != 1 else ''} deleted",
                 f"the contact details and payload of {self.orders} order{'s' if self.orders != 1 else ''} erased",
                 f"{self.events} as-run event{'s' if self.events != 1 else ''} rewritten",
                 f"{self.journal_lines} journal line{'s' if self.journal_lines != 1 else ''} rewritten"]
        central = (f" The event's PostgreSQL receives the {self.queued_for_central} erased rows at the next shipping "
                   "(orders, events)." if self.queued_for_central else "")
        return f"Forgot {email}: {', '.join(parts)}.{central}" + "".join(f" {note}" for note in self.notes)


def address(email: str) -> re.Pattern[str]:
    """The address in any case (é and É alike), not inside a longer one: a@b.org is not in ma@b.org nor a@b.org.uk."""
    return re.compile(rf"(?<![\w.%+-]){re.escape(email.strip())}(?![\w-]|\.\w)", re.IGNORECASE)


def names(text: str | None, pattern: re.Pattern[str]) -> bool:
    """The text names the address, as written or once its JSON escapes are read (\\u00e9, PHP's \\/)."""
    if not text:
        return False
    if pattern.search(text):
        return True
    if "\\" not in text:
        return False
    try:
        return bool(pattern.search(json.dumps(json.loads(text), ensure_ascii=False)))
    except (ValueError, RecursionError):
        return False


def forget(db_path: Path, email: str, journal: Path | None = None) -> Erased:
    """Erase `email` (any case) everywhere in the database at `db_path` and its as-run journal."""
    erased = Erased()
    pattern = address(email)
    with closing(sqlite3.connect(db_path, timeout=BUSY_S, isolation_level=None)) as db:
        db.execute("PRAGMA secure_delete=ON")
        db.create_function("names_person", 1, lambda text: names(text, pattern), deterministic=True)
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        with transaction(db):
            outbox_before = _outbox_size(db, tables)
            if "leads" in tables:
                erased.leads = db.execute("DELETE FROM leads WHERE names_person(email)").rowcount
            if "orders" in tables:
                erased.orders = _erase_orders(db, pattern)
            if "events" in tables:
                erased.events = _rewrite(db, "events", "detail", pattern)
            erased.queued_for_central = _outbox_size(db, tables) - outbox_before
        busy, *_ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()  # the WAL held the old pages: emptied
        if busy:
            erased.notes.append("The database's write-ahead log is emptied when the running show next checkpoints.")
    erased.journal_lines = _rewrite_journal(journal or journal_path(db_path), pattern, erased)
    return erased


def redact(payload: Any, pattern: re.Pattern[str]) -> Any:
    """The payload without its personal parts, and any text naming the e-mail replaced."""
    if isinstance(payload, dict):
        return {key: None if key in PERSONAL_KEYS else redact(value, pattern) for key, value in payload.items()}
    if isinstance(payload, list):
        return [redact(value, pattern) for value in payload]
    if isinstance(payload, str) and pattern.search(payload):
        return ERASED
    return payload


def _erase_orders(db: sqlite3.Connection, pattern: re.Pattern[str]) -> int:
    rows = db.execute("SELECT id, raw FROM orders WHERE names_person(raw)")
    erased = 0
    for row_id, raw in rows.fetchall():
        try:
            text = json.dumps(redact(json.loads(raw), pattern), ensure_ascii=False)
        except (ValueError, RecursionError):
            text = json.dumps({"erased": True})
        db.execute("UPDATE orders SET raw = ?, customer = NULL WHERE id = ?", [text, row_id])
        erased += 1
    return erased


def _rewrite(db: sqlite3.Connection, table: str, column: str, pattern: re.Pattern[str]) -> int:
    rows = db.execute(f"SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL").fetchall()
    changed = [(pattern.sub(ERASED, text), row_id) for row_id, text in rows if pattern.search(text)]
    db.executemany(f"UPDATE {table} SET {column} = ? WHERE id = ?", changed)
    return len(changed)


def _outbox_size(db: sqlite3.Connection, tables: set[str]) -> int:
    return db.execute("SELECT COUNT(*) FROM central_outbox").fetchone()[0] if "central_outbox" in tables else 0


def _rewrite_journal(path: Path, pattern: re.Pattern[str], erased: Erased) -> int:
    """Rewrite the lines of the as-run journal naming the e-mail; a running studio holds it (said, not touched)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return 0
    lines = text.splitlines(keepends=True)
    naming = sum(1 for line in lines if pattern.search(line))
    if not naming:
        return 0
    journal = Journal(path)
    try:
        journal.claim()
    except OSError:
        erased.notes.append(f"The journal {path} names the e-mail but a running studio holds it: run this again "
                            "after the show.")
        return 0
    try:
        replacement = path.with_name(path.name + ".forget")
        replacement.write_text("".join(pattern.sub(ERASED, line) for line in lines), encoding="utf-8")
        replacement.replace(path)
    finally:
        journal.close()
    return naming
