"""`studio report --db postgresql://…`: the event's sales from every stage's shipped log (studio/central/).

One CSV: a row per slot (stage, day, segment), the slots that sold most first, then one row
per stage, per day (every stage together) and for the whole event. Every total adds up
the slot rows beneath it, per currency. The day is the show's planned start as a date in
UTC; an order taken before any show has the day it was received.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from studio.report.output import deliver

HEADER = ("scope", "stage", "day", "segment_id", "title", "exhibitor_id", "currency", "orders", "revenue")

SLOTS = """
SELECT o.stage,
       to_char(COALESCE((s.data->>'planned_start')::timestamptz, (o.data->>'received_at')::timestamptz)
               AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
       o.show_key AS show_key, o.data->>'segment_id' AS segment_id, o.data->>'exhibitor_id' AS exhibitor_id,
       o.data->>'currency' AS currency, count(*) AS orders, sum((o.data->>'amount')::numeric) AS revenue
FROM orders o
LEFT JOIN shows s ON s.stage = o.stage AND s.key = o.show_key
WHERE %(stage)s::text IS NULL OR o.stage = %(stage)s
GROUP BY 1, 2, 3, 4, 5, 6
"""
TITLES = """
SELECT DISTINCT ON (stage, show_key, data->>'segment_id') stage, show_key, data->>'segment_id', data->>'title'
FROM segment_runs WHERE %(stage)s::text IS NULL OR stage = %(stage)s
"""


@dataclass(frozen=True)
class Line:
    scope: str  # slot, stage, day or event
    stage: str = ""
    day: str = ""
    segment_id: str = ""
    title: str = ""
    exhibitor_id: str = ""
    currency: str = ""
    orders: int = 0
    revenue: Decimal = Decimal(0)

    def row(self) -> tuple[object, ...]:
        return (self.scope, self.stage, self.day, self.segment_id, self.title, self.exhibitor_id, self.currency,
                self.orders, f"{self.revenue:.2f}")


def event_report(url: str, stage: str | None = None) -> list[Line]:
    """The lines of the report, read from the event's database (one stage's only with `stage`)."""
    import psycopg  # an optional extra: loaded only for this report

    with psycopg.connect(url, connect_timeout=10) as connection:
        missing = connection.execute("SELECT to_regclass('orders') IS NULL OR to_regclass('segment_runs') IS NULL "
                                     "OR to_regclass('shows') IS NULL").fetchone()
        if missing is None or missing[0]:
            return []  # nothing shipped yet
        titles = {(row[0], row[1], row[2]): row[3] for row in connection.execute(TITLES, {"stage": stage})}
        slots = [Line("slot", row[0], row[1], row[3] or "", titles.get((row[0], row[2], row[3])) or "", row[4] or "",
                      row[5], row[6], row[7])
                 for row in connection.execute(SLOTS, {"stage": stage})]
    slots.sort(key=lambda line: (line.currency, -line.revenue, line.stage, line.day, line.segment_id))
    return [*slots, *_totals("stage", slots, lambda line: (line.stage, "")),
            *_totals("day", slots, lambda line: ("", line.day)), *_totals("event", slots, lambda line: ("", ""))]


def _totals(scope: str, slots: list[Line], key) -> list[Line]:
    sums: dict[tuple[str, str, str], tuple[int, Decimal]] = {}
    for line in slots:
        stage, day = key(line)
        orders, revenue = sums.get((stage, day, line.currency), (0, Decimal(0)))
        sums[(stage, day, line.currency)] = (orders + line.orders, revenue + line.revenue)
    return [Line(scope, stage, day, currency=currency, orders=orders, revenue=revenue)
            for (stage, day, currency), (orders, revenue) in sorted(sums.items())]


def render_csv(lines: list[Line]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(line.row() for line in lines)
    return out.getvalue()


def is_url(text: str) -> bool:
    return text.startswith(("postgresql://", "postgres://"))


def database(text: str) -> str | Path:
    """`studio report --db`'s type: a PostgreSQL URL stays text, anything else is a SQLite file."""
    return text if is_url(text) else Path(text)


def report_command(args: argparse.Namespace) -> int:
    """`studio report --db postgresql://… [--stage NAME] [-o FILE.csv]`; the exit code."""
    import psycopg

    if (args.format or "csv") != "csv" or (args.output is not None and args.output.suffix.lower() != ".csv"):
        print("studio: the event's report (--db postgresql://…) is a CSV file", file=sys.stderr)
        return 2
    if args.show is not None or args.exhibitor is not None:
        print("studio: --show and --exhibitor read one stage's SQLite file; the event's report takes --stage",
              file=sys.stderr)
        return 2
    try:
        text = render_csv(event_report(args.db, args.stage))
    except psycopg.Error as exc:
        print(f"studio: cannot read the event's database: {str(exc).strip().splitlines()[0]}", file=sys.stderr)
        return 1
    return deliver(text, args.output, f"CSV report of the event{f', stage {args.stage}' if args.stage else ''}")
