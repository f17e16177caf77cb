"""The threading kit: the one way studio starts threads, hands batches across them, and names a loop.

- `start_thread` / `Worker` (workers.py): every thread studio starts is named and a daemon,
  so a leak check (tests/conftest.py) says which one was left running.
- `Mailbox` (mailbox.py): many producers, one consumer, batched hand-off with one wake-up a batch.
- `Loop` / `Timers` (timers.py): what a component needs of the show loop (or a FakeClock);
  `TimerQueue`: the deadline queue both of those keep.

This is the lowest layer: it imports nothing of studio.
"""

from studio.threads.mailbox import Batch, Mailbox
from studio.threads.timers import Loop, TimerQueue, Timers
from studio.threads.workers import Worker, start_thread

__all__ = ["Batch", "Loop", "Mailbox", "TimerQueue", "Timers", "Worker", "start_thread"]
