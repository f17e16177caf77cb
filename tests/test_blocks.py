"""Blocks, delays and custom fields: the budget and back-time of a block through overtime, delays
applied and cancelled live, a hard start a delay pushes segments past, custom fields checked."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import time, timedelta
from pathlib import Path

from showkit import make_rundown, seg
from studio.rundown.editing import insert_break
from studio.rundown.loader import check_rundown, check_text
from studio.rundown.model import Block, Delay
from studio.show.clock import FakeClock
from studio.show.commands import command, perform
from studio.show.engine import Engine
from studio.show.events import DirectorAction, EventBus, Notice
from studio.storage.asrun import AsRunLog

MINUTE = 60.0


def with_parts(rundown, **parts):
    return type(rundown)(rundown.path, rundown.show, rundown.exhibitors, rundown.segments, **parts)


def slot_show():
    """Opening 3m, then Serenco's slot (pitch 4m held at zero, demo 5m) with a 10m budget, then closing 3m."""
    rundown = make_rundown(seg("opening", 3 * MINUTE), seg("pitch", 4 * MINUTE, end="hold", block="serenco"),
                           seg("demo", 5 * MINUTE, block="serenco"), seg("closing", 3 * MINUTE))
    return with_parts(rundown, blocks=(Block("serenco", "Serenco slot", 10 * MINUTE),))


def test_a_block_counts_its_budget_down_and_backtimes_through_the_overtime_minute_by_minute(build, clock):
    engine, _ = build(slot_show())
    t0 = clock.wall()
    engine.start()
    seen = []
    for minute in range(16):
        if minute == 9:
            engine.go()  # the pitch ran 2m over: GO takes the demo
        block, = engine.state().blocks
        seen.append((minute, block.status, block.left / MINUTE, block.over_under / MINUTE))
        assert block.start == t0 + timedelta(minutes=3) and block.ends_by == t0 + timedelta(minutes=13)
        assert (block.first, block.last, block.budget, block.title) == (1, 2, 600, "Serenco slot")
        clock.advance(MINUTE)
    assert seen == [
        (0, "upcoming", 10, -1), (1, "upcoming", 10, -1), (2, "upcoming", 10, -1),  # 9m planned in a 10m budget
        (3, "on_air", 10, -1), (4, "on_air", 9, -1), (5, "on_air", 8, -1), (6, "on_air", 7, -1),
        (7, "on_air", 6, -1),  # the pitch is at zero and holds
        (8, "on_air", 5, 0),  # a minute of overtime eats the minute to spare
        (9, "on_air", 4, 1),  # two: the block will end a minute over (GO now)
        (10, "on_air", 3, 1), (11, "on_air", 2, 1), (12, "on_air", 1, 1), (13, "on_air", 0, 1),
        (14, "done", -1, 1), (15, "done", -1, 1),  # ended a minute over its budget
    ]


def delay_show(applied: bool = False, hard: time | None = None):
    rundown = make_rundown(seg("a", 10 * MINUTE), seg("b", 10 * MINUTE), seg("c", 10 * MINUTE, start=hard))
    return with_parts(rundown, delays=(Delay("late", "b", 5 * MINUTE, applied),))


def starts(engine, start) -> list[tuple[float | None, float | None]]:
    """(planned, projected) start of each segment then the end, in minutes from the planned start."""
    state = engine.state()
    minutes = [((row.planned_start - start) / timedelta(minutes=1),
                None if row.projected_start is None else (row.projected_start - start) / timedelta(minutes=1))
               for row in state.segments]
    return [*minutes, ((state.planned_end - start) / timedelta(minutes=1), (state.projected_end - start) / timedelta(minutes=1))]


