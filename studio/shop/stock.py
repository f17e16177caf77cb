"""Stock left and sales targets, from the rundown and the orders' running totals.

Pure functions of a `TotalsSnapshot`: the console, the presenter screen, the push API and the
report all say the same "only 3 left" because they compute it here from the same counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Mapping

from studio.orders.money import format_money
from studio.orders.totals import TotalsSnapshot
from studio.rundown.model import Exhibitor, Product, Rundown
from studio.show.events import Event, EventBus, Notice, OrderReceived, RundownChanged

LOW_STOCK = 5  # at or under this many left, screens say "only N left"

StockStatus = Literal["in_stock", "low", "sold_out"]


@dataclass(frozen=True)
class ProductStock:
    sku: str
    name: str
    stock: int  # as the rundown gives it
    sold: int  # units ordered so far

    @property
    def left(self) -> int:
        return max(0, self.stock - self.sold)

    @property
    def status(self) -> StockStatus:
        if self.left == 0:
            return "sold_out"
        return "low" if self.left <= LOW_STOCK else "in_stock"

    @property
    def words(self) -> str:
        """What a screen says: "sold out", "only 3 left", "12 left"."""
        if self.status == "sold_out":
            return "sold out"
        return f"only {self.left} left" if self.status == "low" else f"{self.left} left"


@dataclass(frozen=True)
class ExhibitorShop:
    """One exhibitor's sales against its target, and its counted products."""

    exhibitor_id: str
    name: str
    target: float | None
    revenue: float
    products: tuple[ProductStock, ...]

    @property
    def met(self) -> bool | None:
        """True once revenue reaches the target; None without a target."""
        return None if self.target is None else self.revenue >= self.target

    @property
    def share(self) -> float | None:
        """Revenue as a share of the target (1.0 = met); None without a target (or a zero one)."""
        return None if not self.target else self.revenue / self.target

    def target_words(self, currency: str, locale: str) -> str:
        """"Target met: 10 470 € of 10 000 € · 105 %" or "3 490 € of 10 000 € target · 35 %"; "" without a target."""
        if self.target is None:
            return ""
        revenue, target = (format_money(amount, currency, locale) for amount in (self.revenue, self.target))
        percent = f" · {round(100 * self.share)} %" if self.share is not None else ""
        return f"Target met: {revenue} of {target}{percent}" if self.met else f"{revenue} of {target} target{percent}"


def exhibitor_shop(rundown: Rundown, exhibitor_id: str, revenue: float, sold: Mapping[str, int]) -> ExhibitorShop | None:
    """The exhibitor's target and stock, or None when the rundown gives it neither."""
    exhibitor = rundown.exhibitors.get(exhibitor_id)
    if exhibitor is None or not _counted(exhibitor):
        return None
    products = tuple(ProductStock(p.sku, p.name, p.stock, sold.get(p.sku, 0)) for p in exhibitor.products
                     if p.stock is not None)
    return ExhibitorShop(exhibitor.id, exhibitor.name, exhibitor.target, round(revenue, 2), products)


def shop_of(rundown: Rundown, exhibitor_id: str, totals: TotalsSnapshot | None) -> ExhibitorShop | None:
    """`exhibitor_shop` from the orders' running totals (no totals: nothing sold yet)."""
    if totals is None:
        return exhibitor_shop(rundown, exhibitor_id, 0.0, {})
    own = totals.by_exhibitor.get(exhibitor_id)
    return exhibitor_shop(rundown, exhibitor_id, 0.0 if own is None else own.revenue, totals.sold)


def shops(rundown: Rundown, totals: TotalsSnapshot | None) -> dict[str, ExhibitorShop]:
    """Every exhibitor with a target or counted stock, by id."""
    found = {ident: shop_of(rundown, ident, totals) for ident in rundown.exhibitors}
    return {ident: shop for ident, shop in found.items() if shop is not None}


def _counted(exhibitor: Exhibitor) -> bool:
    return exhibitor.target is not None or any(_has_stock(p) for p in exhibitor.products)


def _has_stock(product: Product) -> bool:
    return product.stock is not None


def shop_json(shop: ExhibitorShop) -> dict[str, Any]:
    """An exhibitor's shop as the push API sends it (studio/api/push.schema.json, `$defs/shop`)."""
    return {"name": shop.name, "target": shop.target, "revenue": shop.revenue, "met": shop.met,
            "share": None if shop.share is None else round(shop.share, 4),
            "products": [{"sku": p.sku, "name": p.name, "stock": p.stock, "sold": p.sold, "left": p.left,
                          "status": p.status, "words": p.words} for p in shop.products]}


class StockWatch:
    """Tells the crew when an order makes a product low or sells it out: a notice (source "shop") in the
    console's event log and the as-run `events`. On the show loop, where `OrderReceived` is published."""

    def __init__(self, rundown: Rundown, bus: EventBus) -> None:
        self._bus = bus
        self._products = _counted_products(rundown)
        self._unsubscribe = bus.subscribe(self._follow, OrderReceived, RundownChanged)

    def close(self) -> None:
        self._unsubscribe()

    def _follow(self, event: Event) -> None:
        if isinstance(event, RundownChanged):
            self._products = _counted_products(event.rundown)
            return
        assert isinstance(event, OrderReceived)
        ordered: dict[str, int] = {}
        for item in event.accepted.order.items:
            if item.sku in self._products:
                ordered[item.sku] = ordered.get(item.sku, 0) + item.qty
        for sku, qty in ordered.items():
            owner, product = self._products[sku]
            assert product.stock is not None
            sold = event.totals.sold.get(sku, 0)
            now, before = (ProductStock(sku, product.name, product.stock, n) for n in (sold, sold - qty))
            if now.status != before.status:
                self._bus.publish(Notice(event.at, "warning", f"{owner}: {product.name}, {now.words}.", "shop"))


def _counted_products(rundown: Rundown) -> dict[str, tuple[str, Product]]:
    """SKU -> (exhibitor's name, product) for every product with a stock."""
    return {p.sku: (e.name, p) for e in rundown.exhibitors.values() for p in e.products if p.stock is not None}
