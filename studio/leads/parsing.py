"""From a body to a `Lead`: our lead format (POST /leads, docs/leads.md), and a buyer's contact from a shop order.

A lead is refused (`InvalidOrder`, answered 400 naming the field) when its id, kind or consent is
missing or wrong, or when, with consent, it has neither an e-mail nor a phone. Without consent
its personal data (name, e-mail, phone, notes) is dropped before anything is stored: the lead
still counts for its exhibitor. A buyer's contact is kept from an order only when the order
carries the buyer's consent (each shop's way of saying it: `order_consent`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from studio.orders.adapters import InvalidOrder, Payload, _id, _moment, _object, _optional_text, _storable, decode
from studio.orders.model import Order
from studio.leads.model import KINDS, ORDER, Contact, Lead

MAX_NOTES = 2000  # characters
MAX_EMAIL = 254
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
PHONE = re.compile(r"\+?[0-9 ()./-]{6,30}")
YES = {True, 1, "1", "yes", "true", "on"}  # how a shop's checkbox may come


def parse_lead(body: bytes, source: str = "studio") -> Lead:
    """Our own lead: id, kind, consent, name (or first_name, last_name), company, email, phone, product (or
    vehicle), notes, exhibitor, placed_at, wanted_at."""
    payload, _ = decode(body)
    kind = _kind(payload.get("kind"))
    consent = payload.get("consent")
    if not isinstance(consent, bool):
        raise InvalidOrder("consent", "'consent' is required: true when the person agreed that their name, e-mail and "
                                      "phone are kept and passed to the exhibitor, else false (they are then dropped).")
    contact = _contact(payload, "")
    notes = _notes(payload.get("notes"))
    if consent and not (contact.email or contact.phone):
        raise InvalidOrder("email", "A lead with consent needs an 'email' or a 'phone' to reach the person.")
    product = payload.get("product", payload.get("vehicle"))
    return Lead(
        lead_id=_id(payload.get("id"), "id"),
        source=source,
        kind=kind,
        consent=consent,
        contact=contact if consent else Contact(),
        company=_optional_text(payload.get("company"), "company"),
        product=_optional_text(product, "product" if "product" in payload else "vehicle"),
        notes=notes if consent else None,
        exhibitor=_optional_text(payload.get("exhibitor"), "exhibitor"),
        placed_at=_moment(payload.get("placed_at"), "placed_at"),
        wanted_at=_moment(payload.get("wanted_at"), "wanted_at"),
    )


def order_contact(order: Order) -> Lead | None:
    """The buyer's contact from an order's payload, when the order carries the buyer's consent; else None.

    Ours and JSONL: `consent: true` and a `contact` object (name, email, phone). WooCommerce: the
    order meta `marketing_consent` (yes, 1, true) and `billing`. Shopify: `buyer_accepts_marketing`, or the
    customer's `email_marketing_consent.state` "subscribed", and `customer` (else `billing_address`).
    A payload that cannot be read as one is no contact (the order itself was taken already)."""
    try:
        payload = json.loads(order.raw)
        found = _shop_contact(order.source, payload) if isinstance(payload, dict) else None
    except (ValueError, InvalidOrder, RecursionError):
        return None
    if found is None or not (found[0].email or found[0].phone):
        return None
    contact, company = found
    return Lead(order.order_id, order.source, ORDER, True, contact, company or None, exhibitor=order.exhibitor,
                placed_at=order.placed_at)


def _shop_contact(source: str, payload: Payload) -> tuple[Contact, str | None] | None:
    if source == "woocommerce":
        meta = payload.get("meta_data")
        consent = isinstance(meta, list) and any(
            isinstance(entry, dict) and entry.get("key") == "marketing_consent" and _yes(entry.get("value"))
            for entry in meta)
        billing = _object(payload.get("billing"), "billing")
        return (_contact(billing, "billing."), _optional_text(billing.get("company"), "billing.company")) if consent else None
    if source == "shopify":
        customer = _object(payload.get("customer"), "customer")
        marketing = _object(customer.get("email_marketing_consent"), "customer.email_marketing_consent")
        if not (_yes(payload.get("buyer_accepts_marketing")) or _yes(customer.get("accepts_marketing"))
                or marketing.get("state") == "subscribed"):
            return None
        billing = _object(payload.get("billing_address"), "billing_address")
        person = customer if customer.get("email") or customer.get("phone") else billing
        contact = _contact({**person, "email": person.get("email") or payload.get("email") or payload.get("contact_email"),
                            "phone": person.get("phone") or payload.get("phone") or billing.get("phone")}, "customer.")
        return contact, _optional_text(billing.get("company"), "billing_address.company")
    if payload.get("consent") is not True:
        return None
    contact_object = _object(payload.get("contact"), "contact")
    return _contact(contact_object, "contact."), _optional_text(contact_object.get("company"), "contact.company")


def _yes(value: Any) -> bool:
    if isinstance(value, str):
        value = value.strip().lower()
    return isinstance(value, (bool, int, str)) and value in YES


def _kind(value: Any) -> str:
    kind = value.strip().lower().replace("-", "_").replace(" ", "_") if isinstance(value, str) else None
    kind = "call_back" if kind == "callback" else kind
    if kind not in KINDS:
        raise InvalidOrder("kind", f"'kind' must be one of {', '.join(KINDS)}.")
    return kind


def _contact(person: Payload, prefix: str) -> Contact:
    """A person's name (`name`, or `first_name` and `last_name`), e-mail and phone; values are never echoed."""
    first = _optional_text(person.get("first_name"), f"{prefix}first_name")
    last = _optional_text(person.get("last_name"), f"{prefix}last_name")
    full = _optional_text(person.get("name"), f"{prefix}name")
    if full and not (first or last):
        *given, last = full.rsplit(" ", 1)
        first = given[0] if given else None
    return Contact(first, last, _email(person.get("email"), f"{prefix}email"), _phone(person.get("phone"), f"{prefix}phone"))


def _email(value: Any, field: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value.strip()) > MAX_EMAIL or not EMAIL.fullmatch(value.strip()):
        raise InvalidOrder(field, f"'{field}' must be an e-mail address like name@example.com.")
    return _storable(value.strip(), field)


def _phone(value: Any, field: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not PHONE.fullmatch(value.strip()) or sum(c.isdigit() for c in value) < 6:
        raise InvalidOrder(field, f"'{field}' must be a phone number like +33 6 12 34 56 78.")
    return value.strip()


def _notes(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidOrder("notes", "'notes' must be text.")
    text = _storable(value.strip(), "notes")
    if len(text) > MAX_NOTES:
        raise InvalidOrder("notes", f"'notes' must be at most {MAX_NOTES} characters long.")
    return text or None
