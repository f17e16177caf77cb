"""A show interrupted (the process killed) goes on where it was, on its real clock."""

from __future__ import annotations

import json
import sqlite3
import time
from contextlib import closing
from datetime import timedelta

from showkit import Recorded, make_rundown, rows, seg
from studio.storage.asrun import AsRunLog
from studio.show.clock import FakeClock
from studio.show.engine import Engine
from studio.show.events import EventBus, LogHealth, SegmentStarted

RUNDOWN = make_rundown(seg("a", 60), seg("b", 120, end="hold"), seg("c", 60), seg("d", 60))


def crash_after(clock, log, seconds: float) -> None:
    """Run the show for a while, then drop everything without closing it, as kill -9 would."""
    engine = Engine(RUNDOWN, clock=clock, timers=clock, bus=EventBus(), recorder=log, planned_start=clock.wall())
    engine.start()
    clock.advance(seconds)
    log.heartbeat(engine.show_id, clock.wall())  # LiveShow writes one every few seconds


def restart(db_dir, clock: FakeClock, gap: float) -> tuple[Engine, Recorded, AsRunLog]:
    later = FakeClock(clock.wall() + timedelta(seconds=gap), mono=50.0)
    log = AsRunLog(db_dir / "studio.db")
    point = log.resume_point(str(RUNDOWN.path.resolve()))
    bus = EventBus()
    recorded = Recorded(bus)
    engine = Engine(RUNDOWN, clock=later, timers=later, bus=bus, recorder=log, planned_start=point.planned_start)
    engine.restore(point)
    return engine, recorded, log


def test_resume_continues_the_same_show_on_the_segment_that_was_on_air(db_dir, clock, log):
    crash_after(clock, log, 90)  # b has been on air for 30 s
    log.close()
    engine, recorded, log2 = restart(db_dir, clock, gap=20)
    try:
        state = engine.state()
        assert engine.show_id == 1 and engine.on_air.id == "b"
        assert state.elapsed == 50  # 30 s before the crash + the 20 s gap: the clock kept running
        assert state.remaining == 70
        assert recorded.of(SegmentStarted)[0].taken_by == "resume"
        engine.go()
        runs = rows(log2, "segment_runs")
        assert [(r["segment_id"], r["ended_by"], r["actual_duration_s"]) for r in runs] == [
            ("a", "auto", 60.0), ("b", "go", 50.0), ("c", None, None)]
        resumed = [e for e in rows(log2, "events") if e["kind"] == "resumed"]
        assert json.loads(resumed[0]["detail"])["gap_s"] == 20
        assert len(rows(log2, "shows")) == 1
    finally:
        log2.close()


def test_an_auto_segment_whose_time_ran_out_during_the_gap_ends_at_the_resume(db_dir, clock, log):
    crash_after(clock, log, 30)  # a (auto, 60 s) has 30 s left
    log.close()
    engine, recorded, log2 = restart(db_dir, clock, gap=45)
    try:
        assert engine.on_air.id == "b"
        runs = rows(log2, "segment_runs")
        assert [(r["segment_id"], r["ended_by"], r["actual_duration_s"]) for r in runs[:1]] == [("a", "resume", 75.0)]
        assert runs[1]["taken_by"] == "resume"
    finally:
        log2.close()


def test_a_finished_show_is_not_resumed(db_dir, clock, log):
    crash_after(clock, log, 400)  # ... b is held: end it by hand
    log.close()
    engine, _, log2 = restart(db_dir, clock, gap=1)
    engine.go(), engine.go(), engine.go()
    assert engine.ended
    assert log2.resume_point(str(RUNDOWN.path.resolve())) is None
    log2.close()


def test_what_waited_in_the_journal_when_the_process_died_is_replayed_on_open(db_dir, clock, log):
    """Another program locks the database; the show goes on, told once; the process dies; the next open
    writes the journal's records, in order, and the show resumes on the segment that was really on air."""
    bus = EventBus()
    told = Recorded(bus)
    log.report_health(bus, lambda work: work(), clock.monotonic)
    engine = Engine(RUNDOWN, clock=clock, timers=clock, bus=bus, recorder=log, planned_start=clock.wall())
    engine.start()
    log.writer.flush()
    other = sqlite3.connect(log.path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        clock.advance(90)  # a ends, b goes on air: only in the journal
        engine.extend(30)
        deadline = time.monotonic() + 5
        while not told.of(LogHealth) and time.monotonic() < deadline:
            time.sleep(0.01)
        log.close()  # one last try, refused: as kill -9 would leave it, the records are in the journal only
    finally:
        other.rollback()
        other.close()
    [health] = told.of(LogHealth)
    assert not health.ok and "another program has locked the database" in health.message
    assert str(log.journal) in health.message
    assert [r["segment_id"] for r in plain_rows(log.path, "segment_runs")] == ["a"]
    engine, _, log2 = restart(db_dir, clock, gap=10)
    try:
        assert engine.on_air.id == "b" and engine.state().remaining == 150 - 40  # extended by 30, on air 30 + 10 s
        runs = rows(log2, "segment_runs")
        assert [(r["segment_id"], r["ended_by"], r["extended_s"]) for r in runs] == [("a", "auto", 0), ("b", None, 30)]
        assert [e["kind"] for e in rows(log2, "events")][-2:] == ["extend", "resumed"]
    finally:
        log2.close()
    assert not log.journal.exists()


def plain_rows(path, table: str) -> list[sqlite3.Row]:
    with closing(sqlite3.connect(path)) as db:
        db.row_factory = sqlite3.Row
        return db.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
