"""How a block's budget reads on the console and the presenter screen."""

from __future__ import annotations

from studio.rundown.durations import format_duration
from studio.show.snapshot import BlockTiming

from ui.widgets.theme import BAD, GOOD
from ui.widgets.timefmt import countdown, over_under

ON_BUDGET_S = 5.0  # a back-time within this reads as on budget (white)


def block_text(block: BlockTiming) -> str:
    """'Serenco  07:00 left · +01:00' on air (budget left, then how far over or under it will end);
    'Serenco next  09:00 · -00:30' before it; 'Serenco done · +01:00' after it."""
    if block.status == "upcoming":
        return f"{block.title} next  {format_duration(block.budget)} · {over_under(block.over_under)}"
    if block.status == "done":
        return f"{block.title} done · {over_under(block.over_under)}"
    return f"{block.title}  {countdown(block.left)} left · {over_under(block.over_under)}"


def block_colour(block: BlockTiming) -> str:
    """Red when the block will end over its budget, green under, white on budget."""
    if abs(block.over_under) < ON_BUDGET_S:
        return ""
    return BAD if block.over_under > 0 else GOOD
