"""Durations as people write them in a rundown: 4m30s, 90s, 1:30, 1h5m, 1:02:30 or 90."""

from __future__ import annotations

import math
import re
import reprlib
from functools import lru_cache

DAY = 86400.0  # no duration in a rundown is longer: one day of show
_UNITS = re.compile(r"^(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m)?(?:(?P<s>\d+(?:\.\d+)?)s)?$")
_CLOCK = re.compile(r"^(?:(?P<h>\d+):)?(?P<m>\d+):(?P<s>[0-5]\d(?:\.\d+)?)$")


def parse_duration(value: object) -> float:
    """Seconds for a duration; raises ValueError with a sentence a director understands."""
    if isinstance(value, bool):
        raise ValueError(f"bad duration {value!r}")
    if isinstance(value, str):
        return _parse_text(value)
    if not isinstance(value, (int, float)):
        raise ValueError(f"bad duration {shown(value)} (write it like 4m30s, 90s, 1:30 or 1h5m)")
    if value < 0:
        raise ValueError(f"bad duration {value!r}: it cannot be negative")
    try:
        seconds = float(value)
    except OverflowError:  # an int with hundreds of digits
        seconds = math.inf
    return _plausible(seconds, value)


@lru_cache(maxsize=4096)  # a rundown writes the same few durations again and again
def _parse_text(value: str) -> float:
    text = value.strip().lower().replace(" ", "")
    match = (_UNITS.match(text) if text else None) or _CLOCK.match(text)
    if not match or not any(match.groupdict().values()):
        raise ValueError(f"bad duration {shown(value)} (write it like 4m30s, 90s, 1:30 or 1h5m)")
    hours, minutes, secs = match.group("h", "m", "s")
    try:
        seconds = int(hours or 0) * 3600.0 + int(minutes or 0) * 60 + float(secs or 0)
    except (OverflowError, ValueError):  # 99999...9h; ValueError: more than 4,300 digits
        seconds = math.inf
    return _plausible(seconds, value)


def _plausible(seconds: float, value: object) -> float:
    """Refuse what no show can mean (1e300, .nan, 99999999999999999999h): up to a day, finite."""
    if math.isnan(seconds):
        raise ValueError(f"bad duration {value!r}: it is not a number")
    if seconds > DAY:
        written = f"{value:g}" if isinstance(value, float) else shown(value).strip("'")
        raise ValueError(f"duration {written} is longer than a day: a rundown's durations are 24h at most "
                         f"(write it like 4m30s, 90s, 1:30 or 1h5m)")
    return seconds


def shown(value: object) -> str:
    """A value as a message quotes it: repr(), cut short (a hostile file can hold megabytes)."""
    return _SHORT.repr(value)


_SHORT = reprlib.Repr()  # Python 3.11 takes no settings in the constructor
_SHORT.maxstring = _SHORT.maxother = 60


def spoken_duration(seconds: float) -> str:
    """A length the way people write it in a rundown: 4m30s, 45s, 1h5m."""
    hours, rest = divmod(round(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return "".join(f"{n}{unit}" for n, unit in ((hours, "h"), (minutes, "m"), (secs, "s")) if n) or "0s"


def format_duration(seconds: float, *, sign: bool = False) -> str:
    """mm:ss, or h:mm:ss past an hour; `sign` adds + or - for over/under figures."""
    prefix = ("+" if seconds >= 0 else "-") if sign else ("-" if seconds < 0 else "")
    total = int(round(abs(seconds)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    body = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
    return prefix + body
