"""The CSV report: one row per segment, the issue's columns first, UTF-8, plain numbers, times in ISO-8601
with the show's UTC offset. Blocks and sales targets come from the rundown file (Look), like the HTML's."""

from __future__ import annotations

import csv
from datetime import datetime
from typing import TextIO

from studio.report.figures import Report, SegmentLine
from studio.report.look import Look

COLUMNS = ("segment_id", "title", "exhibitor_id", "planned_start", "actual_start", "planned_duration_s",
           "actual_duration_s", "over_under_s", "orders", "revenue")
EXTRA_COLUMNS = ("status", "actual_end", "runs", "ended_by", "extended_s", "held", "revenue_per_minute", "currency",
                 "dropped_by", "by", "leads", "block", "exhibitor_target")


def write_csv(report: Report, look: Look, out: TextIO, exhibitor: str | None = None) -> None:
    """Every segment, or only those of `exhibitor`."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS + EXTRA_COLUMNS)
    blocks = {segment_id: block.block_id for block in look.blocks for segment_id in block.segment_ids}
    for line in report.segments:
        if exhibitor is None or line.exhibitor_id == exhibitor:
            target = None if line.exhibitor_id is None else look.targets.get(line.exhibitor_id)
            writer.writerow(_row(line, look, report.currency) + [report.leads_of(segment=line.segment_id),
                                                                 blocks.get(line.segment_id, ""),
                                                                 "" if target is None else _number(target)])


def _row(line: SegmentLine, look: Look, currency: str) -> list[object]:
    return [line.segment_id, line.title, line.exhibitor_id or "", _when(line.planned_start, look), _when(line.actual_start, look),
            _number(line.planned_duration_s), _number(line.actual_duration_s), _number(line.over_under_s), line.sales.orders,
            _number(line.sales.revenue), line.status, _when(line.actual_end, look), line.runs, line.ended_by or "",
            _number(line.extended_s), int(line.held),
            "" if line.revenue_per_minute is None else _number(round(line.revenue_per_minute, 2)), currency,
            line.dropped_by or "", line.by or ""]


def _when(moment: datetime | None, look: Look) -> str:
    return "" if moment is None else moment.astimezone(look.tz).isoformat(timespec="seconds")


def _number(value: float) -> str:
    """60 rather than 60.0; at most 3 decimals."""
    value = round(float(value), 3)
    return str(int(value)) if value.is_integer() else str(value)
