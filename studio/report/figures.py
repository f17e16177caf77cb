"""Every figure of an after-show report, computed from one show's log (docs/reports.md says what each means).

Orders arrive already summed by SQLite (studio.report.log: per currency, exhibitor and segment,
per minute, per product), so this module's work grows with the show, never with its orders.

A segment that aired more than once (the director went back to it) is one line: its first start,
its last end and the sum of its air time. Money counts only orders in the report's currency;
orders in another currency are counted apart, never converted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from studio.rundown.durations import format_duration
from studio.report.log import (EventRow, LeadGroup, MinuteGroup, OrderGroup, PlannedSegment, ProductGroup, QuestionRow, RunRow, ShowLog,
                               ShowRow)

BEST_SLOTS = 5
RATE_MIN_AIR_S = 60.0  # revenue per minute is said of segments at least this long on air
BUSIEST_MINUTES = 5
DIRECTOR_ACTIONS = {"back", "skip", "jump", "hold", "release", "extend", "pause", "resume"}  # GO is the routine take
TIMING_INCIDENTS = {"overtime", "hard_start", "resumed"}
DROPPED = {"skip": "skipped", "jump": "jumped over", "set_next": "passed over", "hard_start": "dropped by a hard start"}
AUTOMATIC_ENDS = {"auto", "hard", "resume"}  # the show's own clock ended the segment, not a person
OBS_BACK = "OBS connected"  # how studio.obs.link announces a (re)connection
DIRECTOR, AUTOMATION = "director", "automation"
RESUMED_NOTICE = "Show resumed after a gap"  # the engine's sentence for what the `resumed` event already says


@dataclass(frozen=True)
class Sales:
    orders: int = 0
    revenue: float = 0.0

    @property
    def average(self) -> float:
        """The average basket: revenue per order, 0 without orders."""
        return self.revenue / self.orders if self.orders else 0.0


@dataclass(frozen=True)
class SegmentLine:
    segment_id: str
    title: str
    exhibitor_id: str | None
    status: str  # aired | cut short | skipped | unfinished (on air when the log stops) | not reached (after that)
    planned_start: datetime
    actual_start: datetime | None
    actual_end: datetime | None
    planned_duration_s: float
    actual_duration_s: float
    over_under_s: float
    runs: int  # times on air
    ended_by: str | None
    extended_s: float
    held: bool
    sales: Sales
    spans: tuple[tuple[datetime, datetime], ...] = ()  # each time on air: (start, end)
    dropped_by: str | None = None  # a skipped segment: skip | jump | set_next | hard_start
    by: str | None = None  # who ended its last run or dropped it: director, remote ADDRESS, automation…

    @property
    def what_happened(self) -> str:
        """The status in words: "aired", "cut short", "skipped", "jumped over", "dropped by a hard start"…"""
        return DROPPED.get(self.dropped_by or "", self.status) if self.status == "skipped" else self.status

    @property
    def revenue_per_minute(self) -> float | None:
        """None under a minute on air: a few seconds would turn one order into a rate nobody sold at."""
        return self.sales.revenue / (self.actual_duration_s / 60) if self.actual_duration_s >= RATE_MIN_AIR_S else None


@dataclass(frozen=True)
class DriftPoint:
    at: datetime
    drift_s: float  # + late against the plan, - early
    label: str  # the segment that started, or "end"


@dataclass(frozen=True)
class Incident:
    at: datetime
    category: str  # OBS | timing | director | remote | restart | warning | error
    kind: str  # the `events.kind` it comes from
    segment_id: str | None  # on air at the time
    text: str


@dataclass(frozen=True)
class ProductLine:
    name: str
    quantity: int
    revenue: float


@dataclass(frozen=True)
class MinuteLine:
    at: datetime  # the minute's start
    sales: Sales
    segment_id: str | None  # on air when the minute began


@dataclass(frozen=True)
class ExhibitorLine:
    exhibitor_id: str
    segments: tuple[SegmentLine, ...]
    sales: Sales
    products: tuple[ProductLine, ...]  # best sellers first
    incidents: tuple[Incident, ...]  # during their segments
    by_segment: dict[str, Sales]  # their orders during each of their segments
    outside: Sales  # their orders while none of their segments was on air

    @property
    def air_time_s(self) -> float:
        return sum(line.actual_duration_s for line in self.segments)

    @property
    def planned_air_time_s(self) -> float:
        return sum(line.planned_duration_s for line in self.segments)


@dataclass(frozen=True)
class Report:
    show: ShowRow
    currency: str
    segments: tuple[SegmentLine, ...]  # in planned order
    drift: tuple[DriftPoint, ...]
    final_drift_s: float  # end against planned end; for an interrupted show, the last start's drift
    planned_end: datetime
    incidents: tuple[Incident, ...]
    exhibitors: tuple[ExhibitorLine, ...]  # by revenue, highest first
    sales: Sales  # every order of the show in the currency
    pre_show: Sales  # orders taken before GO (the show had no id yet): counted in the show's sales
    outside: Sales  # orders after GO attributed to no segment of the show (between segments, after the last)
    unattributed: Sales  # orders naming no exhibitor
    other_currency_orders: int
    busiest_minutes: tuple[MinuteLine, ...]  # most orders first, then most revenue, then earliest
    leads: tuple[LeadGroup, ...] = ()  # counts per exhibitor, segment and kind (docs/leads.md)
    questions: tuple[QuestionRow, ...] = ()  # the audience's, in the order they came

    def leads_of(self, *, exhibitor: str | None = None, segment: str | None = None) -> int:
        """How many leads the show took, or an exhibitor's, or a segment's."""
        return sum(group.leads for group in self.leads
                   if exhibitor in (None, group.exhibitor_id) and segment in (None, group.segment_id))

    def questions_by_segment(self) -> list[tuple[str | None, list[QuestionRow]]]:
        """The questions per segment, in the segments' order; those asked outside any segment (None) last."""
        order = {line.segment_id: i for i, line in enumerate(self.segments)}
        grouped: dict[str | None, list[QuestionRow]] = {}
        for question in self.questions:
            grouped.setdefault(question.segment_id if question.segment_id in order else None, []).append(question)
        return sorted(grouped.items(), key=lambda item: order.get(item[0], len(order))) if grouped else []

    @property
    def best_slots(self) -> tuple[SegmentLine, ...]:
        """Segments that sold, by revenue per minute on air, best first."""
        selling = [line for line in self.segments if line.revenue_per_minute and line.sales.revenue > 0]
        return tuple(sorted(selling, key=lambda line: -(line.revenue_per_minute or 0))[:BEST_SLOTS])

    def exhibitor(self, exhibitor_id: str) -> ExhibitorLine | None:
        return next((line for line in self.exhibitors if line.exhibitor_id == exhibitor_id), None)


