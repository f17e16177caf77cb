"""How a report writes times, money and exhibitor names: from the show's rundown file when it is
still there, else from what the log itself knows (UTC, fr-FR, the orders' currency)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from studio.rundown.blocks import budgets
from studio.rundown.loader import RundownError, load_rundown
from studio.orders.money import format_money
from studio.report.blocks import PlannedBlock
from studio.report.log import PlannedSegment, ShowLog
from studio.shop.stock import ExhibitorShop

FALLBACK_LOCALE = "fr-FR"
FALLBACK_CURRENCY = "EUR"


@dataclass(frozen=True)
class Look:
    timezone: str = "UTC"
    locale: str = FALLBACK_LOCALE
    currency: str = FALLBACK_CURRENCY
    exhibitor_names: dict[str, str] = field(default_factory=dict)
    rundown_found: bool = False
    planned: tuple[PlannedSegment, ...] = ()  # the rundown's segments: those a cut-off show never reached
    blocks: tuple[PlannedBlock, ...] = ()  # the rundown's blocks, for the totals by block
    targets: dict[str, float] = field(default_factory=dict)  # exhibitor id -> sales target (the rundown's)

    @property
    def tz(self) -> tzinfo:
        return ZoneInfo(self.timezone)

    def money(self, amount: float) -> str:
        return format_money(amount, self.currency, self.locale)

    def time(self, moment: datetime | None) -> str:
        return "" if moment is None else moment.astimezone(self.tz).strftime("%H:%M:%S")

    def day(self, moment: datetime) -> str:
        """The show's date: the weekday in English (the report's words), the date in the locale's numbers:
        fr-FR "Thursday 05/11/2026", en-US "Thursday 11/5/2026"."""
        local = moment.astimezone(self.tz).date()
        try:
            locale = Locale.parse(self.locale, sep="-")
            numbers = format_date(local, re.sub("y+", "y", locale.date_formats["short"].pattern), locale=locale)
        except (ValueError, UnknownLocaleError):
            numbers = local.isoformat()
        return f"{_WEEKDAYS[local.weekday()]} {numbers}"

    def exhibitor(self, exhibitor_id: str | None) -> str:
        return "" if exhibitor_id is None else self.exhibitor_names.get(exhibitor_id, exhibitor_id)

    def target(self, exhibitor_id: str, revenue: float) -> str:
        """"Target met: 10 470 € of 10 000 € · 105 %", "3 490 € of 10 000 € target · 35 %", or "" without one."""
        target = self.targets.get(exhibitor_id)
        if target is None:
            return ""
        shop = ExhibitorShop(exhibitor_id, self.exhibitor(exhibitor_id), target, revenue, ())
        return shop.target_words(self.currency, self.locale)


_WEEKDAYS = (  # English, like every word of the report (not the process's locale)
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def look_of(log: ShowLog) -> Look:
    try:
        rundown = load_rundown(Path(log.show.rundown_path))
    except RundownError:  # moved, deleted or broken since the show
        return Look(currency=_most_used_currency(log))
    show = rundown.show
    names = {exhibitor.id: exhibitor.name for exhibitor in rundown.exhibitors.values()}
    planned = tuple(PlannedSegment(segment.id, segment.title, segment.exhibitor, offset, segment.duration)
                    for segment, offset in zip(rundown.segments, rundown.planned_offsets()))
    budget, members = budgets(rundown), defaultdict(list)
    for segment in rundown.segments:
        members[segment.block].append(segment.id)
    blocks = tuple(PlannedBlock(block.id, block.label, budget[block.id], tuple(members[block.id])) for block in rundown.blocks)
    targets = {e.id: e.target for e in rundown.exhibitors.values() if e.target is not None}
    return Look(show.timezone, show.locale, show.currency, names, rundown_found=True, planned=planned, blocks=blocks,
                targets=targets)


def _most_used_currency(log: ShowLog) -> str:
    """The currency most orders carry; on a tie, the one that came first."""
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    for group in log.orders:
        if group.currency:
            counts[group.currency] += group.orders
            first[group.currency] = min(first.get(group.currency, group.first_at), group.first_at)
    return min(counts, key=lambda currency: (-counts[currency], first[currency]), default=FALLBACK_CURRENCY)
