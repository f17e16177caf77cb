"""The rows of one show as the as-run database kept them, read on a read-only connection.

Segment runs and events are read row by row (they grow with the show's length); orders are
summed in SQL, per currency, exhibitor and segment, per minute, and their lines per product
(SQLite's json_each), so memory does not grow with the number of orders.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from studio.storage.asrun import iso, parse_iso


class ReportError(Exception):
    """Why there is no report, as a plain sentence."""


@dataclass(frozen=True)
class ShowRow:
    id: int
    title: str
    rundown_path: str
    planned_start: datetime
    started_at: datetime | None
    ended_at: datetime | None
    last_seen: datetime | None


@dataclass(frozen=True)
class RunRow:
    """One row of `segment_runs`: a segment on air once, or skipped (no actual times)."""

    segment_id: str
    title: str
    exhibitor_id: str | None
    planned_start: datetime
    actual_start: datetime | None
    actual_end: datetime | None
    planned_duration_s: float
    actual_duration_s: float | None
    over_under_s: float | None
    ended_by: str | None
    taken_by: str | None
    extended_s: float
    held: bool


@dataclass(frozen=True)
class PlannedSegment:
    """A segment of the rundown file the show was run from, where the plan put it."""

    segment_id: str
    title: str
    exhibitor_id: str | None
    offset_s: float  # its planned start, seconds after the show's planned start
    duration_s: float


@dataclass(frozen=True)
class EventRow:
    at: datetime
    kind: str
    detail: dict[str, Any]


@dataclass(frozen=True)
class OrderGroup:
    """The show's orders in one currency naming one exhibitor, attributed to one segment: how many, their sum."""

    currency: str
    exhibitor_id: str | None
    segment_id: str | None
    orders: int
    amount: float  # not rounded: sums of groups are rounded once, at the end
    first_at: str  # the earliest received_at (ISO-8601, UTC): which currency came first
    pre_show: bool = False  # received before the show's first take (GO)


@dataclass(frozen=True)
class ProductGroup:
    """Order lines of one product (its name, else its SKU, else "?") in one currency naming one exhibitor."""

    currency: str
    exhibitor_id: str
    name: str
    quantity: int
    revenue: float  # quantity × unit price, not rounded


@dataclass(frozen=True)
class MinuteGroup:
    """The show's orders in one currency received during one minute."""

    currency: str
    minute: datetime  # its start
    orders: int
    amount: float


@dataclass(frozen=True)
class LeadGroup:
    """The show's leads (test drives, call-backs...; not buyers' contacts) of one kind for one exhibitor and segment:
    how many. Counts only: a report never carries personal data (docs/leads.md)."""

    exhibitor_id: str | None
    segment_id: str | None
    kind: str
    leads: int


@dataclass(frozen=True)
class QuestionRow:
    """An audience question of the show (the `questions` table), credited to the segment on air when it came."""

    segment_id: str | None
    exhibitor_id: str | None
    text: str
    author: str | None
    status: str  # waiting | approved | rejected | answered


@dataclass(frozen=True)
class ShowLog:
    show: ShowRow
    runs: tuple[RunRow, ...]
    events: tuple[EventRow, ...]
    orders: tuple[OrderGroup, ...]
    products: tuple[ProductGroup, ...]
    minutes: tuple[MinuteGroup, ...]  # in time order
    leads: tuple[LeadGroup, ...] = ()
    questions: tuple[QuestionRow, ...] = ()  # in the order they came


def read_show(path: Path, show_id: int | None = None) -> ShowLog:
    """The show `show_id` (default: the latest); raises ReportError with a sentence saying why not."""
    with closing(_connect(path)) as db:
        shows = [_show(row) for row in db.execute("SELECT * FROM shows ORDER BY id")]
        if not shows:
            raise ReportError(f"{path} has no show yet: run one first.")
        show = shows[-1] if show_id is None else next((s for s in shows if s.id == show_id), None)
        if show is None:
            raise ReportError(f"There is no show {show_id} in {path}. Shows: " + "; ".join(map(describe_show, shows)) + ".")
        runs = tuple(_run(row) for row in db.execute(
            "SELECT * FROM segment_runs WHERE show_id = ? ORDER BY id", [show.id]))
        events = tuple(EventRow(datetime.fromisoformat(row["ts"]), row["kind"], json.loads(row["detail"] or "{}"))
                       for row in db.execute("SELECT * FROM events WHERE show_id = ? ORDER BY ts, id", [show.id]))
        questions = tuple(QuestionRow(*row) for row in db.execute(
            "SELECT segment_id, exhibitor_id, text, author, status FROM questions WHERE show_id = ? ORDER BY id",
            [show.id])) if _has_table(db, "questions") else ()
        which = _which_orders(shows, show)
        leads = tuple(LeadGroup(*row) for row in db.execute(_SHOW_LEADS, which)) if _has_table(db, "leads") else ()
        if not _has_table(db, "orders"):
            return ShowLog(show, runs, events, (), (), (), leads, questions)
        try:
            orders = tuple(OrderGroup(*row) for row in db.execute(_SHOW_ORDERS + _ORDER_GROUPS, which))
            products = tuple(_products(db.execute(_SHOW_ORDERS + _LINE_GROUPS, which)))
            minutes = tuple(MinuteGroup(currency, datetime.fromisoformat(f"{minute}:00+00:00"), orders, amount)
                            for currency, minute, orders, amount in db.execute(_SHOW_ORDERS + _MINUTE_GROUPS, which))
        except sqlite3.DatabaseError as exc:  # a damaged file, or order lines that are not JSON
            raise ReportError(f"Cannot read the orders of show {show.id} in {path}: {exc}.") from None
    return ShowLog(show, runs, events, orders, products, minutes, leads, questions)


