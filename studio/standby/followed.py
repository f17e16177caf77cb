"""The primary's show as its push feed tells it, on this studio's clock, and its copy in this studio's as-run log.

A `state` message says which segment is on air and since when, what already aired, what was
skipped, held, paused and cued: enough to resume the show from exactly there. Its instants are
on the primary's clock; `offset_s` (the primary's clock minus this one's) brings them onto this
studio's, so the cut that falls due lands at the same instant it would have on the primary.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from studio.rundown.free_timers import free_timer
from studio.rundown.model import Rundown
from studio.show.recording import LoggedRun, Recorder, ResumePoint, RunEnd, RunStart, TimerState

COPIED = "primary"  # taken_by and ended_by of the runs this studio copied from its primary's feed


@dataclass(frozen=True)
class FollowedRun:
    segment_id: str
    start: datetime
    end: datetime | None  # None: on air
    taken_by: str = COPIED
    ended_by: str = COPIED


@dataclass(frozen=True)
class Followed:
    """One `state` of the primary, every instant on this studio's clock."""

    phase: str  # standby | on_air | paused | ended
    at: datetime  # when the primary read it
    planned_start: datetime
    runs: tuple[FollowedRun, ...]  # in the order they aired; the last one open while on air
    skipped: tuple[str, ...]
    held: bool = False
    extended_s: float = 0.0  # the run on air's extension, with the time it was paused folded in
    next_id: str | None = None
    timers: tuple[TimerState, ...] = ()  # the free timers, each reading taken at `at`

    @property
    def on_air(self) -> str | None:
        return self.runs[-1].segment_id if self.runs and self.runs[-1].end is None else None

    @property
    def live(self) -> bool:
        """True while there is a show to take over (started, not ended)."""
        return self.phase in ("on_air", "paused")


def followed_from(message: dict[str, Any], rundown: Rundown, offset_s: float) -> Followed:
    """A `state` message (docs/push-api.md) read against the same rundown; KeyError/TypeError/ValueError if malformed."""
    def moment(ms: float) -> datetime:
        return datetime.fromtimestamp(ms / 1000 - offset_s, timezone.utc)

    at = moment(message["at"])
    segments = message["segments"]
    known = {segment.id for segment in rundown.segments}
    if [row["id"] for row in segments] != [segment.id for segment in rundown.segments]:
        strange = next((row["id"] for row in segments if row["id"] not in known), None)
        raise ValueError(f"its segment {strange!r} is not in this rundown" if strange else "its segments differ from this rundown's")
    first = rundown.planned_offsets()[0] if rundown.segments else 0.0
    planned_start = moment(segments[0]["planned_start"]) - timedelta(seconds=first)
    on_air = message["on_air"]
    runs = []
    for row in segments:
        if row["status"] == "on_air" or row["actual_start"] is None:
            continue
        start = moment(row["actual_start"])
        runs.append(FollowedRun(row["id"], start, start + timedelta(seconds=row["actual_duration_s"] or 0.0)))
    runs.sort(key=lambda run: run.start)
    held, extended = False, 0.0
    if on_air is not None:
        elapsed = float(on_air["elapsed_s"])
        start = at - timedelta(seconds=elapsed)
        first_aired = next((row["actual_start"] for row in segments if row["id"] == on_air["id"]), None)
        if first_aired is not None and abs((moment(first_aired) - start).total_seconds()) < 0.005:
            start = moment(first_aired)  # aired once: its first start is this run's, to a tenth of a millisecond
        runs.append(FollowedRun(on_air["id"], start, None))
        held = bool(on_air["held"])
        extended = round(float(on_air["remaining_s"]) + elapsed - float(on_air["duration_s"]), 3)
    following = message.get("next")
    return Followed(message["phase"], at, planned_start, tuple(runs),
                    tuple(row["id"] for row in segments if row["status"] == "skipped"), held, extended,
                    None if following is None else following["id"],
                    tuple(_timer(row, rundown, at, moment) for row in message.get("timers", ())))


