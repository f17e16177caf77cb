"""Timer types, end actions, free timers and shows past midnight, as rundown files say them."""

from __future__ import annotations

import subprocess
import sys
from datetime import time
from pathlib import Path

from showkit import LATE_SHOW as LATE
from studio.rundown.loader import check_rundown
from studio.rundown.model import FreeTimer

STUDIO = str(Path(sys.executable).parent / "studio")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "show.yaml"
    path.write_text(text)
    return path


def test_a_show_from_2330_to_0100_checks_clean_and_places_its_times_after_midnight(tmp_path: Path) -> None:
    rundown, problems = check_rundown(write(tmp_path, LATE))
    assert problems == [] and rundown is not None
    assert rundown.planned_offsets() == [0.0, 1800.0, 2700.0]
    assert rundown.hard_out_offset() == 5400.0
    assert [(s.end, s.timer) for s in rundown.segments] == [("auto", "countdown"), ("standby", "count_up"),
                                                             ("hold", "time_of_day")]


def test_studio_check_accepts_the_late_show_and_refuses_one_that_cannot_fit(tmp_path: Path) -> None:
    path = write(tmp_path, LATE)
    assert subprocess.run([STUDIO, "check", str(path)], capture_output=True, text=True, timeout=60).returncode == 0
    path.write_text(LATE.replace("duration: 45m", "duration: 1h"))  # 00:15 + 1h is past the hard out 01:00
    refused = subprocess.run([STUDIO, "check", str(path)], capture_output=True, text=True, timeout=60)
    assert refused.returncode == 1
    assert "the rundown is planned to run until 01:15:00, 15m past the hard out 01:00:00" in refused.stdout + refused.stderr
    path.write_text(LATE.replace("duration: 15m", "duration: 20m"))  # the segments before 00:15 run until 00:20
    refused = subprocess.run([STUDIO, "check", str(path)], capture_output=True, text=True, timeout=60)
    assert refused.returncode == 1 and "hard start 00:15:00 is unreachable" in refused.stdout + refused.stderr


def test_hard_starts_past_midnight_are_in_order_after_ones_before_it(tmp_path: Path) -> None:
    text = LATE.replace("duration: 30m, end: auto}", 'duration: 20m, end: auto}\n  - {id: late, title: L, duration: 10m, start: "23:50"}')
    rundown, problems = check_rundown(write(tmp_path, text))
    assert rundown is not None and problems == []


def test_free_timers_are_read_with_their_modes_and_checked(tmp_path: Path) -> None:
    text = LATE + """\
timers:
  - {name: Q&A, duration: 5m, presenter: true}
  - {name: Doors, to: "00:45"}
  - {name: Speaker}
"""
    rundown, problems = check_rundown(write(tmp_path, text))
    assert problems == [] and rundown is not None
    assert rundown.timers == (FreeTimer("Q&A", "down", 300.0, None, True), FreeTimer("Doors", "to", 0.0, time(0, 45)),
                              FreeTimer("Speaker", "up"))
    rundown, problems = check_rundown(write(tmp_path, text + "  - {name: Q&A, mode: down}\n"))
    assert rundown is None
    assert [p.message for p in problems] == ["duplicate timer name 'Q&A' (first used on line 11)"]
    rundown, problems = check_rundown(write(tmp_path, text + "  - {name: Lunch, mode: to}\n"))
    assert rundown is None and [(p.line, p.message) for p in problems] == [
        (14, "timer 'Lunch' counts to a time of day: give it 'to'")]


def test_an_unknown_timer_type_is_named_with_the_choices(tmp_path: Path) -> None:
    rundown, problems = check_rundown(write(tmp_path, LATE.replace("timer: count_up", "timer: countup")))
    assert rundown is None
    assert "unknown timer 'countup' (did you mean 'count_up'?); use one of: countdown, count_up, time_of_day, none" in problems[0].message


def test_a_show_started_after_midnight_is_the_one_that_began_yesterday_evening(tmp_path: Path) -> None:
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from studio.app.start import plan_start

    paris = ZoneInfo("Europe/Paris")
    rundown, _ = check_rundown(write(tmp_path, LATE))
    assert rundown is not None
    tonight = datetime(2026, 11, 5, 23, 30, tzinfo=paris)
    at_0010 = datetime(2026, 11, 6, 0, 10, tzinfo=paris)
    plan = plan_start(rundown, None, at_0010, auto_start=True)
    assert plan.planned_start == tonight and plan.note is not None and "0:40:00 late" in plan.note
    assert plan_start(rundown, "23:30", at_0010, auto_start=True).planned_start == tonight
    dated, _ = check_rundown(write(tmp_path, LATE.replace("  start:", "  date: 2026-11-05\n  start:", 1)))
    assert dated is not None
    plan = plan_start(dated, None, at_0010, auto_start=True)
    assert (plan.planned_start, plan.floating) == (tonight, False)
    after_the_show = at_0010 + timedelta(hours=1)  # 01:10: the show is over, tonight's is the next one
    assert plan_start(rundown, None, after_the_show, auto_start=True).planned_start == tonight + timedelta(days=1)


def test_headless_says_stand_by_and_takes_free_timer_commands_on_stdin(tmp_path: Path) -> None:
    import re

    path = write(tmp_path, """\
show: {title: Stand by, timezone: Europe/Paris, start: "19:30"}
segments:
  - {id: talk, title: Talk, duration: 1s, end: standby}
  - {id: pitch, title: Pitch, duration: 1s, end: auto}
timers:
  - {name: Q&A, duration: 5m}
""")
    proc = subprocess.Popen([STUDIO, "run", str(path), "--headless", "--start", "now", "--db", str(tmp_path / "a.db")],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdin is not None and proc.stdout is not None
    out = proc.stdout
    assert "SHOW START" in out.readline() and "talk" in out.readline()
    assert out.readline().endswith("STAND BY  pitch: loaded, GO takes it\n")
    assert "OVERTIME  talk" in out.readline()
    proc.stdin.write("timer_start Q&A\nstatus\ngo\n")
    proc.stdin.flush()
    assert "DIRECTOR  timer_start timer=Q&A" in out.readline()
    assert re.search(r", timers: Q&A 0[45]:\d\d$", out.readline().rstrip("\n"))
    assert "ON AIR 2/2  pitch" in out.readline()
    proc.stdin.close()
    assert proc.wait(30) == 0
