"""`studio relay` and a consuming `studio run` as real processes: the studio killed with SIGKILL mid-burst and
restarted; every order the relay acknowledged ends in the studio's SQLite, once."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
from pathlib import Path
from typing import Iterator

import pytest
import redis
from orders.shopkit import STUDIO_COMMAND, OrderBurst, held_show, stored, studio_environment
from serverkit import RedisServer
from showkit import wait_until


@pytest.fixture
def relay_process(broker: RedisServer, tmp_path: Path) -> Iterator[str]:
    """`studio relay` on a free port; its base URL."""
    proc = subprocess.Popen([STUDIO_COMMAND, "relay", "--redis", broker.url, "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=studio_environment(tmp_path))
    try:
        found = re.search(r"received on (http://127\.0\.0\.1:\d+)/orders", proc.stdout.readline())
        assert found, "the relay never said where it takes orders"
        yield found.group(1)
    finally:
        proc.terminate()
        assert proc.wait(10) == 0


def taken(db: Path) -> list[str]:
    """The order ids the studio has stored so far (none before it made its table)."""
    try:
        return [row["order_id"] for row in stored(db)]
    except sqlite3.OperationalError:
        return []


def run_studio(tmp_path: Path, broker: RedisServer, *extra: str) -> subprocess.Popen:
    rundown = held_show(tmp_path, "Orders through the relay")
    return subprocess.Popen([STUDIO_COMMAND, "run", str(rundown), "--headless", "--db", str(tmp_path / "a.db"),
                             "--orders-redis", broker.url, "--stage", "hall-a", *extra],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True,
                            env=studio_environment(tmp_path))


def test_killed_mid_burst_and_restarted_every_acknowledged_order_is_stored_once(broker, relay_process, tmp_path):
    burst = OrderBurst(relay_process, 4, acknowledging=(202,))
    studio = run_studio(tmp_path, broker, "--start", "now")
    try:
        burst.start()
        assert wait_until(lambda: len(taken(tmp_path / "a.db")) >= 300, timeout=60)
        os.kill(studio.pid, signal.SIGKILL)  # mid-burst: some entries delivered and not yet acknowledged, more queued
        studio.wait()
        at_kill = burst.count()
        assert wait_until(lambda: burst.count() >= at_kill + 200, timeout=30)  # the shops go on while the studio is away
        studio = run_studio(tmp_path, broker, "--resume")
        assert wait_until(lambda: len(taken(tmp_path / "a.db")) > at_kill + 200, timeout=60)
    finally:
        burst.stop()
    try:
        sent = set(burst.acknowledged)
        group = redis.Redis.from_url(broker.url)
        assert wait_until(lambda: sent <= set(taken(tmp_path / "a.db")), timeout=60)
        assert wait_until(lambda: group.xpending("studio-orders", "studio")["pending"] == 0)
        ids = taken(tmp_path / "a.db")
        assert len(ids) == len(set(ids)) == len(sent)  # none twice, and nothing the relay did not acknowledge
        assert studio.poll() is None  # the restarted show is still on air
    finally:
        studio.kill()
        studio.wait()