def _timer(row: dict[str, Any], rundown: Rundown, at: datetime, moment: Callable[[float], datetime]) -> TimerState:
    """A free timer of the state as a resume restores it: its reading at `at`, running on from there. Its spec is
    this rundown's when declared (a reset gives the same), else what the state says (a timer made live)."""
    seconds, mode = float(row["seconds"]), row["mode"]
    target = None if row.get("target") is None else moment(row["target"])
    declared = next((timer for timer in rundown.timers if timer.name == row["name"]), None)
    spec = replace(declared, presenter=bool(row["presenter"])) if declared is not None else free_timer(
        row["name"], mode, seconds if mode == "down" else 0.0,
        None if target is None else target.astimezone(rundown.show.tz).time().replace(microsecond=0), bool(row["presenter"]))
    counted = seconds if mode == "up" else spec.duration - seconds if mode == "down" else 0.0
    return TimerState(spec, counted, at if row["running"] else None, target)


def caught_up(followed: Followed, rundown: Rundown, now: datetime) -> Followed:
    """The show as the primary would have it at `now`: an automatic segment whose time ran out since its last state
    ended at its planned instant and the next was taken then, so the standby cuts to it at once and the rest of the
    show keeps its plan (a resume after a crash would start it now and push the rest back)."""
    if followed.phase != "on_air" or followed.held or followed.on_air is None:
        return followed
    segments = rundown.segments
    runs, extended, cued = list(followed.runs), followed.extended_s, followed.next_id
    while True:
        run = runs[-1]
        index = rundown.index_of(run.segment_id)
        zero = run.start + timedelta(seconds=segments[index].duration + extended)
        following = cued or next((s.id for s in segments[index + 1:] if s.id not in followed.skipped), None)
        if segments[index].end != "auto" or zero > now or following is None:
            break
        runs[-1] = replace(run, end=zero, ended_by="auto")
        runs.append(FollowedRun(following, zero, None, taken_by="auto"))
        extended, cued = 0.0, None
    return replace(followed, runs=tuple(runs), extended_s=extended, next_id=cued)


def copy_into(recorder: Recorder, rundown: Rundown, followed: Followed, last_seen: datetime) -> ResumePoint:
    """Write the primary's show into this studio's as-run log (its runs marked taken and ended by "primary") and
    return the point the engine resumes from: the run on air stays open, with its extension and hold."""
    show_id = recorder.open_show(rundown.show.title, str(rundown.path.resolve()), followed.planned_start,
                                 rundown.exhibitors.values())
    planned = {segment.id: followed.planned_start + timedelta(seconds=offset)
               for segment, offset in zip(rundown.segments, rundown.planned_offsets())}
    by_id = {segment.id: segment for segment in rundown.segments}
    logged: list[LoggedRun] = []
    ending: RunEnd | None = None
    for run in followed.runs:
        segment = by_id[run.segment_id]
        row = recorder.transition(show_id, ending, RunStart(segment, planned[segment.id], run.start, run.taken_by)) or 0
        ending = None
        if run.end is not None:
            duration = (run.end - run.start).total_seconds()
            ending = RunEnd(row, run.end, duration, duration - segment.duration, run.ended_by)
        else:
            recorder.update_run(row, extended_s=followed.extended_s, held=followed.held)
        logged.append(LoggedRun(row, segment.id, run.start, run.end, None if run.end is None else run.ended_by, run.taken_by,
                                followed.extended_s if run.end is None else 0.0,
                                followed.held if run.end is None else False))
    if ending is not None:
        recorder.transition(show_id, ending, None)
    for segment_id in followed.skipped:
        recorder.skipped(show_id, by_id[segment_id], planned[segment_id])
        logged.append(LoggedRun(0, segment_id, None, None, "skip", None, 0.0, False))
    started = followed.runs[0].start if followed.runs else None
    return ResumePoint(show_id, followed.planned_start, started, last_seen, tuple(logged), timers=followed.timers)
