"""From a payload as a source sends it to an `Order`: our own format, WooCommerce's and Shopify's.

Each adapter takes the raw body and returns an `Order` or raises `InvalidOrder` naming the
field at fault ("amount", "items[2].qty", ...), which the HTTP intake answers with a 400.
Only the fields studio uses are read; everything else a shop sends is kept in `raw`.
"""

from __future__ import annotations

import json
import math
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

from studio.orders.model import Item, Order

MAX_ID = 200  # characters of an order id
MAX_TEXT = 120  # characters of a customer or product name kept for the screen
MAX_AMOUNT = 1e12


class InvalidOrder(ValueError):
    """A payload studio cannot take: `field` names what is wrong (None: the body as a whole)."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


Payload = dict[str, Any]
Adapter = Callable[[bytes], Order]  # a shop's raw body -> an Order, or InvalidOrder


def decode(body: bytes) -> tuple[Payload, str]:
    """The body as a JSON object, and as text (UTF-8)."""
    try:
        text = body.decode("utf-8")
        payload = json.loads(text)
    except UnicodeDecodeError as exc:
        raise InvalidOrder(None, f"The body is not valid JSON in UTF-8: byte {exc.start} is not UTF-8.") from None
    except json.JSONDecodeError as exc:
        raise InvalidOrder(None, f"The body is not valid JSON in UTF-8: {exc.msg} at line {exc.lineno}, "
                                 f"column {exc.colno}.") from None
    except RecursionError:
        raise InvalidOrder(None, "The body is not valid JSON in UTF-8: it is nested too deeply.") from None
    if not isinstance(payload, dict):
        raise InvalidOrder(None, "The body must be a JSON object.")
    return payload, text


def parse_studio(body: bytes, source: str = "studio") -> Order:
    """Our own order: id, amount, currency, items [{sku, qty, price, name?}], exhibitor?, customer?, placed_at?."""
    payload, raw = decode(body)
    return Order(
        order_id=_id(payload.get("id"), "id"),
        source=source,
        amount=_money(payload.get("amount"), "amount", total=True),
        currency=_currency(payload.get("currency"), "currency"),
        items=tuple(Item(_optional_text(item.get("sku"), f"items[{i}].sku"), _qty(item.get("qty"), f"items[{i}].qty"),
                         _money(item.get("price"), f"items[{i}].price"), _optional_text(item.get("name"), f"items[{i}].name"))
                    for i, item in _objects(_list(payload, "items"), "items")),
        exhibitor=_optional_text(payload.get("exhibitor"), "exhibitor"),
        customer=_optional_text(payload.get("customer"), "customer"),
        placed_at=_moment(payload.get("placed_at"), "placed_at"),
        raw=raw,
    )


def parse_woocommerce(body: bytes) -> Order:
    """WooCommerce's order webhook (order.created): the REST API v3 order object."""
    payload, raw = decode(body)
    order_id = _id(payload.get("id"), "id")
    items = []
    for i, line in _objects(_list(payload, "line_items"), "line_items"):
        qty = _qty(line.get("quantity"), f"line_items[{i}].quantity")
        price = line.get("price")
        if price is None:  # older WooCommerce: only the line total
            unit = _money(line.get("total"), f"line_items[{i}].total") / qty
        else:
            unit = _money(price, f"line_items[{i}].price")
        items.append(Item(_optional_text(line.get("sku"), f"line_items[{i}].sku"), qty, unit,
                          _optional_text(line.get("name"), f"line_items[{i}].name")))
    billing = _object(payload.get("billing"), "billing")
    return Order(
        order_id=order_id,
        source="woocommerce",
        amount=_money(payload.get("total"), "total", total=True, free=True),
        currency=_currency(payload.get("currency"), "currency"),
        items=tuple(items),
        customer=_customer(billing, "billing"),
        placed_at=_moment(payload.get("date_created_gmt"), "date_created_gmt"),
        raw=raw,
    )


