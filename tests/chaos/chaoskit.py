"""Breaking the as-run database for real under `studio run --headless`: another process's lock,
a full disk, kill -9. Lines are stamped with the wall clock as they arrive, to hold the show
to its plan; orders are posted as a shop would and the acknowledged ones remembered."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

from shopkit import SECRET, Shop, order_body

STUDIO = str(Path(sys.executable).parent / "studio")
ON_TIME_S = 0.050  # a take may land this far from its plan
TOLD_WITHIN_S = 1.0  # the director hears of a refusing database this soon
PAUSE_S = 0.02  # between two orders of one shop
# Stamps each line of the show's stdout with the wall clock as it arrives, in a process of its own: a thread
# of the test process would stamp late whenever the shops' threads (Burst) hold the GIL, and the show
# would look late by the test's own doing.
STAMPER = """\
import sys, time
for line in iter(sys.stdin.buffer.readline, b""):
    sys.stdout.buffer.write(b"%.6f " % time.time() + line)
    sys.stdout.buffer.flush()
"""
LOCKER = """\
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
for command in sys.stdin:
    db.execute("BEGIN EXCLUSIVE" if command.strip() == "lock" else "COMMIT")
    print(command.strip(), flush=True)
"""


def write_rundown(folder: Path, count: int, seconds: float) -> Path:
    """`count` automatic segments of `seconds` each, s01, s02, ..."""
    segments = "\n".join(f"  - {{id: s{n:02d}, title: Segment {n}, duration: {seconds}s, end: auto}}" for n in range(1, count + 1))
    path = folder / "show.yaml"
    path.write_text(f"show:\n  title: Chaos\n  timezone: UTC\n  start: \"19:30:00\"\nsegments:\n{segments}\n")
    return path


def start_in(seconds: int) -> tuple[str, str]:
    """`--start` a few whole seconds from now (UTC, the rundowns' timezone): the show waits for its planned
    start, so the first take is timed like the others rather than by how long studio took to start.
    (Within seconds of midnight UTC the time of day would be tomorrow's: such a run fails its timing.)"""
    return "--start", (datetime.now(timezone.utc) + timedelta(seconds=seconds)).strftime("%H:%M:%S")


@dataclass
class Line:
    at: float  # wall clock (time.time()) when it arrived (STAMPER)
    text: str

    @property
    def words(self) -> list[str]:
        return self.text.split("  ")


class Headless:
    """`studio run RUNDOWN --headless` with orders on loopback; the journal folder under `folder`."""

    def __init__(self, folder: Path, rundown: Path, db: Path, *extra: str) -> None:
        self.env = {**os.environ, "STUDIO_ORDERS_SECRET": SECRET, "XDG_CONFIG_HOME": str(folder / "config"),
                    "XDG_CACHE_HOME": str(folder / "cache")}
        self.env.pop("STUDIO_CONTROL_TOKEN", None)
        self.proc = subprocess.Popen([STUDIO, "run", str(rundown), "--headless", "--orders-port", "0", "--db", str(db), *extra],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                     env=self.env)
        self._stamper = subprocess.Popen([sys.executable, "-c", STAMPER], stdin=self.proc.stdout, stdout=subprocess.PIPE,
                                         text=True)
        self.proc.stdout.close()  # the stamper reads it
        self.lines: list[Line] = []
        self._arrived = threading.Condition()
        self._reader = threading.Thread(target=self._read, name="headless-stdout", daemon=True)
        self._reader.start()
        try:
            found = self.wait_for(lambda line: "Orders are received on" in line.text, 15)
        except AssertionError:
            self.kill()
            raise
        self.base = re.search(r"(http://127\.0\.0\.1:\d+)/orders", found.text).group(1)

    def wait_for(self, match, timeout: float, after: int = 0) -> Line:
        """The first line from index `after` on that matches."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                for line in self.lines[after:]:
                    if match(line):
                        return line
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self._reader.is_alive()):
                    raise AssertionError(f"no such line in time; so far: {[l.text for l in self.lines]}")
                self._arrived.wait(min(left, 0.1))

    def on_air(self) -> list[Line]:
        return [line for line in self.lines if line.words[1:2] and line.words[1].startswith("ON AIR")]

    def log_lines(self, state: str) -> list[Line]:
        return [line for line in self.lines if line.words[1:2] == [f"LOG {state}"]]

    def ended(self, timeout: float) -> int:
        self.wait_for(lambda line: "SHOW END" in line.text, timeout)
        self.proc.stdin.close()
        code = self.proc.wait(15)
        self._stamper.wait(5)
        return code

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait()
        self._stamper.wait(5)  # ends with the show's stdout
        self._reader.join(5)

    def _read(self) -> None:
        for stamped in self._stamper.stdout:
            at, _, text = stamped.partition(" ")
            with self._arrived:
                self.lines.append(Line(float(at), text.rstrip("\n")))
                self._arrived.notify_all()


@dataclass
class Burst:
    """Shops posting orders, one thread each, PAUSE_S between two; what was acknowledged (201), in order per shop.

    Few and paced: the test process stamps the show's lines as they arrive, and must not be starved doing so."""

    base: str
    shops: int = 2
    acknowledged: list[list[str]] = field(default_factory=list)
    refused: int = 0

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self.acknowledged = [[] for _ in range(self.shops)]
        self._threads = [threading.Thread(target=self._post, args=(n,), name=f"shop-{n}") for n in range(self.shops)]
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(15)

    def _post(self, shop: int) -> None:
        n = 0
        while not self._stop.is_set():
            order_id = f"shop{shop}-{n}"
            n += 1
            try:
                reply = Shop(self.base).post("/orders", order_body(order_id))
            except OSError:  # the show is gone
                return
            if reply.status == 201:
                self.acknowledged[shop].append(order_id)
            else:
                self.refused += 1
            time.sleep(PAUSE_S)


class Locker:
    """Another process that takes `BEGIN EXCLUSIVE` on the database when told to, as any SQLite tool can.

    Started ahead of time, so starting an interpreter does not compete with the show at the moment it locks."""

    def __init__(self, db: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", LOCKER, str(db)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)

    @contextmanager
    def held(self) -> Iterator[float]:
        """Locked while the block runs; yields when the lock was taken (wall clock)."""
        self._tell("lock")
        try:
            yield time.time()
        finally:
            self._tell("unlock")

    def close(self) -> None:
        self.proc.kill()  # a transaction still open dies with it: the lock is released
        self.proc.wait()

    def _tell(self, command: str) -> None:
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        assert self.proc.stdout.readline().strip() == command


def show_taking_orders(folder: Path, db: Path, segments: int, shops: int = 2) -> tuple[Headless, Burst]:
    """A headless show of `segments` automatic 1-s segments (folder/show.yaml), starting a few seconds from
    now, and `shops` shops posting orders to it: what every fault is tried on."""
    show = Headless(folder, write_rundown(folder, segments, 1), db, *start_in(4))
    return show, Burst(show.base, shops=shops)


def rows(db: Path, sql: str) -> list[sqlite3.Row]:
    with closing(sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)) as connection:
        connection.row_factory = sqlite3.Row
        return connection.execute(sql).fetchall()


def wall(text: str) -> float:
    return datetime.fromisoformat(text).timestamp()


def assert_on_time(show: Headless, db: Path, lines: list[Line]) -> float:
    """Each take printed went on air within ON_TIME_S of its plan; the worst, in seconds.

    The plan is the rundown's from the show's real first take: a start the scheduler fired late
    moves the whole show, and that is no storage fault (the first take's line is held to it too)."""
    runs = rows(db, "SELECT * FROM segment_runs ORDER BY id")
    shift = wall(runs[0]["actual_start"]) - wall(runs[0]["planned_start"])
    planned = {run["segment_id"]: wall(run["planned_start"]) + shift for run in runs}
    late = {line.words[2]: round(line.at - planned[line.words[2]], 3) for line in lines}
    assert all(abs(seconds) <= ON_TIME_S for seconds in late.values()), f"seconds off plan: {late}"
    return max(map(abs, late.values()))


def assert_every_take_logged_in_order(db: Path, count: int) -> None:
    runs = rows(db, "SELECT * FROM segment_runs ORDER BY id")
    assert [run["segment_id"] for run in runs] == [f"s{n:02d}" for n in range(1, count + 1)]
    assert all(run["actual_start"] and run["actual_end"] for run in runs)
    starts = [wall(run["actual_start"]) for run in runs]
    assert starts == sorted(starts)


def assert_every_acknowledged_order_stored(db: Path, burst: Burst) -> None:
    """Each shop's acknowledged orders are all there, in the order they were acknowledged."""
    stored = [row["order_id"] for row in rows(db, "SELECT order_id FROM orders ORDER BY id")]
    position = {order_id: n for n, order_id in enumerate(stored)}
    for acknowledged in burst.acknowledged:
        assert all(order_id in position for order_id in acknowledged)
        assert [position[o] for o in acknowledged] == sorted(position[o] for o in acknowledged)
    assert sum(map(len, burst.acknowledged)) > 0


def assert_show_kept(show: Headless, db: Path, lines: list[Line], burst: Burst, segments: int) -> float:
    """What every fault test promises: each take in `lines` on time, every take logged in order, every
    acknowledged order stored; the worst take's offset, in seconds."""
    worst = assert_on_time(show, db, lines)
    assert_every_take_logged_in_order(db, segments)
    assert_every_acknowledged_order_stored(db, burst)
    return worst
