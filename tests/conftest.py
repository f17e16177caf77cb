"""Fixtures for the core: a fake clock, a real as-run log, engines built on both; no test may leave a thread running."""

from __future__ import annotations

import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Iterator

import pytest

from showkit import SHOW_DAY, Recorded
from studio.storage.asrun import AsRunLog
from studio.show.clock import FakeClock
from studio.show.engine import Engine
from studio.show.events import EventBus
from studio.rundown.model import Rundown

THREAD_GRACE_S = 2.0  # how long a test's threads may take to end after it


def _started_since(before: set[threading.Thread]) -> list[threading.Thread]:
    # a _DummyThread stands for a thread Python did not start (VLC's, Qt's): it never "ends"
    return [t for t in threading.enumerate()
            if t not in before and t.is_alive() and not isinstance(t, threading._DummyThread)]


@pytest.fixture(autouse=True)
def no_thread_left_running() -> Iterator[None]:
    """Fail a test that leaves a thread it started still running (after a short grace to end)."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + THREAD_GRACE_S
    while (left := _started_since(before)) and time.monotonic() < deadline:
        left[0].join(max(0.0, deadline - time.monotonic()))
    if left:
        pytest.fail(f"the test left {len(left)} thread(s) running: {', '.join(sorted(t.name for t in left))}", pytrace=False)


@pytest.fixture
def db_dir() -> Iterator[Path]:
    """A folder for SQLite files; on tmpfs when there is one, so fsync costs nothing."""
    base = "/dev/shm" if Path("/dev/shm").is_dir() else None
    with tempfile.TemporaryDirectory(dir=base) as folder:
        yield Path(folder)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(SHOW_DAY)


@pytest.fixture
def log(db_dir: Path) -> Iterator[AsRunLog]:
    as_run = AsRunLog(db_dir / "studio.db")
    yield as_run
    as_run.close()


@pytest.fixture
def build(clock: FakeClock, log: AsRunLog):
    """Build an engine on the fake clock with a planned start (default: now), and record its events."""
    def factory(rundown: Rundown, planned_start: datetime | None = None) -> tuple[Engine, Recorded]:
        bus = EventBus()
        recorded = Recorded(bus)
        engine = Engine(rundown, clock=clock, timers=clock, bus=bus, recorder=log,
                        planned_start=planned_start or clock.wall())
        return engine, recorded
    return factory
