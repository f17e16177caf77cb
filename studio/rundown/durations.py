"""Durations as people write them in a rundown: 4m30s, 90s, 1:30, 1h5m, 1:02:30 or 90."""

from __future__ import annotations

import re

_UNITS = re.compile(r"^(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m)?(?:(?P<s>\d+(?:\.\d+)?)s)?$")
_CLOCK = re.compile(r"^(?:(?P<h>\d+):)?(?P<m>\d+):(?P<s>[0-5]\d(?:\.\d+)?)$")


def parse_duration(value: object) -> float:
    """Seconds for a duration; raises ValueError with a sentence a director understands."""
    if isinstance(value, bool):
        raise ValueError(f"bad duration {value!r}")
    if isinstance(value, (int, float)):
        if value < 0:
            raise ValueError(f"bad duration {value!r}: it cannot be negative")
        return float(value)
    text = str(value).strip().lower().replace(" ", "")
    match = (_UNITS.match(text) if text else None) or _CLOCK.match(text)
    if not match or not any(match.groupdict().values()):
        raise ValueError(f"bad duration {value!r} (write it like 4m30s, 90s, 1:30 or 1h5m)")
    parts = match.groupdict()
    return int(parts["h"] or 0) * 3600 + int(parts["m"] or 0) * 60 + float(parts["s"] or 0)


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
