"""How times read on the screens: wall clock in the show's timezone, countdowns, over/under."""

from __future__ import annotations

import math
from datetime import datetime, tzinfo

from studio.rundown.durations import format_duration


def clock(moment: datetime | None, tz: tzinfo) -> str:
    return "" if moment is None else moment.astimezone(tz).strftime("%H:%M:%S")


def countdown(remaining: float) -> str:
    """Time left rounded up (so 00:00 shows at zero exactly); overtime counts up as +mm:ss."""
    if remaining >= 0:
        return format_duration(math.ceil(remaining))
    return "+" + format_duration(math.floor(-remaining))


def counted(seconds: float) -> str:
    """Time counted up (a count-up timer, a free timer): whole seconds passed."""
    return format_duration(math.floor(max(0.0, seconds)))


def over_under(seconds: float | None) -> str:
    """'+01:05' long, '-00:30' short, '±00:00' on time."""
    if seconds is None:
        return ""
    if round(seconds) == 0:
        return "±00:00"
    return format_duration(seconds, sign=True)
