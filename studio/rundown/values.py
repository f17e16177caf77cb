"""The values a rundown writes as text: durations, times of day, dates, timezones.

Each parser returns the value or raises ValueError with a sentence a director understands.
They are the JSON Schema's custom formats (named in FORMATS) and the loader's converters,
so the check and the conversion cannot disagree.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from datetime import date, datetime, time
from functools import cache
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from studio.rundown.durations import parse_duration
from studio.rundown.problems import did_you_mean

_TIME = re.compile(r"(\d{1,2}):(\d\d)(?::(\d\d))?", re.ASCII)
_MILLISECONDS = re.compile(r"(\d+)\s*ms", re.ASCII)
_SECRET_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*", re.ASCII)


def duration(value: Any) -> float:
    """Seconds: 4m30s, 90s, 1:30, 1h5m, or a number of seconds; a day at most."""
    return parse_duration(value)


def milliseconds(value: Any) -> int:
    """A transition's length in ms: 500ms, 0.5s, 1s; a bare number is milliseconds, as in OBS."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return round(duration(value / 1000) * 1000)
    match = _MILLISECONDS.fullmatch(str(value).strip().lower())
    return round(duration(int(match[1]) / 1000) * 1000) if match else round(duration(value) * 1000)


def money(value: Any) -> float:
    """A price: a finite number (the schema's minimum refuses a negative one)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise ValueError(f"bad price {value!r} (write it like 3490 or 19.90)")
    amount = float(value)
    if not math.isfinite(amount):
        raise ValueError(f"price {value} is not an amount of money (write it like 3490 or 19.90)")
    return amount


def time_of_day(value: Any) -> time:
    """19:30 or 19:30:00, 24-hour clock."""
    match = _TIME.fullmatch(str(value).strip())
    hms = [int(part or 0) for part in match.groups()] if match else []
    if not hms or hms[0] > 23 or hms[1] > 59 or hms[2] > 59:
        raise ValueError(f"bad time of day '{value}' (write it like \"19:30\" or \"19:30:00\")")
    return time(*hms)


def day(value: Any) -> date:
    """2026-11-05 (YAML loads it as a date; quoted, it is text)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"bad date '{value}' (write it like 2026-11-05)") from None


def timezone(value: Any) -> str:
    """An IANA timezone name: Europe/Paris, UTC."""
    name = str(value)
    if not _is_timezone(name):
        hint = did_you_mean(name, _timezones()) or " (use a name like Europe/Paris or UTC)"
        raise ValueError(f"unknown timezone '{name}'{hint}")
    return name


@cache
def _is_timezone(name: str) -> bool:
    """A zone of available_timezones(), found by loading that one zone: listing them all opens every file of the
    tz database (about 25 ms of start-up), and is left for the error message's suggestion."""
    if name == "posixrules" or name.startswith(("posix/", "right/")):  # files there, but not zones of the list
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # ValueError: not a key at all (an absolute path, "..")
        return False
    return True


@cache
def _timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def url(value: Any) -> str:
    """An http(s) address with a host, where a shop action is POSTed."""
    parts = urlsplit(str(value).strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"bad URL '{value}' (write it like https://shop.example/hooks/promo)")
    return str(value).strip()


def secret_name(value: Any) -> str:
    """The name of an environment variable holding a secret: never the secret itself."""
    name = str(value)
    if not _SECRET_NAME.fullmatch(name):
        raise ValueError(f"'{name[:40]}' is not the name of an environment variable (like SERENCO_SHOP_SECRET): "
                         f"the rundown names the secret, it never holds it")
    return name


SHOP_FIELDS = ("show", "show_id", "segment", "segment_title", "exhibitor", "exhibitor_name", "on", "time")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def shop_body(value: Any) -> str:
    """A shop action's JSON body template as JSON text, every {placeholder} known."""
    text = json.dumps(value, ensure_ascii=False)
    for name in _PLACEHOLDER.findall(text):
        if name not in SHOP_FIELDS:
            raise ValueError(f"unknown placeholder {{{name[:40]}}} in the body{did_you_mean(name, SHOP_FIELDS)}; "
                             f"use {', '.join('{' + field + '}' for field in SHOP_FIELDS)}")
    return text


FORMATS: dict[str, Callable[[Any], Any]] = {
    "duration": duration,
    "milliseconds": milliseconds,
    "time-of-day": time_of_day,
    "date": day,
    "timezone": timezone,
    "money": money,
    "url": url,
    "secret-name": secret_name,
    "shop-body": shop_body,
}

# How a type error names what was expected, for values that have a format.
FORMAT_EXAMPLES = {
    "duration": "a duration like 4m30s or 90",
    "milliseconds": "a duration like 500ms",
    "time-of-day": 'a time of day like "19:30"',
    "date": "a date like 2026-11-05",
    "timezone": "a timezone like Europe/Paris",
}