def test_a_delay_applied_and_cancelled_live_moves_the_soft_starts_after_it(build, clock):
    engine, recorded = build(delay_show())
    t0 = clock.wall()
    engine.start()
    clock.advance(2 * MINUTE)
    assert starts(engine, t0) == [(0, None), (10, 10), (20, 20), (30, 30)]
    assert [(d.delay_id, d.before, d.applied) for d in engine.state().delays] == [("late", 1, False)]
    delay = command("delay")
    outcome = perform(delay, engine, delay.complete({"delay": "late", "on": True}), "10.0.0.7")
    assert outcome.refused is None and outcome.state.delays[0].applied
    assert starts(engine, t0) == [(0, None), (15, 15), (25, 25), (35, 35)]
    assert engine.state().drift == 0  # the plan moved with the projection: the show is not late
    clock.advance(MINUTE)
    assert starts(engine, t0) == [(0, None), (15, 15), (25, 25), (35, 35)]
    perform(delay, engine, delay.complete({"delay": "late", "on": False}), "10.0.0.7")
    assert starts(engine, t0) == [(0, None), (10, 10), (20, 20), (30, 30)]
    assert [(e.action, e.detail["applied"]) for e in recorded.of(DirectorAction)] == [("delay", True), ("delay", False)]
    perform(delay, engine, delay.complete({"delay": "late"}), "stdin")  # toggles: applied again
    clock.advance(8 * MINUTE)  # a ends at 10 and b is taken at once: studio never waits through a delay
    assert engine.on_air.id == "b"
    assert starts(engine, t0)[1:] == [(15, None), (25, 20), (35, 30)]
    assert engine.state().drift == -5 * MINUTE  # five minutes early on the delayed plan


def test_a_delay_in_the_file_counts_from_the_start_and_an_unknown_one_is_a_sentence(build, clock):
    engine, recorded = build(delay_show(applied=True))
    t0 = clock.wall()
    assert starts(engine, t0) == [(0, 0), (15, 15), (25, 25), (35, 35)]
    engine.set_delay("lat", True)
    assert recorded.of(Notice)[-1].message == "There is no delay 'lat' (delays: late)."
    assert starts(engine, t0) == [(0, 0), (15, 15), (25, 25), (35, 35)]


def test_a_hard_start_after_a_delay_stays_and_the_conflict_is_said(build, clock):
    engine, recorded = build(delay_show(hard=time(19, 50)))  # c at 19:50, 20 minutes after the start
    t0 = clock.wall()
    engine.start()
    engine.set_delay("late", True)
    sentence = ("hard start 19:50:00 of 'C' stays where it is: delay 'late' pushes the segments before it to 19:55:00, "
                "5m past it (cancel a delay or shorten a segment)")
    assert engine.state().conflicts == (sentence,)
    assert recorded.of(Notice)[-1].level == "warning" and recorded.of(Notice)[-1].message == "H" + sentence[1:] + "."
    assert starts(engine, t0) == [(0, None), (15, 15), (20, 20), (30, 30)]  # c stays at 20
    assert engine.state().next_hard_start.slack == -5 * MINUTE
    clock.advance(21 * MINUTE)
    assert engine.on_air.id == "c"  # taken at its hard start, cutting b short
    engine.set_delay("late", False)
    assert engine.state().conflicts == ()


SHOW = """\
show:
  title: Custom fields
  start: "19:30"
fields:
  - {name: camera, type: choice, choices: [Cam 1, Cam 2]}
  - {name: guests, type: number}
segments:
  - id: pitch
    title: Pitch
    duration: 4m
    fields: {camera: Cam 3, guests: 2}
"""


