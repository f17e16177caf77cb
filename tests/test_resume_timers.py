"""Free timers survive a crash: `studio run --headless` killed (SIGKILL) with a running and a paused timer,
then `--resume`d: the running one read on as if it had never stopped, the paused one where it was."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
from datetime import datetime

import sqlite_utils
from test_cli import STUDIO, write

SHOW = """\
show:
  title: Timers across a crash
  timezone: Europe/Paris
  start: "19:30:00"
segments:
  - {id: opening, title: Opening, duration: 1s, end: auto}
  - {id: qa, title: Q&A, duration: 10m, end: hold}
  - {id: closing, title: Closing, duration: 1s, end: auto}
timers:
  - {name: Q&A, duration: 5m, presenter: true}
  - {name: Speaker}
"""


def status(proc: subprocess.Popen) -> tuple[dict[str, tuple[float, bool]], float]:
    """Each timer's (seconds, running) as `status` prints them, and when the line came."""
    proc.stdin.write("status\n")
    proc.stdin.flush()
    while not (line := proc.stdout.readline()).startswith("STATUS"):
        assert line, "the show ended before answering status"
    at = time.monotonic()
    readings = {}
    for name, sign, minutes, seconds, stopped in re.findall(r"(Q&A|Speaker) (-?)(\d+):(\d\d)( stopped)?", line):
        readings[name] = ((-1 if sign else 1) * (int(minutes) * 60 + int(seconds)), not stopped)
    assert set(readings) == {"Q&A", "Speaker"}, line
    return readings, at


def test_a_running_and_a_paused_free_timer_go_on_after_a_kill_and_resume(tmp_path):
    rundown, db = write(tmp_path, SHOW), tmp_path / "a.db"
    proc = subprocess.Popen([STUDIO, "run", str(rundown), "--headless", "--start", "now", "--db", str(db)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert "SHOW START" in proc.stdout.readline()
        proc.stdin.write("timer_start Q&A\ntimer_start Speaker\n")
        proc.stdin.flush()
        time.sleep(2.2)  # away from a half second: the status line rounds to whole seconds
        proc.stdin.write("timer_pause Speaker\n")
        before, read_before = status(proc)
        time.sleep(1.0)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert before["Q&A"][1] and not before["Speaker"][1] and 2 <= before["Speaker"][0] <= 3
    time.sleep(1.5)  # the gap: the Q&A countdown runs on through it, like the show's clock

    resumed = subprocess.Popen([STUDIO, "run", str(rundown), "--headless", "--resume", "--db", str(db)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert "SHOW RESUMED" in resumed.stdout.readline()
        after, read_after = status(resumed)
        resumed.stdin.write("timer_pause Q&A\ngo\n")
        resumed.stdin.close()
        assert resumed.wait(30) == 0
    finally:
        resumed.kill()
    expected = before["Q&A"][0] - (read_after - read_before)
    print(f"Q&A read {before['Q&A'][0]} s, then {after['Q&A'][0]} s after {read_after - read_before:.1f} s "
          f"across the kill (expected {expected:.1f} s)")
    assert after["Q&A"][1] and abs(after["Q&A"][0] - expected) <= 1.0  # whole seconds as printed, each rounded
    assert not after["Speaker"][1] and abs(after["Speaker"][0] - before["Speaker"][0]) <= 1.0  # where it was paused

    states = [json.loads(row["detail"]) for row in sqlite_utils.Database(db).query(
        "SELECT detail FROM events WHERE kind = 'timer_state' ORDER BY id")]
    started = next(state for state in states if state["timer"] == "Q&A" and state["since"] is not None)
    paused_rows = list(sqlite_utils.Database(db).query(
        "SELECT ts, detail FROM events WHERE kind = 'timer_state' AND json_extract(detail, '$.timer') = 'Q&A' ORDER BY id"))
    last = paused_rows[-1]
    assert json.loads(last["detail"])["since"] is None  # paused after the resume: what it counted in all
    counted = (datetime.fromisoformat(last["ts"]) - datetime.fromisoformat(started["since"])).total_seconds()
    assert abs(json.loads(last["detail"])["banked_s"] - counted) < 0.05  # from its first start, across the gap