def parse_shopify(body: bytes) -> Order:
    """Shopify's orders/create webhook: the Admin REST order object."""
    payload, raw = decode(body)
    order_id = _id(payload.get("id"), "id")
    items = tuple(
        Item(_optional_text(line.get("sku"), f"line_items[{i}].sku"), _qty(line.get("quantity"), f"line_items[{i}].quantity"),
             _money(line.get("price"), f"line_items[{i}].price"),
             _optional_text(line.get("name") or line.get("title"), f"line_items[{i}].name"))
        for i, line in _objects(_list(payload, "line_items"), "line_items"))
    billing = _object(payload.get("billing_address"), "billing_address")
    customer = _object(payload.get("customer"), "customer")
    address = _object(customer.get("default_address"), "customer.default_address")
    return Order(
        order_id=order_id,
        source="shopify",
        amount=_money(payload.get("total_price"), "total_price", total=True, free=True),
        currency=_currency(payload.get("currency"), "currency"),
        items=items,
        customer=(_optional_text(billing.get("company"), "billing_address.company")
                  or _optional_text(address.get("company"), "customer.default_address.company")
                  or _customer(customer, "customer")),
        placed_at=_moment(payload.get("created_at"), "created_at"),
        raw=raw,
    )


# ----- fields --------------------------------------------------------------------------


def _id(value: Any, field: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InvalidOrder(field, f"'{field}' is required: the order's id, a string or a whole number.")
    text = _storable(str(value).strip(), field)
    if not text or len(text) > MAX_ID:
        raise InvalidOrder(field, f"'{field}' must be 1 to {MAX_ID} characters long.")
    return text


def _money(value: Any, field: str, *, total: bool = False, free: bool = False) -> float:
    """A number or a decimal string ("3490.00"), finite, not negative. An order's `total` is rounded to
    cents and must be more than 0, unless the shop can send `free` orders (a 100 % coupon: total 0)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise InvalidOrder(field, f"'{field}' is required: a number like 3490.00.")
    try:
        amount = float(Decimal(value.strip()) if isinstance(value, str) else value)
    except (InvalidOperation, ValueError, OverflowError):
        raise InvalidOrder(field, f"'{field}' must be a number like 3490.00, not {str(value)[:40]!r}.") from None
    if not math.isfinite(amount) or amount > MAX_AMOUNT:
        raise InvalidOrder(field, f"'{field}' is not a usable amount.")
    amount = round(amount, 2) if total else amount
    if total and not free and amount <= 0:
        raise InvalidOrder(field, f"'{field}' must be more than 0.")
    if amount < 0:
        raise InvalidOrder(field, f"'{field}' cannot be negative.")
    return amount


def _qty(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1_000_000:
        raise InvalidOrder(field, f"'{field}' must be a whole number of at least 1.")
    return value


def _currency(value: Any, field: str) -> str:
    if not isinstance(value, str) or len(value.strip()) != 3 or not value.strip().isascii() or not value.strip().isalpha():
        raise InvalidOrder(field, f"'{field}' must be a three-letter ISO 4217 code like EUR.")
    return value.strip().upper()


def _moment(value: Any, field: str) -> datetime | None:
    """An ISO-8601 time; one without an offset is read as UTC (WooCommerce's *_gmt fields)."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InvalidOrder(field, f"'{field}' must be an ISO-8601 time like 2026-11-05T19:42:10+01:00.")
    try:
        moment = datetime.fromisoformat(value.strip())
        return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        raise InvalidOrder(field, f"'{field}' must be an ISO-8601 time like 2026-11-05T19:42:10+01:00.") from None


def _optional_text(value: Any, field: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InvalidOrder(field, f"'{field}' must be text.")
    text = " ".join(_storable(str(value), field).split())  # no line breaks or runs of spaces on a one-line ticker
    return text[:MAX_TEXT] or None


def _storable(text: str, field: str) -> str:
    """Text SQLite can store: JSON can smuggle in lone surrogates (\\ud800) that UTF-8 cannot carry."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidOrder(field, f"'{field}' is not valid text.") from None
    return text


def _customer(person: Payload, field: str) -> str | None:
    """A company, else a person's first and last names."""
    company = _optional_text(person.get("company"), f"{field}.company")
    if company:
        return company
    names = [_optional_text(person.get(key), f"{field}.{key}") for key in ("first_name", "last_name")]
    return " ".join(name for name in names if name) or None


def _list(payload: Payload, field: str) -> list[Any]:
    value = payload.get(field)
    if not isinstance(value, list):
        raise InvalidOrder(field, f"'{field}' is required: a list of the order's lines.")
    return value


def _objects(values: list[Any], field: str):
    for i, value in enumerate(values):
        if not isinstance(value, dict):
            raise InvalidOrder(f"{field}[{i}]", f"'{field}[{i}]' must be an object.")
        yield i, value


def _object(value: Any, field: str) -> Payload:
    """An optional nested object: {} when absent or null."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidOrder(field, f"'{field}' must be an object.")
    return value
