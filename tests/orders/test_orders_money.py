"""Money on screen and the running totals."""

from __future__ import annotations

from datetime import timedelta

from orderkit import T0, accepted

from studio.orders.money import format_money
from studio.orders.totals import OrderTotals, Totals


def test_money_by_locale():
    assert format_money(3490, "EUR", "fr-FR") == "3\u202f490\xa0€"
    assert format_money(3490.5, "EUR", "fr-FR") == "3\u202f490,50\xa0€"
    assert format_money(3490, "EUR", "en-GB") == "€3,490"
    assert format_money(1234.56, "USD", "en-US") == "$1,234.56"
    assert format_money(3490, "EUR", "not-a-locale") == "3490.00 EUR"


def test_totals_by_show_exhibitor_segment_and_the_last_minute():
    totals = OrderTotals("EUR")
    totals.add(accepted(0, exhibitor="acme", segment="pitch", at=T0))
    totals.add(accepted(1, exhibitor="bolt", segment="pitch", at=T0 + timedelta(seconds=30)))
    totals.add(accepted(2, exhibitor="acme", segment="demo", at=T0 + timedelta(seconds=70)))
    totals.add(accepted(3, currency="USD", at=T0 + timedelta(seconds=71)))  # another currency cannot be summed
    now = totals.snapshot(T0 + timedelta(seconds=75))
    assert now.show == Totals(3, 3490.0 + 4290.5 + 189.0, 2.0)
    assert now.by_exhibitor["acme"] == Totals(2, 3679.0, 1.0) and now.by_segment["pitch"].orders == 2
    assert round(now.show.average, 2) == 2656.5 and Totals().average == 0.0
    assert totals.snapshot(T0 + timedelta(seconds=200)).show.per_minute == 0.0
