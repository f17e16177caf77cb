"""The disk under the as-run database fills up mid-show (a small tmpfs), then is freed."""

from __future__ import annotations

import errno
import subprocess
import time
from pathlib import Path

import pytest
from chaoskit import TOLD_WITHIN_S, assert_show_kept, rows, show_taking_orders

pytestmark = pytest.mark.slow  # about 15 s

SEGMENTS = 12  # of 1 s: the disk is full from the 3rd to the 8th
FULL_TAKES = 5


def fill(disk: Path) -> Path:
    """Write a file until the filesystem has no room left."""
    ballast = disk / "ballast"
    with open(ballast, "wb", buffering=0) as out:
        chunk = b"\0" * (1 << 20)
        while chunk:
            try:
                out.write(chunk)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
                chunk = chunk[: len(chunk) // 2]
    return ballast


@pytest.fixture
def disk(tmp_path: Path):
    """A 16 MB filesystem of its own (tests run as root here and in CI)."""
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(folder)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"a small filesystem cannot be mounted here ({mounted.stderr.strip()}): this test needs root")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=True)


def test_a_full_disk_never_stops_or_delays_the_show_and_loses_nothing(tmp_path, disk):
    db = disk / "a.db"
    show, burst = show_taking_orders(tmp_path, db, SEGMENTS, shops=1)
    try:
        show.wait_for(lambda line: "ON AIR 3/" in line.text, 15)
        mark = len(show.lines)
        ballast = fill(disk)
        filled = time.time()
        failing = show.wait_for(lambda line: line.words[1:2] == ["LOG FAILING"], 5, after=mark)
        show.wait_for(lambda line: f"ON AIR {3 + FULL_TAKES}/" in line.text, 15)
        ballast.unlink()
        freed = time.time()
        recovered = show.wait_for(lambda line: line.words[1:2] == ["LOG OK"], 5, after=mark)
        assert show.ended(15) == 0
    finally:
        burst.stop()
        show.kill()
    told = round(failing.at - filled, 3)
    assert told <= TOLD_WITHIN_S  # orders keep writing: the first refused write comes at once
    assert "the disk is full" in failing.text
    assert recovered.at - freed <= TOLD_WITHIN_S  # tried again every half second
    assert len(show.log_lines("FAILING")) == len(show.log_lines("OK")) == 1
    worst = assert_show_kept(show, db, show.on_air(), burst, SEGMENTS)
    print(f"told {told} s after the disk filled; worst take {worst * 1000:.1f} ms off plan; {burst.refused} orders refused")
    assert burst.refused > 0
    assert [row["kind"] for row in rows(db, "SELECT kind FROM events WHERE kind = 'log_health'")] == ["log_health"] * 2
