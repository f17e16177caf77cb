"""Whatever a lead or a consenting order carries, the parsers answer with a located refusal or a lead, never a crash."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from leadkit import ALICE, with_consent
from shopkit import payload

from studio.leads.model import ORDER
from studio.leads.parsing import order_contact, parse_lead
from studio.orders.adapters import InvalidOrder, parse_shopify, parse_studio, parse_woocommerce

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-10**30, max_value=10**30) | st.floats() | st.text(max_size=30) |
    st.sampled_from(["test_drive", "a@b.org", "+33 6 12 34 56 78", "2026-11-05T19:42:10Z", "yes", "subscribed", "\ud800"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12)
FIELDS = [*ALICE, "first_name", "last_name", "product", "exhibitor", "wanted_at", "placed_at"]


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=6))
def test_a_mutated_lead_is_a_lead_or_a_refusal_naming_a_field(changes):
    body = json.dumps({**ALICE, **changes}).encode("utf-8", "surrogatepass")
    try:
        lead = parse_lead(body)
    except InvalidOrder as refused:
        assert refused.field is None or refused.field in FIELDS or refused.field == "vehicle"
        return
    assert lead.consent or (lead.contact.email, lead.contact.phone, lead.notes) == (None, None, None)


SHOPS = {"studio": (parse_studio, "/orders"), "woocommerce": (parse_woocommerce, "woocommerce-order-created.json"),
         "shopify": (parse_shopify, "shopify-orders-create.json")}


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(SHOPS)), st.sampled_from(["billing", "customer", "contact", "meta_data", "email",
                                                        "buyer_accepts_marketing", "consent", "billing_address"]),
       json_values)
def test_a_consenting_orders_contact_is_kept_or_skipped_never_raised(source, key, value):
    parse, name = SHOPS[source]
    base = json.loads(with_consent(payload(name) if name.endswith(".json") else json.dumps(
        {"id": "A-1", "amount": 1, "currency": "EUR", "items": []}).encode(), source))
    base[key] = value
    try:
        order = parse(json.dumps(base).encode("utf-8", "surrogatepass"))
    except InvalidOrder:
        return  # the order itself is refused: no contact to keep
    contact = order_contact(order)
    assert contact is None or (contact.kind == ORDER and (contact.contact.email or contact.contact.phone))
