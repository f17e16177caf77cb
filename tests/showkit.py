"""Rundowns built in code, event recording and table reading, for the core's tests."""

from __future__ import annotations

from datetime import datetime, time, timezone
from pathlib import Path
from time import monotonic, sleep
from typing import Callable

import sqlite_utils

from studio.app.session import ConsoleShow
from studio.storage.asrun import AsRunLog
from studio.show.events import Event, EventBus
from studio.rundown.model import Rundown, Segment, ShowInfo

SHOW_DAY = datetime(2026, 11, 5, 18, 0, tzinfo=timezone.utc)  # 19:00 in Paris
# A show past midnight with each timer type and end action (the rundown file and the spreadsheet tests)
LATE_SHOW = """\
show:
  title: Late show
  timezone: Europe/Paris
  start: "23:30"
  hard_out: "01:00"
segments:
  - {id: open, title: Open, duration: 30m, end: auto}
  - {id: talk, title: Talk, duration: 15m, end: standby, timer: count_up}
  - {id: midnight, title: Midnight, duration: 45m, start: "00:15", timer: time_of_day}
"""


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


def rows(log: AsRunLog | ConsoleShow, table: str) -> list[dict]:
    """The table of an as-run log (or a running show's) as another reader sees it, once everything queued is committed."""
    log.writer.call(lambda db: None)
    with sqlite_utils.Database(log.path if isinstance(log, AsRunLog) else log.db_path) as db:
        return list(db[table].rows)


def wait_until(condition: Callable[[], object], timeout: float = 10.0, every: float = 0.02) -> bool:
    """Poll `condition` every `every` seconds until it holds (True) or `timeout` seconds have passed (False)."""
    deadline = monotonic() + timeout
    while not condition():
        if monotonic() > deadline:
            return False
        sleep(every)
    return True
