"""What the engine hands to the as-run log, and what the log gives back to resume a show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any, Iterable, Protocol

from studio.rundown.model import Exhibitor, FreeTimer, Segment

TIMER_STATE = "timer_state"  # the events row kind keeping a free timer's state after each change


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
    timers: tuple[TimerState, ...] = ()  # each free timer's last logged state


@dataclass(frozen=True)
class TimerState:
    """A free timer as the log keeps it: instants on the wall clock, so a resumed show re-bases them on its own."""

    spec: FreeTimer
    banked_s: float  # counted before the last start
    since: datetime | None  # running since
    target: datetime | None  # mode to: the instant counted to

    def detail(self) -> dict[str, Any]:
        """The events row's detail (JSON)."""
        spec = self.spec
        return {"timer": spec.name, "mode": spec.mode, "duration_s": spec.duration,
                "to": None if spec.to is None else spec.to.isoformat(), "presenter": spec.presenter,
                "banked_s": round(self.banked_s, 3), "since": _iso(self.since), "target": _iso(self.target)}

    @classmethod
    def from_detail(cls, detail: dict[str, Any]) -> TimerState:
        to = detail.get("to")
        spec = FreeTimer(str(detail["timer"]), str(detail["mode"]), float(detail.get("duration_s") or 0.0),
                         None if to is None else time.fromisoformat(to), bool(detail.get("presenter")))
        return cls(spec, float(detail.get("banked_s") or 0.0), _instant(detail.get("since")), _instant(detail.get("target")))


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _instant(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


class Recorder(Protocol):
    """The as-run log as the engine sees it. Nothing waits on the database: ids are allocated
    at once, records are written in order as soon as it accepts them, and a refusal never
    raises here (the log reports it with `LogHealth`)."""

    def open_show(self, title: str, rundown_path: str, planned_start: datetime, exhibitors: Iterable[Exhibitor]) -> int:
        """A new show's row; its rundown's `exhibitors` are saved beside it (names for the reports and views)."""
        ...

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
