"""Blocks and delays on the show clock: each block's budget left and its back-time (how far over or
under it will end, with the overtime of the segment on air), and the delays' picture for screens.

Worked out from the rundown table the engine already builds (SegmentTiming rows), so it costs a
tick one pass over the rows and nothing of the engine's own state.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import compress
from operator import is_not

from studio.rundown.blocks import budgets, spans
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


class BlockBook:
    """Each block's timing, worked out again only for the blocks whose rows changed since the last
    state (the engine hands back the same row objects for rows that did not change) and the block on
    air: a tick costs one C-speed pass over the rows and the block on air."""

    def __init__(self, rundown: Rundown) -> None:
        found, budget = spans(rundown), budgets(rundown)
        self.blocks = tuple(PlannedBlock(block.id, block.label, found[block.id], budget[block.id])
                            for block in rundown.blocks if block.id in found)
        self._owner: list[int | None] = [None] * len(rundown.segments)  # segment index -> its block's place
        for place, block in enumerate(self.blocks):
            self._owner[block.span.start:block.span.stop] = [place] * len(block.span)
        self._rows: Sequence[SegmentTiming] = ()
        self._timings: list[BlockTiming | None] = [None] * len(self.blocks)

    def timings(self, rows: Sequence[SegmentTiming], now: datetime, on_air: int | None,
                on_air_end: datetime | None) -> tuple[BlockTiming, ...]:
        """`on_air_end`: when the segment on air is projected to end (now, in overtime)."""
        if not self.blocks:
            return ()
        moved = range(len(rows)) if len(rows) != len(self._rows) else compress(range(len(rows)), map(is_not, self._rows, rows))
        changed = {self._owner[i] for i in moved}
        if on_air is not None:
            changed.add(self._owner[on_air])
        for place in changed:
            if place is not None:
                self._timings[place] = _timing(self.blocks[place], rows, now, on_air_end)
        self._rows = rows
        return tuple(timing for timing in self._timings if timing is not None)


def _timing(block: PlannedBlock, rows: Sequence[SegmentTiming], now: datetime, on_air_end: datetime | None) -> BlockTiming:
    span, budget = block.span, block.budget
    mine = [rows[i] for i in span if rows[i].status not in ("skipped", "not_aired")] or [rows[span.start]]
    start = _start(mine[0])
    end = _end(mine, on_air_end)
    status = ("on_air" if any(row.status == "on_air" for row in mine) else
              "done" if all(row.status == "done" for row in mine) else "upcoming")
    ends_by = start + timedelta(seconds=budget)
    left = budget if status == "upcoming" else (ends_by - (now if status == "on_air" else end)).total_seconds()
    return BlockTiming(block.block_id, block.title, status, span.start, span.stop - 1, budget, start, ends_by, end,
                       left, (end - ends_by).total_seconds())


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