def test_studio_check_refuses_a_bad_custom_field_value_at_its_place(tmp_path: Path):
    path = tmp_path / "show.yaml"
    path.write_text(SHOW)
    result = subprocess.run([str(Path(sys.executable).parent / "studio"), "check", str(path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{path}:11:22: 'Cam 3' is not a choice of custom field 'camera' (did you mean 'Cam 2'?); use one of: Cam 1, Cam 2"]
    path.write_text(SHOW.replace("guests: 2", "gests: two"))
    assert [str(p) for p in check_rundown(path)[1]] == [
        f"{path}:11:22: 'Cam 3' is not a choice of custom field 'camera' (did you mean 'Cam 2'?); use one of: Cam 1, Cam 2",
        f"{path}:11:29: unknown custom field 'gests' (did you mean 'guests'?); declare it in fields:"]
    path.write_text(SHOW.replace("Cam 3", "Cam 2"))
    rundown, problems = check_rundown(path)
    assert problems == [] and rundown.segments[0].fields == (("camera", "Cam 2"), ("guests", 2))


BLOCKS = """\
show:
  title: Blocks
  start: "19:30"
blocks:
  - {id: serenco, budget: 8m}
delays:
  - {id: doors, before: pich, duration: 5m}
segments:
  - {id: pitch, title: Pitch, duration: 4m, block: serenco}
  - {id: break, title: Break, duration: 5m}
  - {id: demo, title: Demo, duration: 5m, block: serenco}
  - {id: closing, title: Closing, duration: 2m, block: serenc}
"""


def test_blocks_must_be_declared_and_follow_each_other_and_delays_name_a_segment(tmp_path: Path):
    path = tmp_path / "show.yaml"
    path.write_text(BLOCKS)
    assert [str(p) for p in check_rundown(path)[1]] == [
        f"{path}:5:27: warning: block 'serenco' is planned 1m over its budget: its segments take 9m, the budget is 8m",
        f"{path}:7:25: unknown segment 'pich' (did you mean 'pitch'?)",
        f"{path}:11:50: the segments of block 'serenco' must follow each other: segment 'break' (line 10) is between them",
        f"{path}:12:56: unknown block 'serenc' (did you mean 'serenco'?); declare it in blocks:",
    ]


def test_a_live_edit_keeps_the_delays_applied_live_and_takes_new_ones_as_written(build, clock):
    engine, _ = build(delay_show())
    t0 = clock.wall()
    engine.start()
    engine.set_delay("late", True)
    edited = with_parts(engine.rundown, delays=(*engine.rundown.delays, Delay("more", "c", MINUTE)))
    engine.replace_rundown(edited)
    assert [(d.delay_id, d.applied) for d in engine.state().delays] == [("late", True), ("more", True)]
    assert starts(engine, t0)[1:] == [(15, 15), (26, 26), (36, 36)]


def test_a_show_resumed_after_a_crash_keeps_the_delays_applied_live(db_dir, clock, log):
    show = delay_show()
    t0 = clock.wall()
    engine = Engine(show, clock=clock, timers=clock, bus=EventBus(), recorder=log, planned_start=t0)
    engine.start()
    engine.set_delay("late", True)
    clock.advance(2 * MINUTE)
    log.heartbeat(engine.show_id, clock.wall())
    log.close()  # as kill -9 leaves it: the show never ended
    later = FakeClock(clock.wall() + timedelta(seconds=30), mono=50.0)
    again = AsRunLog(db_dir / "studio.db")
    try:
        point = again.resume_point(str(show.path.resolve()))
        assert point.delays == (("late", True),)
        resumed = Engine(show, clock=later, timers=later, bus=EventBus(), recorder=again, planned_start=point.planned_start)
        resumed.restore(point)
        assert resumed.state().delays[0].applied
        assert starts(resumed, t0)[1:] == [(15, 15), (25, 25), (35, 35)]
    finally:
        again.close()


HEADLESS = """\
show:
  title: Headless blocks
  timezone: Europe/Paris
  start: "19:30:00"
blocks:
  - {id: slot, budget: 10m}
segments:
  - {id: pitch, title: Pitch, duration: 4m, block: slot}
  - {id: demo, title: Demo, duration: 5m, block: slot}
"""


def test_the_headless_status_says_the_block_on_air(tmp_path: Path):
    path = tmp_path / "show.yaml"
    path.write_text(HEADLESS)
    proc = subprocess.Popen([str(Path(sys.executable).parent / "studio"), "run", str(path), "--headless", "--start", "now",
                             "--db", str(tmp_path / "a.db")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    out = proc.stdout
    assert "SHOW START" in out.readline() and "pitch" in out.readline()
    proc.stdin.write("status\ngo\ngo\n")
    proc.stdin.close()
    status = out.readline()
    assert re.search(r", block slot (10:00|09:59) left, ends -01:00$", status), status
    assert proc.wait(30) == 0


def test_a_break_inserted_inside_a_block_joins_it(tmp_path: Path):
    text = HEADLESS
    edited, new_id = insert_break(text, "pitch", "30s")
    rundown, problems = check_text(edited, tmp_path / "show.yaml")
    assert problems == [] and [(s.id, s.block) for s in rundown.segments] == [
        ("pitch", "slot"), (new_id, "slot"), ("demo", "slot")]
    after, _ = insert_break(text, "demo", "2m")  # after the block's last segment: outside it
    assert check_text(after, tmp_path / "show.yaml")[0].segments[-1].block is None
