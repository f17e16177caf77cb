"""The one loop protocol: what a component needs of the show loop.

`studio.show.loop.ShowLoop` runs these callbacks on its thread, one at a time;
`studio.show.clock.FakeClock` runs them when a test advances time.
"""

from __future__ import annotations

import heapq
import itertools
from datetime import datetime
from typing import Callable, Protocol

COMPACT_ABOVE = 64  # cancelled heap entries tolerated before a compaction


class Timers(Protocol):
    """Runs callbacks at monotonic deadlines or wall-clock appointments, one at a time."""

    def call_at(self, deadline: float, fn: Callable[[], None]) -> object: ...

    def call_at_wall(self, when: datetime, fn: Callable[[], None]) -> object: ...

    def cancel(self, handle: object) -> None: ...


class Loop(Timers, Protocol):
    """Timers that also take work to run as soon as they are free."""

    def post(self, fn: Callable[[], None]) -> None: ...


class TimerQueue:
    """Callbacks by deadline, for one owner (the show loop under its lock, or a FakeClock).

    Cancelling forgets the callback at once; its heap entry is dropped when it reaches the
    top, or in a compaction when cancelled entries outnumber live ones. Cancelling a handle
    that already fired, or twice, keeps nothing: memory follows the live timers only.
    """

    def __init__(self) -> None:
        self._heap: list[tuple[float, int]] = []
        self._live: dict[int, Callable[[], None]] = {}
        self._seq = itertools.count()

    def __len__(self) -> int:
        """Entries held, live or cancelled (what memory grows with)."""
        return len(self._heap)

    def add(self, deadline: float, fn: Callable[[], None]) -> int:
        handle = next(self._seq)
        self._live[handle] = fn
        heapq.heappush(self._heap, (deadline, handle))
        return handle

    def cancel(self, handle: object) -> None:
        if isinstance(handle, int) and self._live.pop(handle, None) is not None:
            if len(self._heap) > 2 * len(self._live) + COMPACT_ABOVE:
                self._heap = [entry for entry in self._heap if entry[1] in self._live]
                heapq.heapify(self._heap)

    def next_deadline(self) -> float | None:
        """The earliest live deadline, or None when nothing is waiting."""
        while self._heap and self._heap[0][1] not in self._live:
            heapq.heappop(self._heap)
        return self._heap[0][0] if self._heap else None

    def pop_due(self, now: float) -> tuple[float, Callable[[], None]] | None:
        """The earliest callback due by `now` with its deadline, taken off the queue; None if none is due."""
        deadline = self.next_deadline()
        if deadline is None or deadline > now:
            return None
        _, handle = heapq.heappop(self._heap)
        return deadline, self._live.pop(handle)
