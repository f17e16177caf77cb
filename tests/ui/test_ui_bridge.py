"""The bridge: events from the show-loop thread come out on the GUI thread; stale ticks are dropped."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread

from studio.show.events import EventBus, Notice, Tick
from ui.bridge import ShowBridge


def publish_from_a_thread(bus: EventBus, *events) -> None:
    thread = threading.Thread(target=lambda: [bus.publish(e) for e in events])
    thread.start()
    thread.join()


def test_events_arrive_on_the_gui_thread_and_ticks_coalesce(qtbot) -> None:
    bus = EventBus()
    bridge = ShowBridge(bus)
    gui = QThread.currentThread()
    seen: list = []
    bridge.event.connect(lambda e: seen.append(("event", e.message, QThread.currentThread() is gui)))
    bridge.tick.connect(lambda s: seen.append(("tick", s, QThread.currentThread() is gui)))
    publish_from_a_thread(bus, Tick(1.0, "s1"), Notice(1.1, "info", "hello"), Tick(1.2, "s2"), Tick(1.3, "s3"))
    assert seen == []  # nothing runs on the publishing thread
    qtbot.waitUntil(lambda: len(seen) == 2)
    qtbot.wait(50)
    assert seen == [("event", "hello", True), ("tick", "s3", True)]


def test_close_unsubscribes(qtbot) -> None:
    bus = EventBus()
    bridge = ShowBridge(bus)
    seen: list = []
    bridge.event.connect(seen.append)
    bridge.close()
    publish_from_a_thread(bus, Notice(1.0, "info", "after close"))
    qtbot.wait(100)
    assert seen == []
