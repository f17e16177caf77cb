"""Fixtures for the core: a fake clock, a real as-run log, engines built on both."""

from __future__ import annotations

import tempfile
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
