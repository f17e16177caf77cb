"""What the schema cannot see: references between entries and the show's timing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import time
from typing import Any

from studio.rundown.problems import Locator, NodePath, Problem, did_you_mean
from studio.rundown.durations import DAY, spoken_duration
from studio.rundown.free_timers import free_timer_problems
from studio.rundown.model import Rundown, ShowInfo


def reference_problems(doc: Any, where: Locator, shared: Iterable[str] = ()) -> Iterator[Problem]:
    """Duplicate ids and SKUs, unknown exhibitors; works on any document, valid or not.

    `shared`: the ids of the exhibitors a day's rundown takes from its project (studio/rundown/project.py)."""
    exhibitors = list(_texts(doc, "exhibitors", "id"))
    project = list(shared)
    for name, at in exhibitors:
        if name in project:
            yield where.problem(at, f"exhibitor '{name}' is in the project's exhibitors too: leave it out here, or rename it")
    yield from _duplicates("segment id", _texts(doc, "segments", "id"), where)
    yield from _duplicates("exhibitor id", exhibitors, where)
    yield from _duplicates("timer name", _texts(doc, "timers", "name"), where)
    skus = (sku for exhibitor, at in _entries(doc, "exhibitors") for sku in _texts(exhibitor, "products", "sku", at))
    yield from _duplicates("SKU", skus, where)
    known = [ident for ident, _ in exhibitors] + project
    ids = set(known)
    for name, at in _texts(doc, "segments", "exhibitor"):
        if name not in ids:
            yield where.problem(at, f"unknown exhibitor '{name}'{did_you_mean(name, known)}")


def timing_problems(rundown: Rundown, where: Locator) -> Iterator[Problem]:
    """Cards and cues past their segment's end, hard starts and the hard out against the plan,
    segments on air for no time, a rundown longer than a day."""
    yield from _past_the_end(rundown, where)
    yield from _hard_starts(rundown, where)
    yield from _hard_out(rundown, where)
    yield from _no_time_on_air(rundown, where)
    yield from _longer_than_a_day(rundown, where)
    yield from free_timer_problems(rundown, where)


def _no_time_on_air(rundown: Rundown, where: Locator) -> Iterator[Problem]:
    for i, segment in enumerate(rundown.segments):
        if segment.end == "auto" and segment.duration <= 0:
            message = ("a 0-second segment with end: auto is on air for no time at all: "
                       "give it a duration, or end: hold to wait for GO")
            yield where.problem(("segments", i, "duration"), message)


def _longer_than_a_day(rundown: Rundown, where: Locator) -> Iterator[Problem]:
    """Times of day place everything within a day from the start (a show may run past midnight)."""
    for i, (offset, segment) in enumerate(zip(rundown.planned_offsets(), rundown.segments)):
        if offset + segment.duration > DAY:
            message = (f"the segments cannot fit the show: segment '{segment.id}' would end "
                       f"{spoken_duration(offset + segment.duration)} after the start, and a rundown runs a day at most "
                       f"(shorten the segments or split the show)")
            yield where.problem(("segments", i, "duration"), message)
            return


def _past_the_end(rundown: Rundown, where: Locator) -> Iterator[Problem]:
    for i, segment in enumerate(rundown.segments):
        for kind, items in (("card", segment.cards), ("cue", segment.cues)):
            for j, item in enumerate(items):
                if item.at > segment.duration:
                    message = f"{kind} at {spoken_duration(item.at)} is past the end of the segment ({spoken_duration(segment.duration)})"
                    yield where.problem(("segments", i, f"{kind}s", j, "at"), message)


def _hard_starts(rundown: Rundown, where: Locator) -> Iterator[Problem]:
    ends = [offset + segment.duration for offset, segment in zip(rundown.planned_offsets(), rundown.segments)]
    previous: tuple[time, NodePath] | None = None
    for i, segment in enumerate(rundown.segments):
        if segment.start is not None:
            at = ("segments", i, "start")
            yield from _hard_start(rundown.show, segment.start, ends[i - 1] if i else 0.0, previous, at, where)
            previous = (segment.start, at)


def _hard_start(
    show: ShowInfo,
    start: time,
    ready: float,
    previous: tuple[time, NodePath] | None,
    at: NodePath,
    where: Locator,
) -> Iterator[Problem]:
    """`ready`: when the segments before it are planned to end, in seconds from the show's start."""
    offset = show.offset_of(start)
    if offset < 0:
        yield where.problem(at, f"hard start {start} is before the show starts ({show.start})")
    elif previous is not None and offset < show.offset_of(previous[0]):  # past midnight, 00:15 follows 23:50
        earlier, line = previous[0], where.line_of(previous[1])
        message = f"hard starts out of order: {start} comes before the hard start {earlier} on line {line}"
        yield where.problem(at, message)
    elif ready > offset:
        message = (
            f"hard start {start} is unreachable: the segments before it are planned to run until "
            f"{clock(show, ready)} ({spoken_duration(ready - offset)} late)"
        )
        yield where.problem(at, message)
    elif ready < offset:
        message = (
            f"dead air of {spoken_duration(offset - ready)} before hard start {start}: "
            f"the segments before it end at {clock(show, ready)}"
        )
        yield where.problem(at, message, level="warning")


def _hard_out(rundown: Rundown, where: Locator) -> Iterator[Problem]:
    show, hard_out, end = rundown.show, rundown.hard_out_offset(), rundown.planned_length()
    at = ("show", "hard_out")
    if hard_out is None:
        return
    if hard_out <= 0:
        yield where.problem(at, f"hard out {show.hard_out} is not after the show start ({show.start})")
    elif end > hard_out:
        message = (
            f"the rundown is planned to run until {clock(show, end)}, "
            f"{spoken_duration(end - hard_out)} past the hard out {show.hard_out}"
        )
        yield where.problem(at, message)


def _entries(node: Any, key: str, at: NodePath = ()) -> Iterator[tuple[dict[Any, Any], NodePath]]:
    """The mappings listed under `key` of `node` (found at `at`), with their paths; none if it holds no list."""
    items = node.get(key) if isinstance(node, dict) else None
    for i, item in enumerate(items if isinstance(items, list) else ()):
        if isinstance(item, dict):
            yield item, (*at, key, i)


def _texts(node: Any, key: str, field: str, at: NodePath = ()) -> Iterator[tuple[str, NodePath]]:
    """The text values of `field` in the mappings listed under `key`, with their paths."""
    for item, path in _entries(node, key, at):
        if isinstance(item.get(field), str):
            yield item[field], (*path, field)


def _duplicates(what: str, found: Iterable[tuple[str, NodePath]], where: Locator) -> Iterator[Problem]:
    first: dict[str, NodePath] = {}
    for value, at in found:
        if value in first:
            yield where.problem(at, f"duplicate {what} '{value}' (first used on line {where.line_of(first[value])})")
        else:
            first[value] = at


def clock(show: ShowInfo, offset: float) -> str:
    """The time of day `offset` seconds after the show's start."""
    seconds = round(show.start.hour * 3600 + show.start.minute * 60 + show.start.second + offset)
    hours, rest = divmod(seconds % 86400, 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"
