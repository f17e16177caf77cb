"""The spreadsheet layout of a rundown: which sheets, which columns, what each holds.

docs/spreadsheet-format.md describes it for directors; import and export both read it from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from studio.rundown.model import END_MODES, FREE_TIMER_MODES, MEDIA_ACTIONS, SEGMENT_KINDS, TIMER_TYPES

# What a cell holds; each kind has its reader in studio/spreadsheet/cells.py.
TEXT, CHOICE, DURATION, MILLISECONDS, TIME, DATE, NUMBER, YES_NO, FILE = (
    "text", "choice", "duration", "milliseconds", "time", "date", "number", "yes/no", "file")


@dataclass(frozen=True)
class Column:
    key: str  # the rundown's key (a dotted path for the Show sheet: obs.url)
    header: str  # as export writes it; import matches it ignoring case, spaces, '_' and '-'
    kind: str = TEXT
    required: bool = False  # the column must be there, and a row must fill it
    choices: tuple[str, ...] = ()
    width: int = 14  # export's column width, in characters
    quoted: bool = False  # import writes it "in double quotes", as the sample rundowns write such text


@dataclass(frozen=True)
class Table:
    sheet: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)


SHOW = Table("Show", (
    Column("title", "Title", required=True),
    Column("date", "Date", DATE),
    Column("timezone", "Timezone"),
    Column("start", "Start", TIME, required=True),
    Column("hard_out", "Hard out", TIME),
    Column("warning", "Warning", DURATION),
    Column("alarm", "Alarm", DURATION),
    Column("currency", "Currency"),
    Column("locale", "Locale"),
    Column("obs.url", "OBS url"),
    Column("obs.lower_third", "OBS lower third"),
    Column("obs.ticker", "OBS ticker"),
    Column("obs.record", "OBS record", YES_NO),
    Column("obs.stream", "OBS stream", YES_NO),
))
EXHIBITORS = Table("Exhibitors", (
    Column("id", "Id", required=True, width=16),
    Column("name", "Name", required=True, width=28),
    Column("notes", "Notes", width=50),
))
PRODUCTS = Table("Products", (
    Column("exhibitor", "Exhibitor", required=True, width=16),
    Column("sku", "SKU", required=True, width=18),
    Column("name", "Name", required=True, width=40, quoted=True),
    Column("price", "Price", NUMBER, width=10),
))
SEGMENTS = Table("Segments", (
    Column("id", "Id", required=True, width=22),
    Column("title", "Title", required=True, width=36),
    Column("kind", "Kind", CHOICE, choices=SEGMENT_KINDS, width=10),
    Column("exhibitor", "Exhibitor", width=14),
    Column("duration", "Duration", DURATION, required=True, width=10),
    Column("start", "Start", TIME, width=10),
    Column("end", "End", CHOICE, choices=END_MODES, width=7),
    Column("scene", "Scene", width=16),
    Column("notes", "Notes", width=40),  # the columns up to here print; the ones after are OBS's
    Column("transition", "Transition", width=12),
    Column("transition_duration", "Transition duration", MILLISECONDS, width=10),
    Column("lower_third", "Lower third", width=36),
    Column("clip", "Clip", FILE, width=30),
    Column("warning", "Warning", DURATION, width=9),
    Column("alarm", "Alarm", DURATION, width=9),
    Column("timer", "Timer", CHOICE, choices=TIMER_TYPES, width=11),
))
CARDS = Table("Cards", (
    Column("segment", "Segment", required=True, width=22),
    Column("at", "At", DURATION, width=8),
    Column("text", "Text", required=True, width=70, quoted=True),
))
CUES = Table("Cues", (
    # a row with only a text source (and its text) adds it to the cue above
    Column("segment", "Segment", required=True, width=22),
    Column("at", "At", DURATION, required=True, width=8),
    Column("scene", "Scene", width=16),
    Column("text_source", "Text source", width=16),
    Column("text", "Text", width=44, quoted=True),
    Column("clip", "Clip", FILE, width=30),
    Column("media", "Media", width=12),
    Column("action", "Action", CHOICE, choices=MEDIA_ACTIONS, width=9),
    Column("message", "Message", width=20),
))
TIMERS = Table("Timers", (  # the free timers
    Column("name", "Name", required=True, width=20),
    Column("mode", "Mode", CHOICE, choices=FREE_TIMER_MODES, width=7),
    Column("duration", "Duration", DURATION, width=10),
    Column("to", "To", TIME, width=10),
    Column("presenter", "Presenter", YES_NO, width=10),
))
# Columns export adds to the Segments sheet, worked out by the spreadsheet's own formulas from Duration
# and Start; import passes over them without a word.
PLANNED_START, RUNNING_TOTAL = "Planned start", "Running total"
COMPUTED = (PLANNED_START, RUNNING_TOTAL)
TABLES = (SHOW, EXHIBITORS, PRODUCTS, SEGMENTS, CARDS, CUES, TIMERS)  # the workbook's sheets, in order
SHOW_HEADER = ("Setting", "Value")  # the Show sheet is two columns: a setting per row
# Media files are named relative to the file that names them: the rundown, or the spreadsheet.


def folded(header: object) -> str:
    """A header or setting name as import compares it: 'Lower third', 'lower_third', 'LOWER-THIRD' are one."""
    return re.sub(r"[\s_.\-]+", " ", str(header)).strip().casefold()
