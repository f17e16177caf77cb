"""A lead as a source delivers it, and as the show accepted it (attributed like an order)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

KINDS = {"test_drive": "Test drive", "appointment": "Appointment", "call_back": "Call-back", "quote": "Quote"}
ORDER = "order"  # the kind of a buyer's contact kept from a shop order
LABELS = {**KINDS, ORDER: "Shop order"}


@dataclass(frozen=True)
class Contact:
    """Personal data: kept only with the person's consent."""

    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)


@dataclass(frozen=True)
class Lead:
    lead_id: str  # as the source sent it; unique per source (an order's contact: the order's id)
    source: str  # "studio" (POST /leads), or the order's source for a buyer's contact
    kind: str  # one of KINDS, or ORDER
    consent: bool  # False: `contact` and `notes` are empty, whatever was sent
    contact: Contact = Contact()
    company: str | None = None
    product: str | None = None  # a SKU or a name, e.g. the vehicle of a test drive
    notes: str | None = None
    exhibitor: str | None = None  # exhibitor id if the lead names one
    placed_at: datetime | None = None  # aware
    wanted_at: datetime | None = None  # the appointment or test drive asked for, aware

    @property
    def key(self) -> tuple[str, str]:
        return self.source, self.lead_id


@dataclass(frozen=True)
class AcceptedLead:
    lead: Lead
    received_at: datetime  # aware, UTC
    exhibitor_id: str | None
    segment_id: str | None
    show_id: int | None
