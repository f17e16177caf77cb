"""The `studio` command as a director runs it: real processes, real files, real signals."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import signal
import subprocess
import sys
import termios
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

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


@contextmanager
def headless(rundown: Path, db: Path, *args: str, stderr: int | None = None) -> Iterator[subprocess.Popen]:
    """`studio run RUNDOWN --headless --db DB ARGS`, stdin and stdout piped as text; at the end its pipes are
    closed and, if it still runs (a failed test), it is killed."""
    proc = subprocess.Popen([STUDIO, "run", str(rundown), "--headless", "--db", str(db), *args],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, text=True)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        for pipe in (proc.stdin, proc.stdout, proc.stderr):
            if pipe is not None:
                pipe.close()


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
    with headless(write(tmp_path, HELD), tmp_path / "a.db", "--start", "now") as proc:
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


def resumed_to_the_end(rundown: Path, db: Path) -> list[str]:
    """`--resume` a show stopped on its held pitch, GO, run to the end (exit 0); its first three lines."""
    with headless(rundown, db, "--resume") as resumed:
        lines = [resumed.stdout.readline() for _ in range(3)]  # SHOW RESUMED, the gap, the pitch again
        resumed.stdin.write("go\n")
        resumed.stdin.close()
        assert resumed.wait(30) == 0
    assert "SHOW RESUMED" in lines[0]
    assert re.search(r"WARNING  Show resumed after a gap of \d+ s", lines[1])
    assert "pitch" in lines[2] and "[resume]" in lines[2]
    return lines


def test_killed_mid_show_it_resumes_the_same_show_on_the_same_segment(tmp_path):
    rundown, db = write(tmp_path, HELD), tmp_path / "a.db"
    with headless(rundown, db, "--start", "now") as proc:
        for _ in range(3):
            proc.stdout.readline()  # SHOW START, opening, pitch
        time.sleep(0.5)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    time.sleep(1)
    resumed_to_the_end(rundown, db)
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
    with headless(rundown, db, "--start", "now", stderr=subprocess.PIPE) as proc:
        for _ in range(3):
            proc.stdout.readline()  # SHOW START, opening, pitch
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=15)
    assert proc.returncode == 128 + signal.SIGTERM and "Traceback" not in err
    assert f"Stopped. The show can go on with: studio run {rundown} --resume" in out
    runs = list(sqlite_utils.Database(db)["segment_runs"].rows)
    assert [(r["segment_id"], r["ended_by"]) for r in runs] == [("opening", "auto"), ("pitch", None)]
    resumed_to_the_end(rundown, db)


def test_a_closed_terminal_does_not_stop_a_headless_show(tmp_path):
    """A closed terminal window or a dropped ssh session hangs up the show's terminal (SIGHUP): the show goes
    on to its end, on time, and its log says what happened and how to stop it."""
    rundown, db = write(tmp_path, SHORT), tmp_path / "a.db"
    terminal, its_end = pty.openpty()
    proc = subprocess.Popen([STUDIO, "run", str(rundown), "--headless", "--db", str(db), "--start", "now"],
                            stdin=its_end, stdout=its_end, stderr=its_end, start_new_session=True,
                            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))  # its controlling terminal
    os.close(its_end)
    try:
        shown = b""
        while b"ON AIR 1/3" not in shown:  # then three seconds of show are left
            assert select.select([terminal], [], [], 15)[0], shown
            shown += os.read(terminal, 4096)
        os.close(terminal)  # the terminal goes away: the kernel hangs up the show's session
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    rows = sqlite_utils.Database(db)
    runs = list(rows["segment_runs"].rows)
    assert [(r["segment_id"], r["ended_by"]) for r in runs] == [("opening", "auto"), ("pitch", "auto"), ("closing", "auto")]
    assert all(abs(r["actual_duration_s"] - r["planned_duration_s"]) < 0.5 for r in runs)
    said = [json.loads(e["detail"])["message"] for e in rows["events"].rows if e["kind"] == "terminal.warning"]
    assert said == [f"Hung up (SIGHUP: the terminal closed or the ssh session dropped): the show goes on without it. "
                    f"Stop it with: kill -TERM {proc.pid}"]


def test_resume_with_nothing_to_resume_says_so(tmp_path):
    result = studio("run", str(write(tmp_path, SHORT)), "--headless", "--resume", "--db", str(tmp_path / "a.db"))
    assert result.returncode == 1
    assert "no unfinished show" in result.stderr and "Traceback" not in result.stderr


def test_a_bad_start_time_is_a_usage_error(tmp_path):
    result = studio("run", str(write(tmp_path, SHORT)), "--headless", "--start", "7pm")
    assert result.returncode == 2 and "not a time of day" in result.stderr


def test_notices_reach_the_log_once(tmp_path):
    db = tmp_path / "a.db"
    with headless(write(tmp_path, HELD), db, "--start", "now") as proc:
        for _ in range(3):
            proc.stdout.readline()
        proc.stdin.write("back\nback\ngo\ngo\ngo\n")  # the second back has nothing before it: a notice
        proc.stdin.close()
        assert proc.wait(30) == 0
    notices = [e for e in sqlite_utils.Database(db)["events"].rows if e["kind"] == "show.info"]
    assert [json.loads(e["detail"])["message"] for e in notices] == ["Already on the first segment."]


def test_stdin_uses_the_command_registry_with_its_guards(tmp_path):
    rundown = HELD.replace("  - {id: closing", "  - {id: demo, title: Demo, duration: 1s, end: auto}\n  - {id: closing")
    with headless(write(tmp_path, rundown), tmp_path / "a.db", "--start", "now") as proc:
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
