"""An order as any source delivers it, and as the show accepted it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Item:
    sku: str | None
    qty: int
    price: float  # unit price
    name: str | None = None  # product name from the payload, else from the rundown's products


@dataclass(frozen=True)
class Order:
    """One order as parsed from any source, before attribution."""

    order_id: str  # as the source sent it; unique per source
    source: str  # "studio" | "woocommerce" | "shopify" | "jsonl" | "simulator"
    amount: float  # > 0, or 0 for a shop's free order (never stored)
    currency: str  # ISO 4217
    items: tuple[Item, ...]
    exhibitor: str | None = None  # exhibitor id if the order names one
    customer: str | None = None  # a company or person name to show ("Garage Dupont")
    placed_at: datetime | None = None  # aware
    raw: str = ""  # the raw JSON payload as received

    @property
    def key(self) -> tuple[str, str]:
        """The stored, unique key: the source and its id, two columns no payload field can forge."""
        return self.source, self.order_id


@dataclass(frozen=True)
class AcceptedOrder:
    """What was stored and is shown."""

    order: Order
    received_at: datetime  # aware, UTC
    exhibitor_id: str | None
    segment_id: str | None
    show_id: int | None
    label: str  # one ticker line without the money: "Garage Dupont — Pont élévateur 3T"
