"""The report's totals by block: each block's air time against its budget, and what its segments sold.

Blocks come from the rundown (the as-run log does not know them): a report of a show whose rundown
file is gone has none."""

from __future__ import annotations

from dataclasses import dataclass

from studio.report.figures import Report, Sales


@dataclass(frozen=True)
class PlannedBlock:
    block_id: str
    title: str
    budget_s: float
    segment_ids: tuple[str, ...]


@dataclass(frozen=True)
class BlockLine:
    block_id: str
    title: str
    budget_s: float
    planned_s: float  # its segments' planned durations
    actual_s: float  # their air time
    sales: Sales  # orders taken while its segments were on air

    @property
    def over_under_s(self) -> float:
        """Air time against the budget: + over."""
        return self.actual_s - self.budget_s


def block_lines(report: Report, blocks: tuple[PlannedBlock, ...]) -> tuple[BlockLine, ...]:
    by_id = {line.segment_id: line for line in report.segments}
    lines = []
    for block in blocks:
        mine = [by_id[segment_id] for segment_id in block.segment_ids if segment_id in by_id]
        sales = Sales(sum(line.sales.orders for line in mine), round(sum(line.sales.revenue for line in mine), 2))
        lines.append(BlockLine(block.block_id, block.title, block.budget_s, sum(line.planned_duration_s for line in mine),
                               round(sum(line.actual_duration_s for line in mine), 3), sales))
    return tuple(lines)