def compute(log: ShowLog, currency: str, planned: tuple[PlannedSegment, ...] = ()) -> Report:
    """`planned`: the rundown's segments, so that a show cut off (never ended) lists those it never reached."""
    groups = [group for group in log.orders if group.currency == currency]
    segments = _segments(log, groups, planned if log.show.ended_at is None else ())
    ids = {line.segment_id for line in segments}
    planned_end = _planned_end(log)
    drift = _drift(log.runs, log.show, planned_end)
    incidents = tuple(_incidents(log.events, log.runs, {line.segment_id: line for line in segments}))
    products = [product for product in log.products if product.currency == currency]
    return Report(
        show=log.show,
        currency=currency,
        segments=segments,
        drift=drift,
        final_drift_s=drift[-1].drift_s if drift else 0.0,
        planned_end=planned_end,
        incidents=incidents,
        exhibitors=_exhibitors(segments, groups, products, incidents),
        sales=_sales(groups),
        pre_show=_sales(group for group in groups if group.pre_show),
        outside=_sales(group for group in groups if group.segment_id not in ids and not group.pre_show),
        unattributed=_sales(group for group in groups if group.exhibitor_id is None),
        other_currency_orders=sum(group.orders for group in log.orders) - sum(group.orders for group in groups),
        busiest_minutes=_busiest(log.minutes, log.runs, currency),
        leads=log.leads,
        questions=log.questions,
    )


def _sales(groups: Iterable[OrderGroup]) -> Sales:
    orders, amount = 0, 0.0
    for group in groups:
        orders += group.orders
        amount += group.amount
    return Sales(orders, round(amount, 2))


def _busiest(minutes: Iterable[MinuteGroup], runs: tuple[RunRow, ...], currency: str) -> tuple[MinuteLine, ...]:
    ranked = sorted((minute for minute in minutes if minute.currency == currency),
                    key=lambda minute: (-minute.orders, -minute.amount, minute.minute))
    return tuple(MinuteLine(minute.minute, Sales(minute.orders, round(minute.amount, 2)), _on_air(runs, minute.minute))
                 for minute in ranked[:BUSIEST_MINUTES])


def _planned_end(log: ShowLog) -> datetime:
    ends = [run.planned_start + timedelta(seconds=run.planned_duration_s) for run in log.runs]
    return max(ends, default=log.show.planned_start)


