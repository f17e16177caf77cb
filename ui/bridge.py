"""The one way from the show loop to the GUI thread.

`ShowBridge` subscribes to the core's EventBus; each event, published on the show-loop
thread, crosses to the GUI thread through a queued signal and comes out as a Qt signal:
`tick` (ShowState), `event` (every other event) and `rundown_changed` (Rundown). Ticks
are coalesced: if the GUI falls behind, stale states are dropped, never queued up.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from studio.events import Event, EventBus, RundownChanged, Tick


class ShowBridge(QObject):
    tick = Signal(object)  # studio.state.ShowState
    event = Signal(object)  # studio.events.Event, every kind but Tick
    rundown_changed = Signal(object)  # studio.rundown.Rundown

    _arrived = Signal(object)  # emitted on the show-loop thread, delivered on the GUI thread

    def __init__(self, bus: EventBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._latest_state: Any = None
        self._arrived.connect(self._on_arrived, Qt.ConnectionType.QueuedConnection)
        self._unsubscribe = bus.subscribe(self._on_loop_event)

    def close(self) -> None:
        self._unsubscribe()

    def dispatch(self, event: Event) -> None:
        """Re-emit one event as Qt signals (GUI thread)."""
        if isinstance(event, Tick):
            self.tick.emit(event.state)
            return
        if isinstance(event, RundownChanged):
            self.rundown_changed.emit(event.rundown)
        self.event.emit(event)

    def _on_loop_event(self, event: Event) -> None:  # show-loop thread: nothing Qt but this signal
        if isinstance(event, Tick):
            self._latest_state = event.state
        self._arrived.emit(event)

    @Slot(object)
    def _on_arrived(self, event: Event) -> None:
        if isinstance(event, Tick) and event.state is not self._latest_state:
            return  # a newer state is already on its way
        self.dispatch(event)
