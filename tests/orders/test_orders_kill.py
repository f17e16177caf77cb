"""`studio run` taking orders as a real process: killed with SIGKILL mid-burst, every acknowledged order survives."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

from shopkit import STUDIO_COMMAND, OrderBurst, Shop, held_show, order_body, stored, studio_environment


def start_show(tmp_path: Path, db: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    """`db` on tmpfs (db_dir): a kill -9 loses only what the process had not handed to the kernel, on any
    filesystem; on a disk that other work keeps busy, fsyncs of a second or more made the burst miss its
    300 orders and the as-run lane fall behind (a "LOG FAILING ... slow" line among the transitions)."""
    rundown = held_show(tmp_path, "Orders under fire")
    proc = subprocess.Popen([STUDIO_COMMAND, "run", str(rundown), "--headless", "--start", "now", "--orders-port", "0",
                             "--db", str(db), *extra],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env=studio_environment(tmp_path))
    base = None
    for _ in range(10):  # the listener is up before the show starts: wait for both
        line = proc.stdout.readline()
        found = re.search(r"Orders are received on (http://127\.0\.0\.1:\d+)/orders", line)
        base = found.group(1) if found else base
        if base and "ON AIR" in line:
            return proc, base
    proc.kill()
    raise AssertionError("the show never said where it takes orders")


def test_killed_mid_burst_every_acknowledged_order_is_in_the_database(tmp_path, db_dir):
    proc, base = start_show(tmp_path, db_dir / "a.db")
    burst = OrderBurst(base, 6, acknowledging=(200, 201))
    burst.start()
    deadline = time.monotonic() + 20
    while burst.count() < 300 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    burst.stop()
    assert burst.count() >= 300
    rows = {row["order_id"] for row in stored(db_dir / "a.db")}
    assert set(burst.acknowledged) <= rows
    assert all(row["segment_id"] in ("opening", "acme-pitch") for row in stored(db_dir / "a.db"))


def test_headless_stdout_keeps_one_line_per_transition_with_orders_flowing(tmp_path, db_dir):
    proc, base = start_show(tmp_path, db_dir / "a.db", "--simulate-orders", "600")
    for n in range(20):
        assert Shop(base).post("/orders", order_body(f"o{n}")).status == 201
    while "acme-pitch" not in (line := proc.stdout.readline()):
        assert line, "the show ended early"
    deadline = time.monotonic() + 10  # the simulator sells Acme's products while its pitch is on air
    while len(stored(db_dir / "a.db")) <= 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.stdin.write("go\n")  # the pitch is the last segment: the show ends
    proc.stdin.close()
    assert proc.wait(30) == 0
    rest = proc.stdout.read().splitlines()
    assert [line.split("  ")[1] for line in rest] == ["SHOW END"], rest  # no line for any order
    assert len(stored(db_dir / "a.db")) > 20  # ours and the simulator's
