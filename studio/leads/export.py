"""Leads per exhibitor as a CRM imports them: HubSpot and Salesforce (CSV or xlsx), and vCard 3.0 or 4.0.

Only leads with consent are exported (the others hold no personal data). The columns are the
labels each CRM's import maps by itself: HubSpot's contact properties ("First Name", "Last Name",
"Email", "Phone Number", "Company Name", "Lifecycle Stage", "Lead Status", "Message") and the
Salesforce Data Import Wizard's lead fields ("First Name", "Last Name", "Company", "Email",
"Phone", "Lead Source", "Lead Status", "Description"; Salesforce requires a last name and a
company, so a missing one is written "[not provided]", as Web-to-Lead does). docs/leads.md.
"""

from __future__ import annotations

import csv
import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from studio.leads.model import LABELS, ORDER

NOT_PROVIDED = "[not provided]"
UNATTRIBUTED = "unattributed"  # the file name of leads credited to no exhibitor
FORMULA = ("=", "+", "-", "@", "\t", "\r")  # a cell starting so is a formula to a spreadsheet


@dataclass(frozen=True)
class ExportedLead:
    source: str
    lead_id: str
    kind: str
    received_at: str  # ISO UTC
    wanted_at: str | None
    first_name: str | None
    last_name: str | None
    company: str | None
    email: str | None
    phone: str | None
    product: str | None
    notes: str | None
    exhibitor_id: str | None
    exhibitor: str | None  # its name, when the database knows it
    segment_id: str | None
    timezone: str | None = None  # the show's, for the times in the description

    def description(self) -> str:
        """One text for the CRM's note: what was asked, about what, when, during which segment, and the notes."""
        what = f"Shop order {self.lead_id}" if self.kind == ORDER else f"{LABELS.get(self.kind, self.kind)} request"
        parts = [what, self.product, self.wanted_at and f"wanted {self._readable(self.wanted_at)}",
                 f"received {self._readable(self.received_at)}" + (f" during {self.segment_id}" if self.segment_id else ""),
                 self.exhibitor and f"at {self.exhibitor}", self.notes]
        return " — ".join(part for part in parts if part)

    def _readable(self, iso_utc: str) -> str:
        """2026-11-12 10:00 Europe/Paris: the show's local time, as the exhibitor will call back."""
        try:
            zone = ZoneInfo(self.timezone or "UTC")
        except (ZoneInfoNotFoundError, ValueError):
            zone = ZoneInfo("UTC")
        return f"{datetime.fromisoformat(iso_utc).astimezone(zone):%Y-%m-%d %H:%M} {zone.key}"


@dataclass(frozen=True)
class Layout:
    """A CRM's columns, each with how it is read from a lead."""

    name: str
    columns: tuple[tuple[str, Callable[[ExportedLead], str]], ...]

    @property
    def header(self) -> list[str]:
        return [title for title, _ in self.columns]

    def row(self, lead: ExportedLead) -> list[str]:
        return [_cell(value(lead)) for _, value in self.columns]


HUBSPOT = Layout("hubspot", (
    ("First Name", lambda lead: lead.first_name or ""), ("Last Name", lambda lead: lead.last_name or ""),
    ("Email", lambda lead: lead.email or ""), ("Phone Number", lambda lead: lead.phone or ""),
    ("Company Name", lambda lead: lead.company or ""), ("Lifecycle Stage", lambda lead: "Lead"),
    ("Lead Status", lambda lead: "New"), ("Message", ExportedLead.description),
))
SALESFORCE = Layout("salesforce", (
    ("First Name", lambda lead: lead.first_name or ""), ("Last Name", lambda lead: lead.last_name or NOT_PROVIDED),
    ("Company", lambda lead: lead.company or NOT_PROVIDED), ("Email", lambda lead: lead.email or ""),
    ("Phone", lambda lead: lead.phone or ""), ("Lead Source", lambda lead: "Web"),
    ("Lead Status", lambda lead: "Open - Not Contacted"), ("Description", ExportedLead.description),
))
LAYOUTS = {layout.name: layout for layout in (HUBSPOT, SALESFORCE)}
FORMATS = ("hubspot-csv", "hubspot-xlsx", "salesforce-csv", "salesforce-xlsx", "vcard3", "vcard4")


