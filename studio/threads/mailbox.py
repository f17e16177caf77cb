"""Many producers, one consumer, batched hand-off.

Producers `put` from any thread. The first item after the consumer's last `take` calls
`wake` (on that producer's thread, outside the lock): whoever `wake` reaches comes back
and takes everything waiting at once. A burst of thousands of items costs one wake-up of
the consumer per batch, not one per item.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from typing import Callable, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Batch(Generic[T]):
    items: tuple[T, ...]  # oldest first; with `keep`, only the newest `keep`
    received: int  # how many were put since the last take (more than len(items) when some were dropped)


class Mailbox(Generic[T]):
    def __init__(self, wake: Callable[[], None], keep: int | None = None) -> None:
        """`keep`: hold only the newest `keep` items (a ticker needs no more than it shows)."""
        self._wake = wake
        self._lock = threading.Lock()
        self._items: deque[T] = deque(maxlen=keep)
        self._received = 0

    def put(self, item: T) -> None:
        with self._lock:
            self._items.append(item)
            self._received += 1
            first = self._received == 1
        if first:  # else a wake-up is already on its way and the taker will find this item too
            self._wake()

    def take(self) -> Batch[T]:
        """Everything put since the last take (possibly nothing); the next put wakes again."""
        with self._lock:
            batch = Batch(tuple(self._items), self._received)
            self._items.clear()
            self._received = 0
        return batch
