"""Orders as one line of text: for the OBS ticker, the console and the presenter screen."""

from __future__ import annotations

from studio.show.events import OrderReceived
from studio.orders.model import AcceptedOrder
from studio.orders.money import format_money
from studio.orders.totals import Totals


def order_money(accepted: AcceptedOrder, locale: str) -> str:
    return format_money(accepted.order.amount, accepted.order.currency, locale)


def order_line(label: str, money: str) -> str:
    """"Garage Dupont — Pont élévateur 3T — 3 490 €"."""
    return f"{label} — {money}" if label else money


def totals_line(totals: Totals, currency: str, locale: str) -> str:
    """"42 orders · 123 456 €"."""
    return f"{totals.orders} order{'' if totals.orders == 1 else 's'} · {format_money(totals.revenue, currency, locale)}"


def ticker_text(event: OrderReceived, locale: str) -> str:
    """One line for the OBS text source: the newest order, then the show's total."""
    show = totals_line(event.totals.show, event.totals.currency, locale)
    return f"{order_line(event.accepted.label, order_money(event.accepted, locale))}   ·   Total: {show}"
