"""Blocks and delays on the show clock: each block's budget left and its back-time (how far over or
under it will end, with the overtime of the segment on air), and the delays' picture for screens.

Worked out from the rundown table the engine already builds (SegmentTiming rows), so it costs a
tick one pass over the rows and nothing of the engine's own state.
"""

from __future__ import annotations

import operator
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from studio.rundown.blocks import budget_of, spans
from studio.rundown.model import Rundown
from studio.show.snapshot import BlockTiming, DelayTiming, SegmentTiming

_AIRED = ("done", "on_air")


@dataclass(frozen=True)
class PlannedBlock:
    """A block as the engine plans it once (per rundown): its segments' indexes and its budget."""

    block_id: str
    title: str
    span: range
    budget: float


def planned_blocks(rundown: Rundown) -> tuple[PlannedBlock, ...]:
    found = spans(rundown)
    return tuple(PlannedBlock(block.id, block.label, found[block.id], budget_of(rundown, block))
                 for block in rundown.blocks if block.id in found)


Made = dict[str, tuple[list[SegmentTiming], BlockTiming]]  # block id -> the rows a timing was made from, and it


def block_timings(blocks: Sequence[PlannedBlock], rows: Sequence[SegmentTiming], now: datetime,
                  on_air_end: datetime | None, made: Made) -> tuple[BlockTiming, ...]:
    """`on_air_end`: when the segment on air is projected to end (now, in overtime). `made` keeps what was
    worked out last time: a block off air whose rows are the same objects (the engine reuses unchanged
    rows) keeps its timing, so a tick costs only the block on air."""
    timings = []
    for block in blocks:
        span, budget = block.span, block.budget
        rows_now = list(rows[span.start:span.stop])
        before = made.get(block.block_id)
        if before is not None and before[1].status != "on_air" and all(map(operator.is_, before[0], rows_now)):
            timings.append(before[1])
            continue
        mine = [row for row in rows_now if row.status not in ("skipped", "not_aired")] or rows_now[:1]
        start = _start(mine[0])
        end = _end(mine, on_air_end)
        status = ("on_air" if any(row.status == "on_air" for row in mine) else
                  "done" if all(row.status == "done" for row in mine) else "upcoming")
        ends_by = start + timedelta(seconds=budget)
        left = budget if status == "upcoming" else (ends_by - (now if status == "on_air" else end)).total_seconds()
        timing = BlockTiming(block.block_id, block.title, status, span.start, span.stop - 1, budget, start, ends_by, end,
                             left, (end - ends_by).total_seconds())
        made[block.block_id] = (rows_now, timing)
        timings.append(timing)
    return tuple(timings)


def delay_timings(rundown: Rundown, applied: Collection[str]) -> tuple[DelayTiming, ...]:
    ids = {segment.id: i for i, segment in enumerate(rundown.segments)}
    return tuple(DelayTiming(delay.id, ids[delay.before], delay.duration, delay.id in applied, delay.note)
                 for delay in rundown.delays if delay.before in ids)


def _start(row: SegmentTiming) -> datetime:
    return row.actual_start or row.projected_start or row.planned_start


def _end(rows: Sequence[SegmentTiming], on_air_end: datetime | None) -> datetime:
    """When the last of these segments ends: projected for one still to come, else as aired."""
    ends = []
    for row in rows:
        if row.status == "on_air" and on_air_end is not None:
            ends.append(on_air_end)
        elif row.status in _AIRED and row.actual_start is not None:
            ends.append(row.actual_start + timedelta(seconds=row.actual_duration or 0.0))
        else:
            ends.append(_start(row) + timedelta(seconds=row.planned_duration))
    return max(ends)


def current_block(blocks: Sequence[BlockTiming]) -> BlockTiming | None:
    """The block on air, else the next one to come (what a screen shows of the blocks)."""
    return next((b for b in blocks if b.status == "on_air"), None) or next((b for b in blocks if b.status == "upcoming"), None)
