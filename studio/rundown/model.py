"""The rundown: a show's timed list of segments, as loaded from its YAML file.

Times of day in a rundown (the show's start, hard starts, the hard out) are read in the
show's timezone and placed relative to the show's start, so the same rundown can be run
on another day or shifted with `--start` and keep its shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

SEGMENT_KINDS = ("opening", "pitch", "demo", "interview", "break", "vt", "closing", "other")
END_MODES = ("auto", "hold", "standby")  # standby: at zero, load the next segment and wait for GO
TIMER_TYPES = ("countdown", "count_up", "time_of_day", "none")  # what screens show for a segment
FREE_TIMER_MODES = ("up", "down", "to")  # free timers: count up, count down, count to a time of day
HALF_DAY = 43200.0  # a time of day more than this before the show's start (on the clock) is after midnight
MEDIA_ACTIONS = ("restart", "stop")
FIELD_TYPES = ("text", "number", "choice", "yes/no")  # custom fields' types (studio/rundown/fields.py checks values)
SHOP_MOMENTS = ("start", "end")  # when a segment's shop action fires (a cue's fires at the cue)


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    price: float | None = None
    stock: int | None = None  # units on sale; None: not counted


@dataclass(frozen=True)
class Exhibitor:
    id: str
    name: str
    products: tuple[Product, ...] = ()
    notes: str = ""
    target: float | None = None  # sales target: revenue in the show's currency


@dataclass(frozen=True)
class ShopAction:
    """An outbound webhook to a shop, sent by studio/shop/actions.py (e.g. open a promo code)."""

    url: str
    secret: str  # the environment variable (or keyring entry) holding the HMAC key, never the key
    on: str = "start"  # start | end of the segment; a cue's action fires at the cue
    body: str = ""  # the JSON body template (placeholders like {segment}), "" for the default body
    name: str = ""  # what logs call it


@dataclass(frozen=True)
class Card:
    text: str
    at: float = 0.0  # seconds into the segment


@dataclass(frozen=True)
class Cue:
    """A timed action inside a segment; each field that is set is one thing to do."""

    at: float
    scene: str | None = None
    texts: tuple[tuple[str, str], ...] = ()  # (OBS text source, text)
    media: str | None = None  # OBS media input to act on
    media_action: str = "restart"
    message: str | None = None  # director message to the presenter screen
    clip: str | None = None  # media file to play (relative to the rundown); in `media` when OBS drives it
    shop: tuple[ShopAction, ...] = ()  # shop webhooks sent at the cue


@dataclass(frozen=True)
class Transition:
    name: str
    duration_ms: int | None = None


@dataclass(frozen=True)
class Segment:
    id: str
    title: str
    duration: float
    kind: str = "other"
    exhibitor: str | None = None
    scene: str | None = None
    start: time | None = None  # hard start, time of day in the show's timezone
    end: str = "hold"
    warning: float | None = None  # seconds left that turn the countdown amber
    alarm: float | None = None  # seconds left that turn it red
    transition: Transition | None = None
    lower_third: str | None = None
    notes: str = ""
    cards: tuple[Card, ...] = ()
    cues: tuple[Cue, ...] = ()
    clip: str | None = None  # media file played when the segment goes on air (relative to the rundown)
    block: str | None = None  # the id of the block it belongs to (rundown.blocks)
    fields: tuple[tuple[str, Any], ...] = ()  # custom fields: (name, value), as declared in rundown.fields
    shop: tuple[ShopAction, ...] = ()  # shop webhooks sent at the segment's start or end
    timer: str = "countdown"  # one of TIMER_TYPES


@dataclass(frozen=True)
class Block:
    """Consecutive segments with one budget (an exhibitor's slot, a part of the evening)."""

    id: str
    title: str = ""
    budget: float | None = None  # seconds; None: the sum of its segments' durations

    @property
    def label(self) -> str:
        return self.title or self.id


@dataclass(frozen=True)
class Delay:
    """Time inserted before a segment: it pushes the soft starts from there to the next hard start."""

    id: str
    before: str  # a segment id
    duration: float
    applied: bool = True  # as the show opens; the `delay` command applies or cancels it live
    note: str = ""


@dataclass(frozen=True)
class CustomField:
    """A field every segment may fill, declared once in the show."""

    name: str
    type: str = "text"  # one of FIELD_TYPES
    title: str = ""
    choices: tuple[str, ...] = ()  # for type: choice

    @property
    def label(self) -> str:
        return self.title or self.name


@dataclass(frozen=True)
class FreeTimer:
    """A named timer beside the show's (a Q&A clock, a countdown to the doors), declared in the rundown or made live."""

    name: str
    mode: str = "up"  # one of FREE_TIMER_MODES
    duration: float = 0.0  # mode down: the length counted down
    to: time | None = None  # mode to: the time of day counted to (show timezone; past it, the next day's)
    presenter: bool = False  # shown on the presenter screen (the views show every timer)


@dataclass(frozen=True)
class ShowInfo:
    title: str
    start: time
    date: date | None = None
    timezone: str = "UTC"
    hard_out: time | None = None
    warning: float = 60.0
    alarm: float = 15.0
    currency: str = "EUR"  # ISO 4217
    locale: str = "fr-FR"  # how money is written on screen and in reports
    obs: dict[str, Any] = field(default_factory=dict)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def offset_of(self, moment: time) -> float:
        """Seconds from the show's start to a time of day in the show's timezone.

        A show may cross midnight: a time more than 12 hours earlier on the clock than the start
        is the next day's (01:00 in a 23:30 show is 1h30m in); one less than 12 hours earlier is
        before the start (negative), which the checks refuse."""
        offset = _seconds(moment) - _seconds(self.start)
        return offset + 2 * HALF_DAY if offset < -HALF_DAY else offset

    def planned_start(self, today: date) -> datetime:
        """The planned start as an aware datetime on the rundown's date, or on `today` if it has none."""
        return datetime.combine(self.date or today, self.start, tzinfo=self.tz)


@dataclass(frozen=True)
class Rundown:
    path: Path
    show: ShowInfo
    exhibitors: dict[str, Exhibitor]
    segments: tuple[Segment, ...]
    blocks: tuple[Block, ...] = ()
    delays: tuple[Delay, ...] = ()
    fields: tuple[CustomField, ...] = ()
    timers: tuple[FreeTimer, ...] = ()  # free timers declared in the rundown

    def index_of(self, segment_id: str) -> int:
        for i, segment in enumerate(self.segments):
            if segment.id == segment_id:
                return i
        raise KeyError(segment_id)

    def media_path(self, clip: str) -> Path:
        """Where a clip named in the rundown is: paths are relative to the rundown file."""
        return self.path.parent / clip

    def warning_for(self, segment: Segment) -> float:
        return self.show.warning if segment.warning is None else segment.warning

    def alarm_for(self, segment: Segment) -> float:
        return self.show.alarm if segment.alarm is None else segment.alarm

    def planned_offsets(self) -> list[float]:
        """Each segment's planned start, in seconds from the show's start.

        Soft starts follow the previous segment's planned end; a hard start is pinned to
        its time of day (a gap or an overlap before it is reported by the validator).
        """
        offsets, t = [], 0.0
        for segment in self.segments:
            if segment.start is not None:
                t = self.show.offset_of(segment.start)
            offsets.append(t)
            t += segment.duration
        return offsets

    def planned_length(self) -> float:
        offsets = self.planned_offsets()
        return offsets[-1] + self.segments[-1].duration if offsets else 0.0

    def hard_out_offset(self) -> float | None:
        return None if self.show.hard_out is None else self.show.offset_of(self.show.hard_out)


def _seconds(moment: time) -> float:
    return timedelta(hours=moment.hour, minutes=moment.minute, seconds=moment.second).total_seconds()
