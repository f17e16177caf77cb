"""Fixtures for the core: a fake clock, a real as-run log, and rundowns built in code."""

from __future__ import annotations

import tempfile
from datetime import datetime, time, timezone
from pathlib import Path
from typing import Iterator

import pytest

from studio.asrun import AsRunLog
from studio.clock import FakeClock
from studio.engine import Engine
from studio.events import Event, EventBus
from studio.rundown import Rundown, Segment, ShowInfo

SHOW_DAY = datetime(2026, 11, 5, 18, 0, tzinfo=timezone.utc)  # 19:00 in Paris


def make_rundown(*segments: Segment, start: time = time(19, 30), hard_out: time | None = None,
                 warning: float = 60.0, alarm: float = 15.0, path: str = "/shows/test.yaml") -> Rundown:
    show = ShowInfo("Test show", start, timezone="Europe/Paris", hard_out=hard_out, warning=warning, alarm=alarm)
    return Rundown(Path(path), show, {}, tuple(segments))


def seg(segment_id: str, duration: float, end: str = "auto", **extra) -> Segment:
    return Segment(id=segment_id, title=segment_id.title(), duration=duration, end=end, **extra)


class Recorded:
    """Every event the bus carried, in order."""

    def __init__(self, bus: EventBus) -> None:
        self.events: list[Event] = []
        bus.subscribe(self.events.append)

    def of(self, kind: type) -> list:
        return [e for e in self.events if isinstance(e, kind)]


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


def rows(log: AsRunLog, table: str) -> list[dict]:
    """The table as another reader sees it, once everything queued is committed."""
    log.writer.call(lambda db: None)
    import sqlite_utils
    with sqlite_utils.Database(log.path) as db:
        return list(db[table].rows)
