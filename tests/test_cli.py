"""The `studio` command as a director runs it: real processes, real files, real signals."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlite_utils

STUDIO = str(Path(sys.executable).parent / "studio")

SHORT = """\
show:
  title: CLI test
  timezone: Europe/Paris
  start: "19:30:00"
segments:
  - {id: opening, title: Opening, duration: 1s, end: auto}
  - {id: pitch, title: Pitch, duration: 1s, end: auto}
  - {id: closing, title: Closing, duration: 1s, end: auto}
"""

HELD = """\
show:
  title: Held show
  timezone: Europe/Paris
  start: "19:30:00"
segments:
  - {id: opening, title: Opening, duration: 2s, end: auto}
  - {id: pitch, title: Pitch, duration: 10m, end: hold}
  - {id: closing, title: Closing, duration: 1s, end: auto}
"""


def write(tmp_path: Path, text: str, name: str = "show.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def studio(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([STUDIO, *args], capture_output=True, text=True, timeout=60, **kwargs)


def test_check_exit_codes(tmp_path):
    good = write(tmp_path, SHORT)
    assert studio("check", str(good)).returncode == 0
    bad = write(tmp_path, SHORT.replace("duration: 1s, end: auto}\n  - {id: pitch", "duration: 1x, end: auto}\n  - {id: pitch"), "bad.yaml")
    result = studio("check", str(bad))
    assert result.returncode == 1
    assert f"{bad}:6:" in result.stderr and "bad duration" in result.stderr
    assert "Traceback" not in result.stderr
    missing = studio("check", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr
    assert studio("check").returncode == 2


def test_a_headless_show_runs_to_its_end_and_is_logged(tmp_path):
    db = tmp_path / "asrun.db"
    result = studio("run", str(write(tmp_path, SHORT)), "--headless", "--start", "now", "--db", str(db), stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split("  ")[1].split()[0] for line in lines] == ["SHOW", "ON", "ON", "ON", "SHOW"]
    assert "opening" in lines[1] and "[start]" in lines[1]
    assert "ended opening after 00:01 (+00:00, auto)" in lines[2]
    runs = list(sqlite_utils.Database(db)["segment_runs"].rows)
    assert [(r["segment_id"], r["ended_by"]) for r in runs] == [("opening", "auto"), ("pitch", "auto"), ("closing", "auto")]


def test_director_commands_on_stdin(tmp_path):
    proc = subprocess.Popen([STUDIO, "run", str(write(tmp_path, HELD)), "--headless", "--start", "now", "--db",
                             str(tmp_path / "a.db")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    out = proc.stdout
    assert "SHOW START" in out.readline()
    assert "opening" in out.readline()
    assert "pitch" in out.readline()  # opening is auto: pitch follows after 2 s
    proc.stdin.write("+30\nbogus\nstatus\ngo\n")
    proc.stdin.flush()
    assert "DIRECTOR  extend seconds=30.0" in out.readline()
    assert "unknown command 'bogus'" in out.readline()
    assert re.match(r"STATUS  on air: pitch 10:(29|30) left, drift \+00:30, projected end \d\d:\d\d:\d\d, next: closing",
                    out.readline())
    assert "closing" in out.readline()
    proc.stdin.close()
    assert proc.wait(30) == 0
    assert "SHOW END" in out.read()


def test_killed_mid_show_it_resumes_the_same_show_on_the_same_segment(tmp_path):
    rundown, db = write(tmp_path, HELD), tmp_path / "a.db"
    proc = subprocess.Popen([STUDIO, "run", str(rundown), "--headless", "--start", "now", "--db", str(db)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    for _ in range(3):
        proc.stdout.readline()  # SHOW START, opening, pitch
    time.sleep(0.5)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    time.sleep(1)
    resumed = subprocess.Popen([STUDIO, "run", str(rundown), "--headless", "--resume", "--db", str(db)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert "SHOW RESUMED" in resumed.stdout.readline()
    assert re.search(r"WARNING  Show resumed after a gap of \d+ s", resumed.stdout.readline())
    line = resumed.stdout.readline()
    assert "pitch" in line and "[resume]" in line
    resumed.stdin.write("go\n")
    resumed.stdin.close()
    assert resumed.wait(30) == 0
    db_rows = sqlite_utils.Database(db)
    assert db_rows["shows"].count == 1
    runs = list(db_rows["segment_runs"].rows)
    assert [(r["segment_id"], r["ended_by"]) for r in runs] == [("opening", "auto"), ("pitch", "go"), ("closing", "auto")]
    assert runs[1]["actual_duration_s"] >= 1.5  # its real time on air, across the gap
    gap = [e for e in db_rows["events"].rows if e["kind"] == "resumed"]
    assert len(gap) == 1


def test_sigterm_stops_a_headless_show_as_ctrl_c_does_and_it_resumes(tmp_path):
    """A service manager's stop (systemd, docker stop) or `kill`: the show is closed, said, resumable."""
    rundown, db = write(tmp_path, HELD), tmp_path / "a.db"
    proc = subprocess.Popen([STUDIO, "run", str(rundown), "--headless", "--start", "now", "--db", str(db)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for _ in range(3):
        proc.stdout.readline()  # SHOW START, opening, pitch
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=15)
    assert proc.returncode == 128 + signal.SIGTERM and "Traceback" not in err
    assert f"Stopped. The show can go on with: studio run {rundown} --resume" in out
    runs = list(sqlite_utils.Database(db)["segment_runs"].rows)
    assert [(r["segment_id"], r["ended_by"]) for r in runs] == [("opening", "auto"), ("pitch", None)]
    resumed = subprocess.Popen([STUDIO, "run", str(rundown), "--headless", "--resume", "--db", str(db)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert "SHOW RESUMED" in resumed.stdout.readline()
    resumed.stdout.readline()  # the gap
    assert "[resume]" in resumed.stdout.readline()  # the pitch, held: GO ends it
    resumed.stdin.write("go\n")
    resumed.stdin.close()
    assert resumed.wait(30) == 0
    resumed.stdout.close()


def test_resume_with_nothing_to_resume_says_so(tmp_path):
    result = studio("run", str(write(tmp_path, SHORT)), "--headless", "--resume", "--db", str(tmp_path / "a.db"))
    assert result.returncode == 1
    assert "no unfinished show" in result.stderr and "Traceback" not in result.stderr


def test_a_bad_start_time_is_a_usage_error(tmp_path):
    result = studio("run", str(write(tmp_path, SHORT)), "--headless", "--start", "7pm")
    assert result.returncode == 2 and "not a time of day" in result.stderr


def test_notices_reach_the_log_once(tmp_path):
    db = tmp_path / "a.db"
    proc = subprocess.Popen([STUDIO, "run", str(write(tmp_path, HELD)), "--headless", "--start", "now", "--db", str(db)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    for _ in range(3):
        proc.stdout.readline()
    proc.stdin.write("back\nback\ngo\ngo\ngo\n")  # the second back has nothing before it: a notice
    proc.stdin.close()
    assert proc.wait(30) == 0
    notices = [e for e in sqlite_utils.Database(db)["events"].rows if e["kind"] == "show.info"]
    assert [json.loads(e["detail"])["message"] for e in notices] == ["Already on the first segment."]


def test_stdin_uses_the_command_registry_with_its_guards(tmp_path):
    rundown = HELD.replace("  - {id: closing", "  - {id: demo, title: Demo, duration: 1s, end: auto}\n  - {id: closing")
    proc = subprocess.Popen([STUDIO, "run", str(write(tmp_path, rundown)), "--headless", "--start", "now", "--db",
                             str(tmp_path / "a.db")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    out = proc.stdout
    for _ in range(3):
        out.readline()  # SHOW START, opening, pitch
    proc.stdin.write("jump closing\nhold on\nhold on\nmessage Wrap up\njump closing confirm\n")
    proc.stdin.flush()
    assert out.readline().rstrip("\n") == "?  Jump to Closing drops 1 segment not yet aired (demo): confirm it to jump."
    assert out.readline().split("  ", 1)[1].rstrip() == "DIRECTOR  hold"  # once: the second hold on changes nothing
    assert out.readline().split("  ", 1)[1].rstrip() == "SKIPPED  demo"  # the confirmed jump logs what it drops
    assert "ON AIR 4/4  closing" in out.readline()
    proc.stdin.close()
    assert proc.wait(30) == 0
    assert "SHOW END" in out.read()
