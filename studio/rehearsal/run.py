"""One rehearsal attempt timed on the injected clock: start, next card, stop.

The exhibitor moves on by hand (Next card), so each card's split is when they really got
there; the countdown shows what is left of the current segment's slot and counts on into
overtime, as the presenter screen would. A segment ends when the exhibitor moves past its
last card (to the next segment, or to the end of the run) or presses Stop; each ended
segment becomes a `SegmentResult` handed to `record`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Literal

from studio.show.clock import Anchor, Clock
from studio.rehearsal.pace import count_words
from studio.rehearsal.plan import Mark, RehearsalPlan

Phase = Literal["ready", "running", "done"]
Level = Literal["ok", "warning", "alarm", "overtime"]  # the presenter screen's colours
EndedBy = Literal["next", "finish", "stop"]  # on to the next segment | past the last card | Stop


@dataclass(frozen=True)
class Split:
    card: int
    planned_s: float  # the card's time mark in its segment
    at_s: float  # when the exhibitor got to it, seconds into the segment

    @property
    def late_s(self) -> float:
        return self.at_s - self.planned_s


@dataclass(frozen=True)
class SegmentResult:
    exhibitor_id: str
    rundown_path: str
    segment_id: str
    title: str
    kind: str
    noun: str  # 'pitch', 'demo', 'interview' or the title, for sentences
    started_at: datetime
    planned_s: float
    duration_s: float
    splits: tuple[Split, ...]
    cards: int
    ended_by: EndedBy
    words: int  # words on the segment's cue cards

    @property
    def over_under_s(self) -> float:
        return self.duration_s - self.planned_s

    @property
    def completed(self) -> bool:
        """Every card was reached (Stop on the last card still counts)."""
        return len(self.splits) == self.cards


@dataclass(frozen=True)
class RehearsalState:
    phase: Phase
    segment: int | None  # index in the plan's segments
    card: int | None
    elapsed: float  # in the current segment
    remaining: float  # of its slot; negative in overtime
    level: Level
    run_elapsed: float
    next_mark: Mark | None  # where the exhibitor goes next and when the plan says so
    late_s: float  # how long ago the plan said to be there (0 when on time)


Record = Callable[[SegmentResult], object]


class Rehearsal:
    def __init__(self, plan: RehearsalPlan, clock: Clock, record: Record | None = None) -> None:
        self.plan = plan
        self.clock = clock
        self._record = record
        self.phase: Phase = "ready"
        self.results: list[SegmentResult] = []  # of the current or last attempt
        self._anchor: Anchor | None = None
        self._run_start = self._segment_start = 0.0
        self._segment = self._card = 0
        self._reached: list[float] = []  # split of each card reached in the current segment
        self._ended_at = 0.0

    # ----- the exhibitor's buttons -------------------------------------------------------

    def start(self) -> bool:
        """Start a new attempt; False while one is running."""
        if self.phase == "running":
            return False
        self._anchor = Anchor.take(self.clock)
        self.phase, self.results = "running", []
        self._run_start = self._anchor.mono
        self._begin(0, self._run_start)
        return True

    def next_card(self) -> bool:
        """On to the next card, past the last one into the next segment, or past the very last to the end."""
        if self.phase != "running":
            return False
        now = self.clock.monotonic()
        if self._card + 1 < len(self.plan.segments[self._segment].cards):
            self._card += 1
            self._reached.append(now - self._segment_start)
        elif self._segment + 1 < len(self.plan.segments):
            self._end_segment(now, "next")
            self._begin(self._segment + 1, now)
        else:
            self._end_segment(now, "finish")
            self._finish(now)
        return True

    def stop(self) -> bool:
        if self.phase != "running":
            return False
        now = self.clock.monotonic()
        self._end_segment(now, "stop")
        self._finish(now)
        return True

    # ----- what the screen shows ---------------------------------------------------------

    def state(self) -> RehearsalState:
        now = self.clock.monotonic() if self.phase == "running" else self._ended_at
        if self.phase == "ready":
            first = self.plan.segments[0].segment
            return RehearsalState("ready", None, None, 0.0, first.duration, "ok", 0.0, self.plan.marks[0], 0.0)
        planned = self.plan.segments[self._segment]
        elapsed = now - self._segment_start
        remaining = planned.segment.duration - elapsed
        rundown = self.plan.rundown
        level: Level = ("overtime" if remaining < 0 else "alarm" if remaining <= rundown.alarm_for(planned.segment)
                 else "warning" if remaining <= rundown.warning_for(planned.segment) else "ok")
        run_elapsed = now - self._run_start
        marks = self.plan.marks
        position = self.plan.mark_index(self._segment, self._card)
        following = marks[position + 1] if self.phase == "running" and position + 1 < len(marks) else None
        late = 0.0 if following is None else max(0.0, run_elapsed - following.at)
        return RehearsalState(self.phase, self._segment, self._card, elapsed, remaining, level, run_elapsed, following, late)

    # ----- internals ---------------------------------------------------------------------

    def _begin(self, segment: int, now: float) -> None:
        self._segment, self._card = segment, 0
        self._segment_start = now
        self._reached = [0.0]

    def _end_segment(self, now: float, ended_by: EndedBy) -> None:
        assert self._anchor is not None
        planned = self.plan.segments[self._segment]
        segment = planned.segment
        splits = tuple(Split(i, planned.cards[i].at, round(at, 3)) for i, at in enumerate(self._reached))
        result = SegmentResult(
            self.plan.exhibitor.id, str(self.plan.rundown.path), segment.id, segment.title, segment.kind, planned.noun,
            self._anchor.wall_at(self._segment_start), segment.duration, round(now - self._segment_start, 3), splits,
            len(planned.cards), ended_by, count_words(card.text for card in segment.cards))
        self.results.append(result)
        if self._record is not None:
            self._record(result)

    def _finish(self, now: float) -> None:
        self.phase = "done"
        self._ended_at = now
