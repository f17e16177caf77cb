"""Durations as planners type them in a spreadsheet, read before the loader sees them.

The loader reads a rundown's own forms (4m30s, 90, 4:30, 0:04:30). Planners also type 4'30,
4'30", 4 min, 4 min 30, 1 h 05, 90 sec or 4,5 min; these become the rundown's form (4m30s)
here. Anything else is left as typed, for the loader to say what a duration looks like.

A spreadsheet reads "4:30" typed in a cell as the time 04:30:00, and shows it as 4:30 when the
cell's format has no seconds. Such a cell in a duration column is read as shown: 4m30s.
"""

from __future__ import annotations

import re
from datetime import time, timedelta
from typing import Any

from studio.spreadsheet.cells import duration_text

_UNITS = {"h": 3600, "m": 60, "s": 1}
_SPELLINGS = (  # longest first: the regular expression takes the first that matches
    ("hours", "h"), ("hour", "h"), ("hrs", "h"), ("hr", "h"), ("h", "h"),
    ("minutes", "m"), ("minute", "m"), ("mins", "m"), ("min", "m"), ("mn", "m"), ("m", "m"),
    ("seconds", "s"), ("second", "s"), ("secs", "s"), ("sec", "s"), ("s", "s"),
    ("''", "s"), ('"', "s"), ("″", "s"), ("”", "s"), ("'", "m"), ("′", "m"), ("’", "m"),
)
_UNIT_OF = dict(_SPELLINGS)
_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*(" + "|".join(re.escape(s) for s, _ in _SPELLINGS) + r")?\s*")
_NEXT_SMALLER = {"h": "m", "m": "s"}  # 4'30 and 1 h 05: a bare number after a unit is the next unit down


def planner_duration(value: Any, number_format: str | None = None) -> Any:
    """The cell's duration in the rundown's form when typed as planners do; otherwise the value unchanged."""
    if isinstance(value, str):
        seconds = spoken_seconds(value)
        return value if seconds is None else duration_text(seconds)
    if isinstance(value, (time, timedelta)) and _shows_hours_and_minutes(number_format):
        return _as_shown(value)
    return value


def spoken_seconds(text: str) -> float | None:
    """Seconds for 4'30, 4 min 30, 1h05, 90 sec, 4,5 min; None for anything else (a bare 90 included)."""
    rest, at, parts = text.strip().lower(), 0, []
    while at < len(rest):
        match = _PART.match(rest, at)
        if match is None:
            return None
        number, spelling = match.groups()
        parts.append((float(number.replace(",", ".")), _UNIT_OF.get(spelling or "")))
        at = match.end()
    if not parts or parts[0][1] is None:
        return None  # empty, or a bare number: the loader's (seconds)
    units: list[str] = []
    for index, (_, unit) in enumerate(parts):
        if unit is None:
            if index != len(parts) - 1 or units[-1] not in _NEXT_SMALLER:
                return None
            unit = _NEXT_SMALLER[units[-1]]
        if units and _UNITS[unit] >= _UNITS[units[-1]]:
            return None  # units must go down: 30s 4m is not a duration
        units.append(unit)
    return sum(number * _UNITS[unit] for (number, _), unit in zip(parts, units))


def _shows_hours_and_minutes(number_format: str | None) -> bool:
    """h:mm, [h]:mm, hh:mm: a format that shows what was typed as 4:30 without seconds (not a clock's AM/PM)."""
    if not number_format:
        return False
    shown = re.sub(r'"[^"]*"|\\.', "", number_format).lower()  # quoted text and escaped characters
    return "h" in shown and "m" in shown and "s" not in shown and "am/pm" not in shown and "a/p" not in shown


def _as_shown(value: time | timedelta) -> Any:
    """04:30:00 shown as 4:30 is four minutes thirty: a segment is never hours long where a planner types m:ss."""
    seconds = value.total_seconds() if isinstance(value, timedelta) else value.hour * 3600 + value.minute * 60 + value.second
    if seconds % 60 or seconds >= 86400:
        return value  # seconds the format hides, or days: not something typed as m:ss
    hours, minutes = divmod(int(seconds) // 60, 60)
    return duration_text(hours * 60 + minutes)
