"""The one way from the show loop to the GUI thread.

`ShowBridge` subscribes to the core's EventBus; each event, published on the show-loop
thread, crosses to the GUI thread through a queued signal and comes out as a Qt signal:
`tick` (ShowState), `event` (every other event), `rundown_changed` (Rundown) and `orders`
(OrderBatch). Ticks are coalesced: if the GUI falls behind, stale states are dropped, never
queued up. Orders are batched: a burst of thousands a second crosses as at most
ORDER_BATCHES_PER_S signals, each with the newest few orders and the latest totals.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from studio.show.events import Event, EventBus, OrderReceived, RundownChanged, Tick
from studio.orders.model import AcceptedOrder
from studio.orders.totals import TotalsSnapshot
from studio.show.snapshot import ShowState
from studio.threads import Mailbox

ORDER_BATCHES_PER_S = 10
ORDERS_KEPT = 50  # per batch: more than a ticker shows at once


@dataclass(frozen=True)
class OrderBatch:
    """The orders that came since the last batch, as much as a ticker needs of them."""

    newest: tuple[AcceptedOrder, ...]  # newest first, at most ORDERS_KEPT
    received: int  # how many came (more than len(newest) in a burst)
    totals: TotalsSnapshot  # after the newest


class ShowBridge(QObject):
    tick = Signal(object)  # studio.show.snapshot.ShowState
    event = Signal(object)  # type: ignore[assignment]  # shadows QObject.event(); studio.show.events.Event, every kind but Tick and OrderReceived
    rundown_changed = Signal(object)  # studio.rundown.model.Rundown
    orders = Signal(object)  # OrderBatch, at most ORDER_BATCHES_PER_S a second

    _arrived = Signal(object)  # emitted on the show-loop thread, delivered on the GUI thread
    _orders_waiting = Signal()  # the same, once per batch (from any thread: the mailbox's wake-up)

    def __init__(self, bus: EventBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._latest_state: ShowState | None = None
        self._orders: Mailbox[OrderReceived] = Mailbox(self._orders_waiting.emit, keep=ORDERS_KEPT)
        self._last_batch = float("-inf")
        self._batch_timer = QTimer(self)
        self._batch_timer.setSingleShot(True)
        self._batch_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._batch_timer.timeout.connect(self._send_orders)
        self._arrived.connect(self._on_arrived, Qt.ConnectionType.QueuedConnection)
        self._orders_waiting.connect(self._schedule_orders, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe = bus.subscribe(self._on_loop_event)

    def close(self) -> None:
        self._unsubscribe()

    def dispatch(self, event: Event) -> None:
        """Re-emit one event as Qt signals (GUI thread)."""
        if isinstance(event, OrderReceived):
            self._orders.put(event)
            return
        if isinstance(event, Tick):
            self.tick.emit(event.state)
            return
        if isinstance(event, RundownChanged):
            self.rundown_changed.emit(event.rundown)
        self.event.emit(event)

    def _on_loop_event(self, event: Event) -> None:  # show-loop thread: nothing Qt but these signals
        if isinstance(event, OrderReceived):
            self._orders.put(event)
            return
        if isinstance(event, Tick):
            self._latest_state = event.state
        self._arrived.emit(event)

    @Slot(object)
    def _on_arrived(self, event: Event) -> None:
        if isinstance(event, Tick) and event.state is not self._latest_state:
            return  # a newer state is already on its way
        self.dispatch(event)

    @Slot()
    def _schedule_orders(self) -> None:
        """Send the waiting orders now, or when a batch interval has passed since the last one."""
        wait = self._last_batch + 1 / ORDER_BATCHES_PER_S - time.monotonic()
        if wait <= 0:
            self._send_orders()
        elif not self._batch_timer.isActive():
            self._batch_timer.start(max(1, round(wait * 1000)))

    @Slot()
    def _send_orders(self) -> None:
        taken = self._orders.take()
        if taken.items:
            self._last_batch = time.monotonic()
            newest = taken.items[-1]
            self.orders.emit(OrderBatch(tuple(e.accepted for e in reversed(taken.items)), taken.received, newest.totals))