def _segments(log: ShowLog, groups: list[OrderGroup], planned: tuple[PlannedSegment, ...]) -> tuple[SegmentLine, ...]:
    by_segment: dict[str, list[RunRow]] = defaultdict(list)
    for run in log.runs:
        by_segment[run.segment_id].append(run)
    sales = defaultdict(list)
    for group in groups:
        sales[group.segment_id].append(group)
    lines = [_segment(runs, _sales(sales[segment_id]), log.show) for segment_id, runs in by_segment.items()]
    lines += [_not_reached(segment, _sales(sales[segment.segment_id]), log.show) for segment in planned
              if segment.segment_id not in by_segment]
    ordered = sorted(lines, key=lambda line: line.planned_start)  # stable: first logged first on a tie
    return tuple(_who(line, ordered, log.events) for line in ordered)


def _segment(rows: list[RunRow], sales: Sales, show: ShowRow) -> SegmentLine:
    first = rows[0]
    aired = [run for run in rows if run.actual_start is not None]
    open_run = next((run for run in aired if run.actual_end is None), None)
    spans = tuple((start, run.actual_end or max(show.last_seen or start, start))
                  for run in aired if (start := run.actual_start) is not None)
    actual = round(sum((end - start).total_seconds() for start, end in spans), 3)
    over_under = round(actual - first.planned_duration_s, 3)
    status = "skipped" if not aired else "unfinished" if open_run else "cut short" if over_under <= -1 else "aired"
    return SegmentLine(
        segment_id=first.segment_id,
        title=first.title,
        exhibitor_id=first.exhibitor_id,
        status=status,
        planned_start=first.planned_start,
        actual_start=aired[0].actual_start if aired else None,
        actual_end=None if open_run or not aired else aired[-1].actual_end,
        planned_duration_s=first.planned_duration_s,
        actual_duration_s=actual,
        over_under_s=over_under,
        runs=len(aired),
        ended_by=aired[-1].ended_by if aired else rows[-1].ended_by or "skip",  # skip, or jump / set_next when taking a later segment dropped it
        extended_s=sum(run.extended_s for run in rows),
        held=any(run.held for run in rows),
        sales=sales,
        spans=spans,
    )


def _not_reached(segment: PlannedSegment, sales: Sales, show: ShowRow) -> SegmentLine:
    """A segment of the rundown the log never reached: the show was cut off (or is still running) before it."""
    return SegmentLine(segment.segment_id, segment.title, segment.exhibitor_id, "not reached",
                       show.planned_start + timedelta(seconds=segment.offset_s), None, None, segment.duration_s, 0.0,
                       -segment.duration_s, 0, None, 0.0, False, sales)


def _who(line: SegmentLine, lines: list[SegmentLine], events: tuple[EventRow, ...]) -> SegmentLine:
    """Say what dropped a skipped segment and who ended or dropped each one, from the events the engine logged."""
    if line.status == "skipped":
        how = line.ended_by or "skip"
        if how == "skip" and any(line.segment_id in event.detail.get("dropped", ()) for event in events
                                 if event.kind == "hard_start"):
            return replace(line, dropped_by="hard_start", by=AUTOMATION)
        return replace(line, dropped_by=how, by=_source(_dropping(line, how, lines, events)))
    if line.ended_by is None or line.status == "unfinished":
        return line
    if line.ended_by in AUTOMATIC_ENDS:
        return replace(line, by=AUTOMATION)
    end = line.spans[-1][1] if line.spans else None
    ending = next((event for event in events if event.kind == line.ended_by and event.detail.get("on_air") == line.segment_id
                   and end is not None and abs((event.at - end).total_seconds()) < 1), None)
    return replace(line, by=_source(ending))


def _dropping(line: SegmentLine, how: str, lines: list[SegmentLine], events: tuple[EventRow, ...]) -> EventRow | None:
    """The director's action that dropped `line`: the skip naming it, or the jump (set_next) to a segment after it
    from one before it."""
    if how == "skip":
        return next((event for event in events if event.kind == "skip" and event.detail.get("segment_id") == line.segment_id), None)
    place = {other.segment_id: i for i, other in enumerate(lines)}
    here = place[line.segment_id]
    return next((event for event in events if event.kind == how
                 and place.get(event.detail.get("segment_id", ""), -1) > here > place.get(event.detail.get("on_air", ""), -1)), None)


def _source(event: EventRow | None) -> str:
    """Who sent a command, as the log's "by" says: the console is the director; older logs do not say (director)."""
    by = DIRECTOR if event is None else str(event.detail.get("by", "console"))
    return DIRECTOR if by == "console" else by


def _drift(runs: Iterable[RunRow], show: ShowRow, planned_end: datetime) -> tuple[DriftPoint, ...]:
    """How late the show ran at each segment start (the engine judges drift by the segment on air),
    then at the end against the planned end."""
    aired = sorted(((start, run) for run in runs if (start := run.actual_start) is not None), key=lambda pair: pair[0])
    points = [DriftPoint(start, round((start - run.planned_start).total_seconds(), 3), run.segment_id) for start, run in aired]
    if show.ended_at is not None:
        points.append(DriftPoint(show.ended_at, round((show.ended_at - planned_end).total_seconds(), 3), "end"))
    return tuple(points)


