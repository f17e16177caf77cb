"""Immutable pictures of a show at one instant, for screens, the CLI and the HTTP API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from studio.show.events import Phase


@dataclass(frozen=True)
class SegmentTiming:
    index: int
    segment_id: str
    title: str
    status: str  # done | on_air | next | upcoming | skipped | not_aired
    planned_start: datetime
    planned_duration: float
    projected_start: datetime | None  # for what is still to come
    actual_start: datetime | None
    actual_duration: float | None
    over_under: float | None  # actual - planned, once aired


@dataclass(frozen=True)
class HardStart:
    segment_id: str
    at: datetime
    to_go: float  # seconds from now
    slack: float  # seconds to spare before it (negative: the segment before it gets cut)


@dataclass(frozen=True)
class BlockTiming:
    """A block's budget against the clock (studio/show/blocks.py works it out from the rows)."""

    block_id: str
    title: str
    status: str  # upcoming | on_air | done
    first: int  # index of its first segment
    last: int  # index of its last segment
    budget: float
    start: datetime  # actual, else projected, else planned start of its first segment
    ends_by: datetime  # start + budget
    end: datetime  # actual, else projected end of its last segment (with the overtime on air)
    left: float  # seconds of budget left: the whole budget before it starts, ends_by - now on air, ends_by - end once done
    over_under: float  # end - ends_by: + over budget, - under


@dataclass(frozen=True)
class DelayTiming:
    """A delay entry of the rundown and whether it counts now."""

    delay_id: str
    before: int  # index of the segment it pushes
    duration: float
    applied: bool
    note: str = ""


@dataclass(frozen=True)
class TimerReading:
    """A free timer now (studio/show/free_timers.py)."""

    name: str
    mode: str  # up | down | to
    seconds: float  # up: counted so far; down and to: left (negative past zero)
    running: bool
    presenter: bool  # the director shows it on the presenter screen
    target: datetime | None = None  # mode to: the instant counted to


@dataclass(frozen=True)
class ShowState:
    at: float  # monotonic
    wall: datetime
    phase: Phase
    on_air: int | None
    next: int | None
    elapsed: float  # on air time of the current segment
    remaining: float  # countdown; negative in overtime
    level: str  # ok | warning | alarm | overtime
    held: bool
    card: int | None  # current cue card of the on-air segment
    drift: float  # running over/under of the show (+ late)
    planned_end: datetime
    projected_end: datetime
    over_under: float  # projected end - planned end
    hard_out: datetime | None
    to_hard_out: float | None
    hard_out_slack: float | None  # hard out - projected end
    next_hard_start: HardStart | None
    segments: tuple[SegmentTiming, ...]
    starts_in: float | None = None  # standby: seconds to the planned start (negative once passed); else None
    blocks: tuple[BlockTiming, ...] = ()
    delays: tuple[DelayTiming, ...] = ()
    conflicts: tuple[str, ...] = ()  # hard starts the applied delays push segments past, as sentences
    timer: str = "countdown"  # what screens show for the segment on air (rundown TIMER_TYPES)
    standing_by: int | None = None  # the next segment, loaded by an end: standby at zero and waiting for GO
    timers: tuple[TimerReading, ...] = ()  # the free timers

    @property
    def on_air_timing(self) -> SegmentTiming | None:
        return None if self.on_air is None else self.segments[self.on_air]
