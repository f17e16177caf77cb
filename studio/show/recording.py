"""What the engine hands to the as-run log, and what the log gives back to resume a show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from studio.rundown.model import Segment


@dataclass(frozen=True)
class RunStart:
    segment: Segment
    planned_start: datetime
    actual_start: datetime
    taken_by: str


@dataclass(frozen=True)
class RunEnd:
    row_id: int
    actual_end: datetime
    actual_duration_s: float
    over_under_s: float
    ended_by: str


@dataclass(frozen=True)
class LoggedRun:
    """A segment run as the log kept it, for resuming after a crash."""

    row_id: int
    segment_id: str
    actual_start: datetime | None
    actual_end: datetime | None
    ended_by: str | None
    taken_by: str | None
    extended_s: float
    held: bool


@dataclass(frozen=True)
class ResumePoint:
    show_id: int
    planned_start: datetime
    started_at: datetime | None
    last_seen: datetime
    runs: tuple[LoggedRun, ...]
    delays: tuple[tuple[str, bool], ...] = ()  # the delay command's (delay id, applied), in the order given


class Recorder(Protocol):
    """The as-run log as the engine sees it. Nothing waits on the database: ids are allocated
    at once, records are written in order as soon as it accepts them, and a refusal never
    raises here (the log reports it with `LogHealth`)."""

    def open_show(self, title: str, rundown_path: str, planned_start: datetime) -> int: ...

    def transition(self, show_id: int, end: RunEnd | None, start: RunStart | None) -> int | None:
        """End one run and start the next in one transaction; the show's start is its first run's."""
        ...

    def skipped(self, show_id: int, segment: Segment, planned_start: datetime, *, how: str = "skip") -> None:
        """A segment that will not air; `how` (skip, jump, set_next) becomes its ended_by."""
        ...

    def update_run(self, row_id: int, *, extended_s: float, held: bool) -> None: ...

    def close_show(self, show_id: int, ended_at: datetime) -> None: ...

    def event(self, show_id: int | None, at: datetime, kind: str, detail: dict[str, Any]) -> None:
        """Director actions, warnings, notices."""
        ...
