"""The spreadsheet layout of a rundown: which sheets, which columns, what each holds.

docs/spreadsheet-format.md describes it for directors; import and export both read it from here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from studio.rundown.model import END_MODES, FIELD_TYPES, FREE_TIMER_MODES, MEDIA_ACTIONS, SEGMENT_KINDS, SHOP_MOMENTS, TIMER_TYPES, CustomField

# What a cell holds; each kind has its reader in studio/spreadsheet/cells.py.
TEXT, CHOICE, DURATION, MILLISECONDS, TIME, DATE, NUMBER, YES_NO, FILE, JSON = (
    "text", "choice", "duration", "milliseconds", "time", "date", "number", "yes/no", "file", "json")


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
    Column("target", "Target", NUMBER, width=10),  # sales target, in the show's currency
))
PRODUCTS = Table("Products", (
    Column("exhibitor", "Exhibitor", required=True, width=16),
    Column("sku", "SKU", required=True, width=18),
    Column("name", "Name", required=True, width=40, quoted=True),
    Column("price", "Price", NUMBER, width=10),
    Column("stock", "Stock", NUMBER, width=8),
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
    Column("block", "Block", width=14),
    # then a column for each custom field (fields_columns)
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
SHOP = Table("Shop", (
    # a row with At is sent at the segment's cue at that time (a cue of its own if the Cues sheet has none then)
    Column("segment", "Segment", required=True, width=22),
    Column("at", "At", DURATION, width=8),
    Column("on", "On", CHOICE, choices=SHOP_MOMENTS, width=7),
    Column("name", "Name", width=24),
    Column("url", "URL", required=True, width=40),
    Column("secret", "Secret", required=True, width=24),
    Column("body", "Body", JSON, width=50),
))
BLOCKS = Table("Blocks", (
    Column("id", "Id", required=True, width=16),
    Column("title", "Title", width=28),
    Column("budget", "Budget", DURATION, width=10),
))
DELAYS = Table("Delays", (
    Column("id", "Id", required=True, width=16),
    Column("before", "Before", required=True, width=22),
    Column("duration", "Duration", DURATION, required=True, width=10),
    Column("applied", "Applied", YES_NO, width=9),
    Column("note", "Note", width=40),
))
FIELDS = Table("Fields", (
    Column("name", "Name", required=True, width=16),
    Column("type", "Type", CHOICE, choices=FIELD_TYPES, width=10),
    Column("title", "Title", width=24),
    Column("choices", "Choices", width=40),  # separated by commas
))
CHOICES_SEPARATOR = ","
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
TABLES = (SHOW, EXHIBITORS, PRODUCTS, SEGMENTS, CARDS, CUES, SHOP, BLOCKS, DELAYS, FIELDS, TIMERS)  # the workbook's sheets, in order
FIELD_KEY = "fields."  # a custom field's column key: fields.NAME
_FIELD_KINDS = {"number": NUMBER, "yes/no": YES_NO}  # text and choice are text (a choice keeps its case)


def with_fields(fields: Sequence[CustomField]) -> tuple[Table, ...]:
    """The workbook's tables with a Segments column for each custom field, headed by its title."""
    columns = tuple(Column(FIELD_KEY + field.name, field.label, _FIELD_KINDS.get(field.type, TEXT),
                           choices=field.choices if field.type == "choice" else (), width=14) for field in fields)
    return tuple(replace(table, columns=table.columns + columns) if table is SEGMENTS else table for table in TABLES)


def order_of(table: Table) -> int:
    """The sheet's place in the workbook."""
    return [each.sheet for each in TABLES].index(table.sheet)
SHOW_HEADER = ("Setting", "Value")  # the Show sheet is two columns: a setting per row
# Media files are named relative to the file that names them: the rundown, or the spreadsheet.


def folded(header: object) -> str:
    """A header or setting name as import compares it: 'Lower third', 'lower_third', 'LOWER-THIRD' are one."""
    return re.sub(r"[\s_.\-]+", " ", str(header)).strip().casefold()
