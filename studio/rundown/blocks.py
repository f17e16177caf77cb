"""Blocks and delays: what the schema cannot see of them, and the plan with the delays applied.

A block is consecutive segments with one budget (`block:` on each segment, declared in `blocks:`).
A delay is time inserted before a segment: it pushes that segment's soft start and the soft starts
after it up to the next hard start, which stays where it is (a delay that pushes the segments past
it is a conflict, said in a sentence). docs/rundown-format.md describes both.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass

from studio.rundown.checks import _duplicates as duplicates, clock
from studio.rundown.durations import spoken_duration
from studio.rundown.model import Rundown
from studio.rundown.problems import Locator, Problem, did_you_mean


@dataclass(frozen=True)
class Conflict:
    """Applied delays push the segments before a hard start past it."""

    index: int  # the hard start's segment
    delays: tuple[str, ...]  # the delays that push
    ready: float  # when the segments before it now end, seconds from the show's start
    late: float  # seconds past the hard start

    def sentence(self, rundown: Rundown) -> str:
        segment = rundown.segments[self.index]
        names = ", ".join(f"'{delay}'" for delay in self.delays)
        return (f"hard start {segment.start} of '{segment.title}' stays where it is: delay{'s' if len(self.delays) > 1 else ''} "
                f"{names} push{'' if len(self.delays) > 1 else 'es'} the segments before it to {clock(rundown.show, self.ready)}, "
                f"{spoken_duration(self.late)} past it (cancel a delay or shorten a segment)")


def applied_delays(rundown: Rundown) -> frozenset[str]:
    """The delays that count as the show opens."""
    return frozenset(delay.id for delay in rundown.delays if delay.applied)


def delay_shifts(rundown: Rundown, applied: Collection[str]) -> dict[int, tuple[float, tuple[str, ...]]]:
    """Segment index -> (seconds the applied delays insert before it, their ids)."""
    shifts: dict[int, tuple[float, tuple[str, ...]]] = {}
    ids = {segment.id: i for i, segment in enumerate(rundown.segments)}
    for delay in rundown.delays:
        if delay.id in applied and delay.before in ids:
            seconds, names = shifts.get(ids[delay.before], (0.0, ()))
            shifts[ids[delay.before]] = (seconds + delay.duration, (*names, delay.id))
    return shifts


def delayed_offsets(rundown: Rundown, applied: Collection[str]) -> tuple[list[float], list[Conflict]]:
    """Each segment's planned start with the applied delays, and the hard starts they push segments past."""
    offsets: list[float] = []
    conflicts: list[Conflict] = []
    shifts = delay_shifts(rundown, applied)
    shift, pushing = 0.0, tuple[str, ...]()
    ready = written_ready = 0.0  # where the segments so far end, with and without the delays
    for i, (written, segment) in enumerate(zip(rundown.planned_offsets(), rundown.segments)):
        seconds, names = shifts.get(i, (0.0, ()))
        shift, pushing = shift + seconds, (*pushing, *names)
        if segment.start is None:
            offsets.append(written + shift)
        else:
            if pushing and i and ready + seconds > written >= written_ready:
                conflicts.append(Conflict(i, pushing, ready + seconds, ready + seconds - written))
            offsets.append(written)
            shift, pushing = 0.0, ()
        ready, written_ready = offsets[-1] + segment.duration, written + segment.duration
    return offsets, conflicts


def spans(rundown: Rundown) -> dict[str, range]:
    """Each block's segments, by index (from its first segment to its last)."""
    found: dict[str, range] = {}
    for i, segment in enumerate(rundown.segments):
        if segment.block is not None:
            first = found[segment.block].start if segment.block in found else i
            found[segment.block] = range(first, i + 1)
    return found


def budgets(rundown: Rundown) -> dict[str, float]:
    """Each block's budget, or the sum of its segments' durations when it has none (one pass over the segments)."""
    planned = lengths(rundown)
    return {block.id: planned.get(block.id, 0.0) if block.budget is None else block.budget for block in rundown.blocks}


def lengths(rundown: Rundown) -> dict[str, float]:
    """The sum of each block's segments' durations."""
    found: dict[str, float] = {}
    for segment in rundown.segments:
        if segment.block is not None:
            found[segment.block] = found.get(segment.block, 0.0) + segment.duration
    return found


def block_problems(rundown: Rundown, where: Locator) -> Iterator[Problem]:
    yield from duplicates("block id", ((block.id, ("blocks", j, "id")) for j, block in enumerate(rundown.blocks)), where)
    yield from duplicates("delay id", ((delay.id, ("delays", j, "id")) for j, delay in enumerate(rundown.delays)), where)
    yield from _membership(rundown, where)
    yield from _budgets(rundown, where)
    segment_ids = [segment.id for segment in rundown.segments]
    for j, delay in enumerate(rundown.delays):
        if delay.before not in segment_ids:
            yield where.problem(("delays", j, "before"), f"unknown segment '{delay.before}'{did_you_mean(delay.before, segment_ids)}")
    for conflict in delayed_offsets(rundown, applied_delays(rundown))[1]:
        yield where.problem(("segments", conflict.index, "start"), conflict.sentence(rundown), level="warning")


def _membership(rundown: Rundown, where: Locator) -> Iterator[Problem]:
    known = [block.id for block in rundown.blocks]
    last: dict[str, int] = {}
    for i, segment in enumerate(rundown.segments):
        name = segment.block
        if name is None:
            continue
        at = ("segments", i, "block")
        if name not in known:
            yield where.problem(at, f"unknown block '{name}'{did_you_mean(name, known)}; declare it in blocks:")
        elif name in last and last[name] != i - 1:
            between = rundown.segments[last[name] + 1]
            yield where.problem(at, f"the segments of block '{name}' must follow each other: segment '{between.id}' "
                                    f"(line {where.line_of(('segments', last[name] + 1))}) is between them")
        last[name] = i
    for j, block in enumerate(rundown.blocks):
        if block.id not in last:
            yield where.problem(("blocks", j, "id"), f"no segment is in block '{block.id}' (give segments block: {block.id})",
                                level="warning")


def _budgets(rundown: Rundown, where: Locator) -> Iterator[Problem]:
    planned_lengths = lengths(rundown)
    for j, block in enumerate(rundown.blocks):
        planned = planned_lengths.get(block.id, 0.0)
        if block.budget is not None and planned > block.budget:
            message = (f"block '{block.id}' is planned {spoken_duration(planned - block.budget)} over its budget: "
                       f"its segments take {spoken_duration(planned)}, the budget is {spoken_duration(block.budget)}")
            yield where.problem(("blocks", j, "budget"), message, level="warning")
