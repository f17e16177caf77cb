"""Cells: where they are, what is wrong with them, and their values as a rundown writes them.

A cell's value becomes the value the YAML file would hold: text stays text (the loader checks
it, so a bad '4m3x' gets the same sentence as in a YAML file), and what the spreadsheet typed
itself (numbers, times of day, lengths of time, dates) is written the way a rundown writes it.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Callable

from openpyxl.utils import get_column_letter

from studio.rundown.durations import spoken_duration
from studio.spreadsheet.layout import CHOICE, DATE, DURATION, FILE, JSON, MILLISECONDS, NUMBER, TEXT, TIME, YES_NO


@dataclass(frozen=True, order=True)
class Place:
    """A cell; `sheet` is None in a CSV file. Sorts in workbook order."""

    order: int  # the sheet's place in the workbook
    row: int  # 1-based
    column: int  # 1-based
    sheet: str | None = None

    def __str__(self) -> str:
        cell = f"{get_column_letter(self.column)}{self.row}"
        return cell if self.sheet is None else f"{self.sheet}:{cell}"


@dataclass(frozen=True)
class SheetProblem:
    file: str
    place: Place | None  # None: the file as a whole
    message: str
    level: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        where = self.file if self.place is None else f"{self.file}:{self.place}"
        return f"{where}: {'warning: ' if self.level == 'warning' else ''}{self.message}"

    def sort_key(self) -> tuple[Any, ...]:
        return (self.place is not None, self.place or Place(0, 0, 0))


class CellError(ValueError):
    """A value the spreadsheet typed that cannot mean what its column holds."""


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def duration_text(seconds: float) -> str:
    """A length as a rundown writes it, exact to the millisecond: 4m30s, 2.5s, 1h5m."""
    whole = math.floor(seconds)
    fraction = round(seconds - whole, 3)
    if not fraction:
        return spoken_duration(whole)
    above_minute = spoken_duration(whole - whole % 60) if whole >= 60 else ""
    return f"{above_minute}{whole % 60 + fraction:g}s"


def _whole(number: float) -> int | float:
    return int(number) if float(number).is_integer() else number


def _clock_seconds(moment: time) -> float:
    return moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6


def text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return str(_whole(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value).strip()


def choice(value: Any) -> str:
    return text(value).lower()


def duration(value: Any) -> Any:
    """Text as typed; a number is seconds; a spreadsheet time or length of time is h:mm:ss."""
    if isinstance(value, datetime):
        raise CellError(f"{text(value)} is a date, not a duration (write it like 4m30s or 90)")
    if isinstance(value, time):
        return duration_text(_clock_seconds(value))
    if isinstance(value, timedelta):
        return duration_text(value.total_seconds())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _whole(value)
    return text(value)


IMPLAUSIBLE_HOURS = 2  # a time of day in a duration cell from this many hours on is a slip, not a plan


def duration_doubt(value: Any) -> tuple[str, str] | None:
    """Spreadsheets read '4:30' as four and a half hours: (level, sentence) when a duration cell holds
    a time with hours; an error from IMPLAUSIBLE_HOURS on, where no segment, card or cue can mean it."""
    if not isinstance(value, time) or not value.hour:
        return None
    length = spoken_duration(_clock_seconds(value))
    if value.hour >= IMPLAUSIBLE_HOURS:
        return "error", (f"{value:%H:%M:%S} would be {length} long, which cannot be meant: for minutes and seconds "
                         f"write 0:04:30 or 4m30s; for hours, write {length} as text")
    return "warning", f"{value:%H:%M:%S} is {length} long; for minutes and seconds write 0:04:30 or 4m30s"


def milliseconds(value: Any) -> Any:
    """A transition's length: text as typed (500ms, 0.5s); a bare number is milliseconds, as in OBS."""
    if isinstance(value, (time, timedelta)):
        seconds = value.total_seconds() if isinstance(value, timedelta) else _clock_seconds(value)
        return f"{round(seconds * 1000)}ms"
    return duration(value)


def time_of_day(value: Any) -> Any:
    if isinstance(value, datetime):
        raise CellError(f"{text(value)} is a date and time, not a time of day (write it like 19:30)")
    if isinstance(value, time):
        return value.replace(microsecond=0).isoformat()
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else text(value)


def day(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.time() != time():
            raise CellError(f"{text(value)} has a time of day; the show's date is a day (write it like 2026-11-05)")
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(text(value))
    except ValueError:
        return text(value)  # the loader says what a date looks like


def number(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _whole(value)
    try:
        return _whole(float(text(value)))
    except ValueError:
        return text(value)  # the loader says it should be a number


_YES = {"yes", "true", "y", "1", "x", "oui", "ja"}
_NO = {"no", "false", "n", "0", "non", "nein"}


def yes_no(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    word = text(value).lower()
    return True if word in _YES else False if word in _NO else word


def rebased(path: str, origin: Path, destination: Path) -> str:
    """A relative file name written in a file in folder `origin`, as a file in `destination` writes it."""
    if os.path.isabs(path):
        return path
    try:
        return Path(os.path.relpath(os.path.abspath(origin / path), os.path.abspath(destination))).as_posix()
    except ValueError:  # another drive (Windows)
        return Path(os.path.abspath(origin / path)).as_posix()


def json_object(value: Any) -> Any:
    """A JSON object typed in a cell (a shop action's body)."""
    try:
        found = json.loads(text(value))
    except ValueError:
        found = None
    if not isinstance(found, dict):
        raise CellError(f"'{text(value)[:40]}' is not a JSON object (write it like {{\"action\": \"open\"}})")
    return found


READERS: dict[str, Callable[[Any], Any]] = {
    TEXT: text,
    FILE: text,  # then rebased() from the spreadsheet's folder to the rundown's
    CHOICE: choice,
    DURATION: duration,
    MILLISECONDS: milliseconds,
    TIME: time_of_day,
    DATE: day,
    NUMBER: number,
    YES_NO: yes_no,
    JSON: json_object,
}
