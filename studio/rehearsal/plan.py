"""What an exhibitor rehearses: their segments in rundown order, laid end to end, with time marks."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Sequence

from studio.rundown.problems import did_you_mean
from studio.rundown.model import Card, Exhibitor, Rundown, Segment

QUESTION_KINDS = ("interview",)  # segments whose cards are the presenter's questions


class RehearsalError(Exception):
    """Nothing to rehearse: a plain sentence for the exhibitor."""


class UnknownExhibitor(RehearsalError):
    pass


@dataclass(frozen=True)
class Mark:
    """Where the exhibitor should be `at` seconds into the run."""

    at: float
    segment: int  # index in RehearsalPlan.segments
    card: int  # index in that segment's cards

    def first_of_segment(self) -> bool:
        return self.card == 0


@dataclass(frozen=True)
class PlannedSegment:
    segment: Segment
    offset: float  # planned start, seconds into the run
    cards: tuple[Card, ...]  # never empty: a segment without cards has one made of its notes or title

    @property
    def asks_questions(self) -> bool:
        return self.segment.kind in QUESTION_KINDS

    @property
    def noun(self) -> str:
        return noun_of(self.segment.kind, self.segment.title)


@dataclass(frozen=True)
class RehearsalPlan:
    rundown: Rundown
    exhibitor: Exhibitor
    segments: tuple[PlannedSegment, ...]

    @property
    def length(self) -> float:
        last = self.segments[-1]
        return last.offset + last.segment.duration

    @cached_property
    def marks(self) -> tuple[Mark, ...]:
        return tuple(Mark(planned.offset + card.at, s, c)
                     for s, planned in enumerate(self.segments) for c, card in enumerate(planned.cards))

    @property
    def questions(self) -> tuple[str, ...]:
        """The interview questions: the cards of the interview segments, in order."""
        return tuple(card.text for planned in self.segments if planned.asks_questions for card in planned.cards)

    def mark_index(self, segment: int, card: int) -> int:
        return sum(len(planned.cards) for planned in self.segments[:segment]) + card

    def describe(self, mark: Mark) -> str:
        """'at 4:00 you should be on: Serenco — live demo' (a segment's start) or on a card's first line."""
        planned = self.segments[mark.segment]
        what = planned.segment.title if mark.first_of_segment() else first_line(planned.cards[mark.card].text)
        return f"at {minutes(mark.at)} you should be on: {what}"

    def with_segments(self, segment_ids: Sequence[str]) -> RehearsalPlan:
        """The same exhibitor rehearsing only some of their segments (e.g. the pitch alone)."""
        return build(self.rundown, self.exhibitor, [p.segment for p in self.segments if p.segment.id in segment_ids])


def plan_for(rundown: Rundown, exhibitor_id: str) -> RehearsalPlan:
    """Every segment of the exhibitor, in rundown order; raises RehearsalError with a sentence."""
    exhibitor = rundown.exhibitors.get(exhibitor_id)
    if exhibitor is None:
        known = sorted(rundown.exhibitors)
        hint = did_you_mean(exhibitor_id, known) or (f" (exhibitors: {', '.join(known)})" if known else "")
        raise UnknownExhibitor(f"{rundown.path} has no exhibitor '{exhibitor_id}'{hint}.")
    segments = [segment for segment in rundown.segments if segment.exhibitor == exhibitor_id]
    if not segments:
        raise RehearsalError(f"{exhibitor.name} ('{exhibitor_id}') has no segment in {rundown.path}: nothing to rehearse.")
    return build(rundown, exhibitor, segments)


def build(rundown: Rundown, exhibitor: Exhibitor, segments: Sequence[Segment]) -> RehearsalPlan:
    planned, offset = [], 0.0
    for segment in segments:
        cards = tuple(sorted(segment.cards, key=lambda card: card.at)) or (Card(segment.notes or segment.title),)
        planned.append(PlannedSegment(segment, offset, cards))
        offset += segment.duration
    return RehearsalPlan(rundown, exhibitor, tuple(planned))


def noun_of(kind: str, title: str) -> str:
    """How a sentence names a segment: 'pitch', 'demo', 'interview', else its title."""
    return kind if kind in ("pitch", "demo", "interview") else title


def minutes(seconds: float) -> str:
    """'2:00', '12:30': how a time mark reads."""
    whole_minutes, secs = divmod(int(round(seconds)), 60)
    return f"{whole_minutes}:{secs:02d}"


def first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""
