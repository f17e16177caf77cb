"""Running totals of a show's orders: for the show, each exhibitor and each segment, and units sold per SKU.

`OrderTotals` is fed every newly stored order (and, on resume, the show's stored orders)
and hands out frozen snapshots; it is safe to use from several threads. Only orders in
the show's currency are summed: revenue in two currencies cannot be added up.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable

from studio.orders.model import AcceptedOrder

WINDOW_S = 60.0  # orders per minute counts the last minute of wall time


@dataclass(frozen=True)
class Totals:
    orders: int = 0
    revenue: float = 0.0
    per_minute: float = 0.0  # orders in the last 60 s of wall time

    @property
    def average(self) -> float:
        """The average basket: revenue / orders, 0 when there is none."""
        return self.revenue / self.orders if self.orders else 0.0


@dataclass(frozen=True)
class TotalsSnapshot:
    show: Totals
    by_exhibitor: dict[str, Totals]
    by_segment: dict[str, Totals]
    currency: str
    sold: dict[str, int] = field(default_factory=dict)  # units ordered per SKU, in any currency (stock counts)


@dataclass
class _Tally:
    orders: int = 0
    revenue: float = 0.0
    recent: deque[float] = field(default_factory=deque)  # received times, epoch seconds, oldest first

    def add(self, amount: float, at: float) -> None:
        self.orders += 1
        self.revenue += amount
        self.recent.append(at)

    def totals(self, now: float) -> Totals:
        while self.recent and self.recent[0] <= now - WINDOW_S:
            self.recent.popleft()
        return Totals(self.orders, round(self.revenue, 2), float(len(self.recent)))


class OrderTotals:
    """The accumulator behind every `TotalsSnapshot`."""

    def __init__(self, currency: str) -> None:
        self.currency = currency
        self._lock = threading.Lock()
        self._show = _Tally()
        self._exhibitors: dict[str, _Tally] = {}
        self._segments: dict[str, _Tally] = {}
        self._sold: dict[str, int] = {}

    def add(self, accepted: AcceptedOrder) -> None:
        order = accepted.order
        at = accepted.received_at.timestamp()
        with self._lock:
            for item in order.items:  # stock is counted in units, whatever the currency
                if item.sku is not None:
                    self._sold[item.sku] = self._sold.get(item.sku, 0) + item.qty
            if order.currency != self.currency:
                return
            self._show.add(order.amount, at)
            if accepted.exhibitor_id is not None:
                self._exhibitors.setdefault(accepted.exhibitor_id, _Tally()).add(order.amount, at)
            if accepted.segment_id is not None:
                self._segments.setdefault(accepted.segment_id, _Tally()).add(order.amount, at)

    def add_all(self, accepted: Iterable[AcceptedOrder]) -> None:
        for one in accepted:
            self.add(one)

    def snapshot(self, now: datetime) -> TotalsSnapshot:
        at = now.timestamp()
        with self._lock:
            return TotalsSnapshot(
                self._show.totals(at),
                {key: tally.totals(at) for key, tally in self._exhibitors.items()},
                {key: tally.totals(at) for key, tally in self._segments.items()},
                self.currency, dict(self._sold))
