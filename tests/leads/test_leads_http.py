"""The lead intake over real HTTP on loopback, into a real show's SQLite file."""

from __future__ import annotations

import pytest
from leadkit import ALICE, lead_body, leads
from shopkit import Shop

from showkit import wait_until
from studio.show.events import LeadReceived


def test_a_signed_lead_is_stored_before_its_201_attributed_and_published_without_personal_data(live, shop):
    reply = shop.post("/leads", lead_body())
    assert reply.status == 201, reply.body
    assert reply.body == {"status": "created", "lead": "L-1", "kind": "test_drive", "consent": True,
                          "exhibitor": "acme", "segment": "opening"}  # the vehicle is Acme's product
    [row] = leads(live.db_path)  # read at once by another connection: the commit came before the answer
    assert (row["first_name"], row["last_name"], row["email"], row["phone"]) == (
        "Alice", "Durand", "alice.durand@example.org", "+33 6 12 34 56 78")
    assert (row["company"], row["product"], row["notes"], row["consent"]) == (
        "Garage Durand", "Pont élévateur 3T", "Saturday morning, please", 1)
    assert (row["exhibitor_id"], row["segment_id"], row["show_id"]) == ("acme", "opening", live.show_id)
    assert wait_until(lambda: live.received.of(LeadReceived), timeout=5)
    [event] = live.received.of(LeadReceived)
    assert (event.kind, event.exhibitor_id, event.segment_id, event.leads) == ("test_drive", "acme", "opening", 1)
    assert "alice" not in repr(event).lower()


def test_a_lead_during_a_pitch_is_credited_to_that_pitch(live, shop):
    assert live.go().result(5).refused is None  # Acme's pitch on air
    reply = shop.post("/leads", lead_body(vehicle=None, kind="call-back"))
    assert (reply.status, reply.body["kind"], reply.body["exhibitor"], reply.body["segment"]) == (
        201, "call_back", "acme", "acme-pitch")


def test_a_lead_naming_its_exhibitor_is_credited_to_it(live, shop):
    reply = shop.post("/leads", lead_body(exhibitor="bolt", kind="quote", vehicle=None, product="B-TYRE"))
    assert (reply.status, reply.body["exhibitor"]) == (201, "bolt")


def test_without_consent_no_personal_data_is_kept_and_the_lead_still_counts(live, shop):
    reply = shop.post("/leads", lead_body(consent=False, kind="appointment", wanted_at="2026-11-12T10:00:00+01:00"))
    assert (reply.status, reply.body["consent"]) == (201, False)
    [row] = leads(live.db_path)
    assert [row[c] for c in ("first_name", "last_name", "email", "phone", "notes")] == [None] * 5
    assert (row["kind"], row["company"], row["wanted_at"], row["consent"]) == (
        "appointment", "Garage Durand", "2026-11-12T09:00:00.000Z", 0)


def test_a_replay_is_answered_200_and_other_contents_409(live, shop):
    first = shop.post("/leads", lead_body())
    again = shop.post("/leads", lead_body())
    changed = shop.post("/leads", lead_body(phone="+33 7 00 00 00 00"))
    assert (first.status, again.status, changed.status) == (201, 200, 409)
    assert again.body == {**first.body, "status": "duplicate"}
    assert changed.body["field"] == "id"
    assert len(leads(live.db_path)) == 1
    assert wait_until(lambda: live.received.of(LeadReceived), timeout=5)
    assert len(live.received.of(LeadReceived)) == 1


@pytest.mark.parametrize("fields, field", [
    ({"id": None}, "id"),
    ({"kind": "visit"}, "kind"),
    ({"kind": None}, "kind"),
    ({"consent": None}, "consent"),
    ({"consent": "yes"}, "consent"),
    ({"email": "alice-at-example"}, "email"),
    ({"email": None, "phone": None}, "email"),
    ({"phone": "call me"}, "phone"),
    ({"notes": "x" * 2001}, "notes"),
    ({"wanted_at": "next Tuesday"}, "wanted_at"),
    ({"company": {"name": "Durand"}}, "company"),
])
def test_a_wrong_field_is_refused_400_naming_it_and_nothing_is_stored(live, shop, fields, field):
    reply = shop.post("/leads", lead_body(**fields))
    assert (reply.status, reply.body["field"]) == (400, field), reply.body
    assert f"'{field}'" in reply.body["error"]
    assert "alice" not in reply.body["error"].lower()  # a refusal never echoes personal data
    assert leads(live.db_path) == []


@pytest.mark.parametrize("signature", [None, "sha256=00"])
def test_a_missing_or_wrong_signature_is_refused_401(live, shop, signature):
    wrong = Shop(shop.base, secret="not-the-secret").post("/leads", lead_body()).status
    reply = shop.post("/leads", lead_body(), signature=signature)
    assert (wrong, reply.status, reply.body["field"]) == (401, 401, "X-Studio-Signature")
    assert leads(live.db_path) == []


def test_a_body_over_1_mib_is_refused_413(live, shop):
    reply = shop.post("/leads", lead_body(notes="x" * (1024 * 1024)))
    assert reply.status == 413 and leads(live.db_path) == []


def test_another_host_is_refused_421(live, shop):
    reply = shop.post("/leads", lead_body(), headers={"Host": "evil.example:80"})
    assert reply.status == 421 and leads(live.db_path) == []
