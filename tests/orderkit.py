"""Orders built in code, as the orders desk publishes them, for the ticker's tests and benchmark."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from studio.show.events import OrderReceived
from studio.orders.model import AcceptedOrder, Item, Order
from studio.orders.totals import OrderTotals

CUSTOMERS = ("Garage Dupont", "Carrosserie Martin", "Auto Service Leroy", "Pneus Bernard", "Garage du Centre")
PRODUCTS = (("L3", "Pont élévateur 3T", 3490.0), ("L4", "Pont élévateur 4T", 4290.5), ("CH", "Chargeur de batterie", 189.0))
T0 = datetime(2026, 11, 5, 18, 30, tzinfo=timezone.utc)


def accepted(n: int, *, exhibitor: str | None = "acme", segment: str | None = "pitch", at: datetime | None = None,
             currency: str = "EUR") -> AcceptedOrder:
    """The n-th order of a show: a customer, one product, received n seconds after T0 unless `at` says."""
    customer = CUSTOMERS[n % len(CUSTOMERS)]
    sku, name, price = PRODUCTS[n % len(PRODUCTS)]
    order = Order(f"o-{n}", "simulator", price, currency, (Item(sku, 1, price, name),), exhibitor, customer)
    return AcceptedOrder(order, at or T0 + timedelta(seconds=n), exhibitor, segment, 1, f"{customer} — {name}")


class OrderFeed:
    """Totals kept like the desk keeps them; `next()` is the OrderReceived the desk would publish."""

    def __init__(self, currency: str = "EUR") -> None:
        self.totals = OrderTotals(currency)
        self.count = 0

    def next(self, mono: float = 0.0, **kwargs) -> OrderReceived:
        """The next order (`accepted`'s keywords), published at `mono` on the show clock."""
        one = accepted(self.count, **kwargs)
        self.count += 1
        self.totals.add(one)
        return OrderReceived(mono, one, self.totals.snapshot(one.received_at))
