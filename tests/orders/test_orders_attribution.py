"""Which exhibitor and segment an order is credited to, on an engine driven by the fake clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from studio.show.events import OrderReceived
from studio.orders.desk import OrderDesk
from studio.orders.model import Item, Order
from studio.rundown.model import Product

LIFT = Item("A-LIFT", 1, 3490.0)
TYRE = Item("B-TYRE", 1, 2890.0)
UNKNOWN = Item("ZZ-9", 1, 10.0, "Gift card")


def order(n: int = 1, *items: Item, **fields) -> Order:
    items = items or (UNKNOWN,)
    return Order(f"o-{n}", "studio", sum(i.qty * i.price for i in items), "EUR", items, **fields)


def take(desk: OrderDesk, one: Order):
    """Take an order and return what the show published for it (or the stored answer of a replay)."""
    stored = desk.take(one).result(timeout=5)
    events = [e for e in desk.recorded.of(OrderReceived) if e.accepted.order.key == (stored.source, stored.order_id)]
    return events[-1].accepted if stored.new else stored


def started(desk: OrderDesk, seconds_in: float = 0.0) -> None:
    desk.engine.start()
    desk.engine.clock.advance(seconds_in)


def test_the_exhibitor_comes_from_the_order_then_its_products_then_what_is_on_air(desk, clock):
    started(desk, 70)  # 10 s into acme's pitch
    assert (take(desk, order(1, TYRE, exhibitor="acme")).exhibitor_id, "named") == ("acme", "named")
    by_sku = take(desk, order(2, TYRE))
    assert (by_sku.exhibitor_id, by_sku.segment_id) == ("bolt", "acme-pitch")
    on_air = take(desk, order(3))
    assert (on_air.exhibitor_id, on_air.segment_id, on_air.show_id) == ("acme", "acme-pitch", desk.engine.show_id)


def test_the_biggest_share_of_an_order_decides_its_exhibitor(desk):
    started(desk, 10)
    mixed = take(desk, order(1, Item("A-JACK", 2, 290.0), TYRE))
    assert mixed.exhibitor_id == "bolt" and mixed.segment_id == "opening"


def test_the_segment_is_the_one_on_air_when_the_order_was_placed(desk, clock):
    started(desk, 70)
    placed = desk.now()
    clock.advance(120)  # bolt's pitch is on air when it arrives
    late = take(desk, order(1, placed_at=placed))
    assert (late.exhibitor_id, late.segment_id) == ("acme", "acme-pitch")
    assert late.received_at - placed == timedelta(seconds=120)


def test_an_absurd_placed_at_is_replaced_by_the_time_received(desk, clock):
    started(desk, 70)
    future = take(desk, order(1, placed_at=desk.now() + timedelta(hours=1)))
    before_show = take(desk, order(2, placed_at=desk.now() - timedelta(days=1)))
    assert future.segment_id == before_show.segment_id == "acme-pitch"
    slightly_ahead = take(desk, order(3, placed_at=desk.now() + timedelta(seconds=5)))  # a shop clock a bit fast
    assert slightly_ahead.segment_id == "acme-pitch"


def test_an_order_just_after_a_pitch_is_credited_to_the_pitch(desk, clock):
    started(desk, 150)  # 30 s into the break after acme's pitch
    after = take(desk, order(1))
    assert (after.exhibitor_id, after.segment_id) == ("acme", "acme-pitch")
    other = take(desk, order(2, TYRE))  # bolt's product is not acme's pitch's doing
    assert (other.exhibitor_id, other.segment_id) == ("bolt", "break")
    desk.attributor.grace_s = 20.0
    beyond = take(desk, order(3))
    assert (beyond.exhibitor_id, beyond.segment_id) == (None, "break")


def test_before_the_show_and_after_it(desk, clock):
    early = take(desk, order(1, LIFT))
    assert (early.exhibitor_id, early.segment_id, early.show_id) == ("acme", None, None)
    started(desk, 300)  # the closing ends at 300 s: the show is over
    assert desk.engine.ended
    after = take(desk, order(2))
    assert (after.exhibitor_id, after.segment_id, after.show_id) == (None, None, desk.engine.show_id)


def test_the_label_is_one_ticker_line_and_names_come_from_the_rundown(desk):
    started(desk, 70)
    accepted = take(desk, order(1, Item("A-LIFT", 2, 3490.0), Item("A-JACK", 1, 290.0), customer="Garage Dupont"))
    assert accepted.label == "Garage Dupont — Pont élévateur 3T ×2 + 1 more"
    assert [i.name for i in accepted.order.items] == ["Pont élévateur 3T", "Cric rouleur 2T"]
    assert take(desk, order(2, Item("A-JACK", 1, 290.0, "Cric (promo)"))).label == "Cric (promo)"


def test_an_edited_rundown_is_followed(desk):
    started(desk, 10)
    rundown = desk.engine.rundown
    bolt = rundown.exhibitors["bolt"]
    edited = replace(rundown, exhibitors={**rundown.exhibitors,
                                          "bolt": replace(bolt, products=(*bolt.products, Product("B-BAL", "Équilibreuse", 2450.0)))})
    desk.engine.replace_rundown(edited)
    assert take(desk, order(1, Item("B-BAL", 1, 2450.0))).exhibitor_id == "bolt"


def test_totals_after_each_order_and_a_replay_is_not_counted(desk, clock):
    started(desk, 70)
    take(desk, order(1, LIFT))
    clock.advance(61)
    take(desk, order(2, TYRE))
    take(desk, order(2, TYRE))  # a replay
    last = desk.recorded.of(OrderReceived)[-1].totals
    assert (last.show.orders, last.show.revenue, last.show.per_minute) == (2, 6380.0, 1.0)
    assert last.by_exhibitor["acme"].orders == 1 and last.by_segment["break"].revenue == 2890.0  # bolt's, in the break
    assert len(desk.recorded.of(OrderReceived)) == 2


def test_a_resumed_show_has_its_totals_and_its_timeline_back(desk, clock, log):
    started(desk, 70)
    placed = desk.now()
    take(desk, order(1, LIFT))
    clock.advance(60)
    point = log.resume_point("/shows/test.yaml")
    assert point is not None
    again = OrderDesk(desk.engine.rundown, log.writer, desk.engine.bus, lambda work: work(), clock,
                      desk.engine.anchor.wall_at, grace_s=0.0)
    try:
        again.resume(point)
        assert again.snapshot().show.orders == 1 and again.snapshot().by_segment["acme-pitch"].revenue == 3490.0
        credited = again.attributor.accept(order(2, placed_at=placed), again.now())
        assert (credited.segment_id, credited.show_id) == ("acme-pitch", point.show_id)
    finally:
        again.close()
