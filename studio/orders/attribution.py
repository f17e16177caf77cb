"""Which exhibitor and which segment an order is credited to.

The exhibitor is the one the order names, else the one whose products it bought (the
rundown's SKUs), else the one on air. The segment is the one on air when the order was
placed — when the shop's time is missing or absurd (in the future, or before the show),
when it was received. An order placed during a segment of no exhibitor (a break, an
interview) within the grace window after an exhibitor's segment is credited to that
segment: viewers finish their checkout after the pitch.

`OnAirTimeline` keeps what aired when, in wall time, from the show's events; it is read
by the HTTP threads and written on the show loop, under a lock, so no order waits for the
loop.
"""

from __future__ import annotations

import bisect
import threading
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import Iterable

from studio.orders.model import AcceptedOrder, Item, Order
from studio.rundown.model import Rundown

FUTURE_TOLERANCE = timedelta(seconds=60)  # a shop's clock a little ahead of ours is not absurd


@dataclass(frozen=True)
class Aired:
    segment_id: str
    exhibitor: str | None
    start: float  # epoch seconds
    end: float | None = None  # None: on air, or the show was cut off


class OnAirTimeline:
    """What was on air when, for one running show."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._aired: list[Aired] = []
        self._starts: list[float] = []
        self._show_id: int | None = None
        self._show_start: float | None = None

    def show_started(self, show_id: int, at: datetime) -> None:
        with self._lock:
            self._show_id = show_id
            if self._show_start is None:
                self._show_start = at.timestamp()

    def segment_started(self, segment_id: str, exhibitor: str | None, at: datetime) -> None:
        start = at.timestamp()
        with self._lock:
            self._close(start)
            if self._show_start is None:
                self._show_start = start
            self._aired.append(Aired(segment_id, exhibitor, start))
            self._starts.append(start)

    def show_ended(self, at: datetime) -> None:
        with self._lock:
            self._close(at.timestamp())

    @property
    def show_id(self) -> int | None:
        """The show on air, or the last one started; None before any."""
        return self._show_id

    def show_start(self) -> datetime | None:
        with self._lock:
            return None if self._show_start is None else _from_epoch(self._show_start)

    def at(self, moment: datetime) -> tuple[Aired | None, Aired | None]:
        """The segment on air at `moment` (None before the first or after the show), and the one before it."""
        t = moment.timestamp()
        with self._lock:
            i = bisect.bisect_right(self._starts, t) - 1
            if i < 0:
                return None, None
            previous = self._aired[i - 1] if i > 0 else None
            current = self._aired[i]
            if current.end is not None and t >= current.end:  # after the show ended
                return None, current
            return current, previous

    def _close(self, end: float) -> None:
        if self._aired and self._aired[-1].end is None:
            self._aired[-1] = replace(self._aired[-1], end=end)


@dataclass(frozen=True)
class Credit:
    exhibitor_id: str | None
    segment_id: str | None


class Attributor:
    def __init__(self, rundown: Rundown, timeline: OnAirTimeline, grace_s: float) -> None:
        self.timeline = timeline
        self.grace_s = grace_s
        self.set_rundown(rundown)

    def set_rundown(self, rundown: Rundown) -> None:
        """Take an edited rundown: SKUs and product names are read from it from now on."""
        self._rundown = rundown
        self._products = {product.sku: (exhibitor.id, product.name)
                          for exhibitor in rundown.exhibitors.values() for product in exhibitor.products}

    def accept(self, order: Order, received_at: datetime) -> AcceptedOrder:
        """The order with its product names filled in, credited to an exhibitor and a segment."""
        items = tuple(self._named(item) for item in order.items)
        if any(named is not item for named, item in zip(items, order.items)):
            order = replace(order, items=items)
        credit = self.credit(order, received_at)
        return AcceptedOrder(order, received_at, credit.exhibitor_id, credit.segment_id, self.timeline.show_id,
                             self.label(order, credit.exhibitor_id))

    def credit(self, order: Order, received_at: datetime) -> Credit:
        named = order.exhibitor or self._by_products(order.items)
        return self.credit_at(self.moment(order.placed_at, received_at), named)

    def credit_at(self, moment: datetime, named: str | None = None) -> Credit:
        """The credit of an order placed at `moment`, for the exhibitor `named` (None: whoever was selling)."""
        on_air, previous = self.timeline.at(moment)
        if self._in_grace(on_air, previous, moment) and named in (None, previous.exhibitor):
            return Credit(previous.exhibitor, previous.segment_id)  # ordered just after the pitch
        if on_air is None:
            return Credit(named, None)
        return Credit(named or on_air.exhibitor, on_air.segment_id)

    def _in_grace(self, on_air: Aired | None, previous: Aired | None, moment: datetime) -> bool:
        """Placed during a segment of no exhibitor (or after the show) shortly after an exhibitor's segment."""
        return (previous is not None and previous.exhibitor is not None and previous.end is not None
                and (on_air is None or on_air.exhibitor is None)
                and moment.timestamp() - previous.end <= self.grace_s)

    def label(self, order: Order, exhibitor_id: str | None) -> str:
        """One ticker line without the money: "Garage Dupont — Pont élévateur 3T ×2 + 1 more"."""
        parts = [order.customer] if order.customer else []
        if order.items:
            first = order.items[0]
            what = first.name or first.sku or "1 item"
            parts.append(what + (f" ×{first.qty}" if first.qty > 1 else "") +
                         (f" + {len(order.items) - 1} more" if len(order.items) > 1 else ""))
        elif exhibitor_id and exhibitor_id in self._rundown.exhibitors:
            parts.append(self._rundown.exhibitors[exhibitor_id].name)
        return " — ".join(parts) or f"Order {order.order_id}"

    def moment(self, placed_at: datetime | None, received_at: datetime) -> datetime:
        """When the order was placed, unless the shop's time cannot be right."""
        if placed_at is None or placed_at > received_at + FUTURE_TOLERANCE:
            return received_at
        show_start = self.timeline.show_start()
        if show_start is None or placed_at < show_start:
            return received_at
        return placed_at

    def _by_products(self, items: Iterable[Item]) -> str | None:
        """The exhibitor of the biggest share of the order's lines, by the rundown's SKUs."""
        shares: dict[str, float] = {}
        for item in items:
            product = self._products.get(item.sku or "")
            if product is not None:
                shares[product[0]] = shares.get(product[0], 0.0) + item.qty * item.price
        return max(shares, key=shares.__getitem__) if shares else None

    def _named(self, item: Item) -> Item:
        if item.name or item.sku not in self._products:
            return item
        return replace(item, name=self._products[item.sku][1])


def _from_epoch(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=timezone.utc)
