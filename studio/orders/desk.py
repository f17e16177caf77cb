"""The order desk: every source hands its orders here.

An order is attributed at once on the caller's thread (the on-air timeline is kept under
a lock, so no order waits for the show loop), then stored through the show's one writer.
Orders that arrive while the writer is busy wait together and go in as one piece of work,
in one commit (group commit): a burst costs one fsync, one wake-up of the writer and one
of the show loop per batch, not per order. Once committed, each new order (never a
replay) is published as `OrderReceived` on the show loop with the totals after it.
"""

from __future__ import annotations

import sqlite3
from concurrent.futures import Future
from datetime import datetime
from typing import Callable

from studio.show.clock import Clock
from studio.show.events import Event, EventBus, OrderReceived, RundownChanged, SegmentStarted, ShowEnded, ShowStarted
from studio.show.recording import ResumePoint
from studio.rundown.model import Rundown
from studio.storage.writer import Writer
from studio.orders.attribution import Attributor, OnAirTimeline
from studio.orders.model import AcceptedOrder, Order
from studio.orders.store import Stored, create_orders_table, insert_one, stored_orders
from studio.orders.totals import OrderTotals, TotalsSnapshot
from studio.threads import Mailbox


class OrderDesk:
    def __init__(self, rundown: Rundown, writer: Writer, bus: EventBus, post: Callable[[Callable[[], None]], None],
                 clock: Clock, to_wall: Callable[[float], datetime], *, grace_s: float) -> None:
        """`post` runs work on the show loop; `to_wall` turns the clock's times into the show's wall time."""
        self._writer = writer
        self._bus = bus
        self._post = post
        self._clock = clock
        self._to_wall = to_wall
        self.rundown = rundown
        self.timeline = OnAirTimeline()
        self.attributor = Attributor(rundown, self.timeline, grace_s)
        self.totals = OrderTotals(rundown.show.currency)
        self._waiting: Mailbox[tuple[AcceptedOrder, Future[Stored]]] = Mailbox(self._send_batch)  # the next batch
        # more work on each new order in the order's own commit (the lead desk keeps a consenting buyer's contact)
        self.with_each: list[Callable[[sqlite3.Connection, AcceptedOrder], None]] = []
        writer.call(create_orders_table)
        self._unsubscribe = bus.subscribe(self._follow, ShowStarted, SegmentStarted, ShowEnded, RundownChanged)

    def take(self, order: Order) -> Future[Stored]:
        """Attribute and store an order; the future resolves once it is committed (or fails to be)."""
        stored: Future[Stored] = Future()
        accepted = self.attributor.accept(order, self.now())
        self._waiting.put((accepted, stored))  # the first since the last batch sends one; the others ride along
        return stored

    def snapshot(self) -> TotalsSnapshot:
        return self.totals.snapshot(self.now())

    def resume(self, point: ResumePoint) -> None:
        """A resumed show: its totals so far from the table, and what aired before the crash."""
        for run in point.runs:
            if run.actual_start is not None:
                self.timeline.segment_started(run.segment_id, self._exhibitor_of(run.segment_id), run.actual_start)
            if run.actual_end is not None:
                self.timeline.show_ended(run.actual_end)
        self.timeline.show_started(point.show_id, point.started_at or point.planned_start)
        self.totals.add_all(stored_orders(self._writer.path, point.show_id))

    def now(self) -> datetime:
        return self._to_wall(self._clock.monotonic())

    def close(self) -> None:
        self._unsubscribe()

    # ----- internals ----------------------------------------------------------------------

    def _send_batch(self) -> None:
        batch: list[tuple[AcceptedOrder, Future[Stored]]] = []

        def work(db: sqlite3.Connection) -> list[Stored | Exception]:
            batch.extend(self._waiting.take().items)  # everything that arrived until the writer got here
            results = [insert_one(db, accepted) for accepted, _ in batch]
            for (accepted, _), result in zip(batch, results):
                if isinstance(result, Stored) and result.new:
                    for extra in self.with_each:
                        extra(db, accepted)
            return results

        self._writer.submit(work).add_done_callback(lambda done: self._settle(batch, done))

    def _settle(self, batch: list[tuple[AcceptedOrder, Future[Stored]]], done: Future[list[Stored | Exception]]) -> None:
        """After the commit (on the writer thread): answer every order; new ones go to the show loop, in one post."""
        failure = done.exception()
        if failure is not None:
            for _, stored in batch or self._waiting.take().items:  # nothing taken: the writer has stopped
                stored.set_exception(failure)
            return
        new = []
        for (accepted, stored), result in zip(batch, done.result()):
            if isinstance(result, Exception):
                stored.set_exception(result)
                continue
            stored.set_result(result)
            if result.new:
                new.append(accepted)
        if new:
            self._post(lambda: self._publish(new))

    def _publish(self, new: list[AcceptedOrder]) -> None:
        """On the show loop: count each order and publish it with the totals after it."""
        for accepted in new:
            self.totals.add(accepted)
            at = self._clock.monotonic()
            self._bus.publish(OrderReceived(at, accepted, self.totals.snapshot(self._to_wall(at))))

    def _follow(self, event: Event) -> None:
        """On the show loop: keep the on-air timeline and the rundown current."""
        if isinstance(event, ShowStarted):
            self.timeline.show_started(event.show_id, self._to_wall(event.at))
        elif isinstance(event, SegmentStarted):
            self.timeline.segment_started(event.segment_id, self._exhibitor_of(event.segment_id), self._to_wall(event.at))
        elif isinstance(event, ShowEnded):
            self.timeline.show_ended(self._to_wall(event.at))
        elif isinstance(event, RundownChanged):
            self.rundown = event.rundown
            self.attributor.set_rundown(event.rundown)

    def _exhibitor_of(self, segment_id: str) -> str | None:
        try:
            return self.rundown.segments[self.rundown.index_of(segment_id)].exhibitor
        except KeyError:
            return None