def list_shows(path: Path) -> list[ShowRow]:
    """Every show of the as-run database, oldest first; raises ReportError with a sentence."""
    with closing(_connect(path)) as db:
        return [_show(row) for row in db.execute("SELECT * FROM shows ORDER BY id")]


def describe_show(show: ShowRow) -> str:
    """'3 = Salon du Garage, 2026-11-05' (the planned start's date, UTC)."""
    return f"{show.id} = {show.title}, {show.planned_start.date().isoformat()}"


def _connect(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise ReportError(f"There is no as-run database at {path} (give its path with --db).")
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    db.row_factory = sqlite3.Row
    if not all(_has_table(db, table) for table in ("shows", "segment_runs", "events")):
        db.close()
        raise ReportError(f"{path} is not a studio as-run database.")
    return db


def _has_table(db: sqlite3.Connection, name: str) -> bool:
    try:
        return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]).fetchone() is not None
    except sqlite3.DatabaseError as exc:
        raise ReportError(f"Cannot read the as-run database: {exc}.") from None


def _show(row: sqlite3.Row) -> ShowRow:
    return ShowRow(row["id"], row["title"] or "", row["rundown_path"] or "", datetime.fromisoformat(row["planned_start"]),
                   parse_iso(row["started_at"]), parse_iso(row["ended_at"]), parse_iso(row["last_seen"]))


def _run(row: sqlite3.Row) -> RunRow:
    return RunRow(row["segment_id"], row["title"] or row["segment_id"], row["exhibitor_id"],
                  datetime.fromisoformat(row["planned_start"]), parse_iso(row["actual_start"]), parse_iso(row["actual_end"]),
                  row["planned_duration_s"] or 0.0, row["actual_duration_s"], row["over_under_s"], row["ended_by"],
                  row["taken_by"], row["extended_s"] or 0.0, bool(row["held"]))


def _which_orders(shows: list[ShowRow], show: ShowRow) -> dict[str, object]:
    """The parameters of _SHOW_ORDERS: the show, its first take, and which orders without a show id are its own."""
    started = [s.started_at for s in shows if s.started_at is not None]
    first_take = show.started_at
    earlier = [at for at in started if first_take is None or at < first_take]
    last = first_take is not None and all(at <= first_take for at in started)
    return {"show": show.id, "started": "" if first_take is None else iso(first_take),
            "after": iso(max(earlier)) if earlier else "", "before": "~" if last else iso(first_take or show.planned_start)}


# The show's orders: those the order desk stamped with its id, and those it took before GO, when there was no
# show yet (the log numbers a show at its first take; the desk learns the id then). An order without an id
# belongs to the first show whose first take came after it, else to the last show (the desk's clock and the
# show's may differ by a few ms at GO): for this show, those received since the previous show's first take, and
# before its own unless it is the latest. They make the "before GO" line, with any order received before the
# first take. UNION ALL keeps each half on the show_id index.
_SHOW_ORDERS = """
    WITH show_orders AS (
        SELECT * FROM orders WHERE show_id = :show
        UNION ALL
        SELECT * FROM orders WHERE show_id IS NULL AND :started != '' AND received_at >= :after AND received_at < :before)"""
# The show's leads, counted: those stamped with its id and those taken before GO, as its orders.
_SHOW_LEADS = """
    SELECT exhibitor_id, segment_id, kind, COUNT(*) FROM leads
    WHERE kind != 'order' AND (show_id = :show OR (show_id IS NULL AND :started != '' AND received_at >= :after
                                                   AND received_at < :before))
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"""
_ORDER_GROUPS = """
    SELECT COALESCE(currency, ''), exhibitor_id, segment_id, COUNT(*), TOTAL(amount), MIN(received_at),
           show_id IS NULL OR received_at < :started
    FROM show_orders GROUP BY 1, 2, 3, 7"""
# received_at is ISO-8601 in UTC, "2026-11-05T18:42:07.120Z" (studio.storage.asrun.iso): its first 16 characters
# name the minute
_MINUTE_GROUPS = """
    SELECT COALESCE(currency, ''), substr(received_at, 1, 16), COUNT(*), TOTAL(amount)
    FROM show_orders GROUP BY 1, 2 ORDER BY 2"""
# Order lines are grouped by their JSON text: identical lines (same product, quantity and price) are
# counted by SQLite, and only each distinct line is parsed, by Python. Extracting fields in SQL
# (->> per field and line) took four times as long at 500,000 orders (benchmarks/bench_report.py).
_LINE_GROUPS = """
    SELECT COALESCE(o.currency, ''), o.exhibitor_id, CASE i.type WHEN 'object' THEN i.value END, COUNT(*)
    FROM show_orders AS o, json_each(o.items) AS i
    WHERE o.exhibitor_id IS NOT NULL
    GROUP BY 1, 2, 3"""


def _products(rows: Iterable[tuple[str, str, str | None, int]]) -> Iterable[ProductGroup]:
    """Distinct lines summed per product as they stream from SQLite; an item is {"sku", "qty", "price", "name"}
    (studio.orders.store), any may be missing; a line that is not an object is a nameless product of no quantity."""
    sums: dict[tuple[str, str, str], tuple[int, float]] = {}
    for currency, exhibitor_id, line, count in rows:
        item = json.loads(line) if line is not None else {}
        key = (currency, exhibitor_id, item.get("name") or item.get("sku") or "?")
        quantity = int(item.get("qty") or 0) * count
        sold, revenue = sums.get(key, (0, 0.0))
        sums[key] = (sold + quantity, revenue + float(item.get("price") or 0) * quantity)
    return (ProductGroup(*key, quantity, revenue) for key, (quantity, revenue) in sums.items())
