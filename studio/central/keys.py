"""How a row is named in the event's database: one name for one thing, whichever studio ships it.

A hot standby that takes a show over copies the primary's show into its own log
(studio/standby/followed.py). Named by local ids, that copy would be a second show in the
event's database, its runs twice. So a row is keyed by what it is:

- a show: "ORIGIN/ID", ORIGIN being the database that started it (studio/central/outbox.py);
  a show this studio took over keeps the key the event's database holds for it already;
- a segment run: its show's key, its segment, and its place among that segment's runs in the
  show: the primary's run and the standby's copy of it are one row;
- an order: its source and order id (one order, whichever studio stored it);
- an event: "ORIGIN/ID" (each studio's own).
"""

from __future__ import annotations

from typing import Callable

from studio.central.outbox import Change

ShowKey = Callable[[int], str]  # a local show id -> its key in the event's database


def own_show_key(origin: str, show_id: int) -> str:
    return f"{origin}/{show_id}"


def keyed(change: Change, origin: str, show_key: ShowKey) -> tuple[str, str | None]:
    """(the row's key, its show's key) for a change whose row exists."""
    row = change.row
    assert row is not None
    show_id = row["id"] if change.table == "shows" else row.get("show_id")
    show = None if show_id is None else show_key(int(show_id))
    if change.table == "shows":
        return str(show), show
    if change.table == "segment_runs":
        return f"{show}/{row['segment_id']}/{change.ordinal}", show
    if change.table == "orders":
        return f"{row['source']}/{row['order_id']}", show
    return f"{origin}/{row['id']}", show