def _incidents(events: Iterable[EventRow], runs: tuple[RunRow, ...], lines: dict[str, SegmentLine]) -> Iterable[Incident]:
    obs_down = False
    for event in events:
        source, dot, level = event.kind.partition(".")
        on_air = event.detail.get("segment_id") or event.detail.get("on_air") or _on_air(runs, event.at)
        if dot:  # a notice: SOURCE.LEVEL
            message = str(event.detail.get("message", ""))
            back = source == "obs" and obs_down and message.startswith(OBS_BACK)
            if source == "obs" and level in ("warning", "error"):
                obs_down = True
            elif back:
                obs_down = False
            if (level in ("warning", "error") or back) and not message.startswith(RESUMED_NOTICE):
                yield Incident(event.at, "OBS" if source == "obs" else level, event.kind, on_air, message)
        elif event.kind in DIRECTOR_ACTIONS:  # sent from the console (director), or by a remote caller
            who = _source(event)
            text = _director_text(event, lines) + ("" if who == DIRECTOR else f" ({who})")
            yield Incident(event.at, "director" if who == DIRECTOR else "remote", event.kind, on_air, text)
        elif event.kind in TIMING_INCIDENTS:
            category = "restart" if event.kind == "resumed" else "timing"
            yield Incident(event.at, category, event.kind, on_air, _timing_text(event, lines))


def _on_air(runs: tuple[RunRow, ...], at: datetime) -> str | None:
    return next((run.segment_id for run in reversed(runs)
                 if run.actual_start is not None and run.actual_start <= at and (run.actual_end is None or at < run.actual_end)), None)


def _director_text(event: EventRow, lines: dict[str, SegmentLine]) -> str:
    """What the director did, said of the segment in the incident's Segment column."""
    detail = event.detail
    texts = {
        "back": "Back to the segment before",
        "skip": "Skipped before it aired",
        "jump": f"Jumped here from {_title(lines, detail.get('on_air'))}" if detail.get("on_air") else "Jumped here",
        "hold": "Put on hold",
        "release": "Hold released",
        "extend": f"{format_duration(float(detail.get('seconds', 0)), sign=True)} added",
        "pause": "Paused",
        "resume": f"Resumed after a pause of {format_duration(float(detail.get('paused_s', 0)))}",
    }
    return texts[event.kind]


def _timing_text(event: EventRow, lines: dict[str, SegmentLine]) -> str:
    detail = event.detail
    if event.kind == "overtime":
        line = lines.get(detail.get("segment_id", ""))
        ended = "" if line is None else f"; ended {format_duration(line.over_under_s, sign=True)} against plan"
        return f"Reached zero and ran into overtime{ended}"
    if event.kind == "hard_start":
        dropped = ", ".join(_title(lines, segment_id) for segment_id in detail.get("dropped", []))
        return "Hard start: cut the segment on air" + (f" and dropped {dropped}" if dropped else "")
    return f"studio restarted after a gap of {format_duration(float(detail.get('gap_s', 0)))}; the show clock kept running"


def _title(lines: dict[str, SegmentLine], segment_id: str | None) -> str:
    line = lines.get(segment_id or "")
    return line.title if line else segment_id or ""


def _exhibitors(segments: tuple[SegmentLine, ...], groups: list[OrderGroup], products: list[ProductGroup],
                incidents: tuple[Incident, ...]) -> tuple[ExhibitorLine, ...]:
    first_order = sorted(groups, key=lambda group: group.first_at)  # exhibitors named only by orders: first to sell first
    ids = list(dict.fromkeys([*(line.exhibitor_id for line in segments), *(group.exhibitor_id for group in first_order)]))
    lines = []
    for exhibitor_id in filter(None, ids):
        theirs = tuple(line for line in segments if line.exhibitor_id == exhibitor_id)
        their_groups = [group for group in groups if group.exhibitor_id == exhibitor_id]
        slots = {line.segment_id for line in theirs}
        lines.append(ExhibitorLine(
            exhibitor_id, theirs, _sales(their_groups),
            _products(product for product in products if product.exhibitor_id == exhibitor_id),
            tuple(incident for incident in incidents if incident.segment_id in slots),
            {slot: _sales(group for group in their_groups if group.segment_id == slot) for slot in slots},
            _sales(group for group in their_groups if group.segment_id not in slots)))
    return tuple(sorted(lines, key=lambda line: -line.sales.revenue))


def _products(groups: Iterable[ProductGroup]) -> tuple[ProductLine, ...]:
    lines = (ProductLine(group.name, group.quantity, round(group.revenue, 2)) for group in groups)
    return tuple(sorted(lines, key=lambda line: (-line.revenue, line.name)))
