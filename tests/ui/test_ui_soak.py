"""Soak: a long show's worth of 10 Hz updates through the bridge slots; the process stays up and memory flat."""

from __future__ import annotations

import gc
import os
from datetime import datetime, timezone

import pytest
from PySide6.QtWidgets import QApplication

from studio.storage.asrun import AsRunLog
from studio.show.clock import FakeClock
from studio.show.engine import Engine
from studio.show.events import EventBus, Notice, Tick

UPDATES = 30_000  # 50 minutes of show at 10 Hz
WARM_UP = 3_000
ALLOWED_GROWTH = 8 * 1024 * 1024  # bytes of resident memory (a leak of 300 bytes a tick would pass it)


@pytest.mark.slow  # about 40 s
def test_thirty_thousand_updates_keep_memory_flat(studio, tmp_path) -> None:
    studio.bridge.close()  # only the updates below reach the windows
    clock = FakeClock(datetime(2026, 11, 5, 18, 0, tzinfo=timezone.utc))
    log = AsRunLog(tmp_path / "soak.db")
    engine = Engine(studio.show.rundown, clock=clock, timers=clock, bus=EventBus(), recorder=log, planned_start=clock.wall())
    engine.start()
    ids = [s.id for s in studio.show.rundown.segments]
    studio.board.post("Wrap up")  # the presenter banner flashes all along
    app = QApplication.instance()
    baseline = 0
    try:
        for n in range(UPDATES):
            if n == WARM_UP:
                gc.collect()
                baseline = resident_bytes()
            if n % 2_000 == 1_999:
                engine.jump(ids[(n // 2_000) % len(ids)])
            clock.advance(0.1)
            studio.bridge.dispatch(Tick(clock.monotonic(), engine.state()))
            if n % 50 == 0:
                studio.bridge.dispatch(Notice(clock.monotonic(), "info", f"notice {n}"))
            if n % 10 == 0:
                app.processEvents()  # paint both windows
        gc.collect()
        growth = resident_bytes() - baseline
    finally:
        log.close()
    assert studio.console.state.phase == "on_air"
    assert studio.console.log.count() == 500  # bounded
    assert growth < ALLOWED_GROWTH, f"memory grew by {growth} bytes over {UPDATES - WARM_UP} updates"


def resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