def exported_leads(db_path: Path, show_id: int | None = None) -> dict[str, list[ExportedLead]]:
    """The leads with consent, oldest first, by exhibitor id ("unattributed": none), from a read-only connection."""
    with closing(sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)) as db:
        db.row_factory = sqlite3.Row
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "leads" not in tables:
            return {}
        name = "(SELECT e.name FROM exhibitors e WHERE e.id = l.exhibitor_id)" if "exhibitors" in tables else "NULL"
        shows = {row[1] for row in db.execute('PRAGMA table_info("shows")')}
        zone = "(SELECT s.timezone FROM shows s WHERE s.id = l.show_id)" if "timezone" in shows else "NULL"
        rows = db.execute(f"SELECT l.*, {name} AS exhibitor, {zone} AS timezone FROM leads l WHERE l.consent = 1 "
                          "AND (? IS NULL OR l.show_id = ?) ORDER BY l.id", [show_id, show_id]).fetchall()
    by_exhibitor: dict[str, list[ExportedLead]] = {}
    for row in rows:
        lead = ExportedLead(**{field: row[field] for field in ExportedLead.__dataclass_fields__})
        by_exhibitor.setdefault(lead.exhibitor_id or UNATTRIBUTED, []).append(lead)
    return by_exhibitor


def write(leads: list[ExportedLead], form: str, folder: Path, exhibitor: str) -> Path:
    """Write one exhibitor's leads in one of FORMATS; returns the file written."""
    crm, _, kind = form.partition("-")
    stem = folder / f"{_safe(exhibitor)}-{form}"
    if form.startswith("vcard"):
        path = stem.with_suffix(".vcf")
        path.write_text("".join(vcard(lead, form.removeprefix("vcard") + ".0") for lead in leads), encoding="utf-8",
                        newline="")
    elif kind == "csv":
        path = stem.with_suffix(".csv")
        with path.open("w", encoding="utf-8", newline="") as file:
            _write_rows(csv.writer(file).writerow, LAYOUTS[crm], leads)
    else:
        path = stem.with_suffix(".xlsx")
        _write_workbook(path, LAYOUTS[crm], leads)
    return path


def vcard(lead: ExportedLead, version: str) -> str:
    """One vCard ("3.0" or "4.0"), CRLF lines folded at 75 octets, values escaped (by vobject)."""
    import vobject  # loaded only for a vCard export

    card = vobject.vCard()
    card.add("version").value = version
    card.add("n").value = vobject.vcard.Name(family=lead.last_name or "", given=lead.first_name or "")
    card.add("fn").value = " ".join(p for p in (lead.first_name, lead.last_name) if p) or lead.company or lead.email or lead.phone
    if version == "4.0":
        card.add("kind").value = "individual"
    if lead.company:
        card.add("org").value = [lead.company]
    if lead.email:
        email = card.add("email")
        email.value = lead.email
        email.type_param = "INTERNET" if version == "3.0" else "work"
    if lead.phone:
        phone = card.add("tel")
        phone.value = lead.phone
        phone.type_param = "VOICE" if version == "3.0" else "voice"
    card.add("note").value = lead.description()
    card.add("categories").value = [c for c in (LABELS.get(lead.kind, lead.kind), lead.exhibitor) if c]
    return card.serialize()


def _write_rows(write_row: Callable[[list[str]], object], layout: Layout, leads: Iterable[ExportedLead]) -> None:
    write_row(layout.header)
    for lead in leads:
        write_row(layout.row(lead))


def _write_workbook(path: Path, layout: Layout, leads: list[ExportedLead]) -> None:
    from openpyxl import Workbook  # loaded only for an xlsx export

    book = Workbook()
    sheet = book.active
    sheet.title = "Leads"
    _write_rows(sheet.append, layout, leads)
    for cells in sheet.iter_rows():
        for cell in cells:
            cell.number_format = "@"  # text: a phone number stays as written
    sheet.freeze_panes = "A2"
    for column, title in zip(sheet.columns, layout.header):
        sheet.column_dimensions[column[0].column_letter].width = 60 if title in ("Message", "Description") else 22
    book.save(path)


def _cell(value: str) -> str:
    """A value a spreadsheet shows as text, never runs as a formula; a phone number's + is kept."""
    if value.startswith(FORMULA) and not re.fullmatch(r"\+?[0-9 ()./-]+", value):
        return "'" + value
    return value


def _safe(name: str) -> str:
    """An exhibitor id as part of a file name."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or UNATTRIBUTED
