"""The primary's state read onto this studio's clock, caught up to the takeover, and copied into a real as-run log."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from showkit import make_rundown, seg

from studio.app.cli import again_resumed
from studio.rundown.free_timers import free_timer
from studio.standby.config import standby_url
from studio.standby.followed import Followed, FollowedRun, caught_up, copy_into, followed_from
from studio.storage.asrun import AsRunLog

T0 = datetime(2026, 11, 5, 18, 30, tzinfo=timezone.utc)
RUNDOWN = make_rundown(seg("a", 10), seg("b", 20), seg("c", 30, end="hold"), seg("d", 5))


def ms(moment: datetime) -> float:
    return moment.timestamp() * 1000


def state(phase: str = "on_air", held: bool = False, remaining: float = 25.0) -> dict:
    """b on air since T0+10 s, read at T0+14 s, extended by 9 s; c skipped; a done."""
    row = {"planned_start": ms(T0), "actual_start": None, "actual_duration_s": None}
    return {"type": "state", "phase": phase, "at": ms(T0 + timedelta(seconds=14)), "server_time": 0,
            "on_air": {"id": "b", "elapsed_s": 4.0, "remaining_s": remaining, "duration_s": 20.0, "held": held},
            "next": {"id": "d"},
            "segments": [{**row, "id": "a", "status": "done", "actual_start": ms(T0), "actual_duration_s": 10.0},
                         {**row, "id": "b", "status": "on_air", "actual_start": ms(T0 + timedelta(seconds=10))},
                         {**row, "id": "c", "status": "skipped"}, {**row, "id": "d", "status": "next"}]}


def test_a_state_is_read_onto_this_clock_with_the_extension_and_what_was_skipped():
    followed = followed_from(state(), RUNDOWN, offset_s=2.0)  # the primary's clock is 2 s ahead of this one
    shift = timedelta(seconds=2)
    assert followed.runs == (FollowedRun("a", T0 - shift, T0 + timedelta(seconds=10) - shift),
                             FollowedRun("b", T0 + timedelta(seconds=10) - shift, None))
    assert (followed.on_air, followed.extended_s, followed.skipped, followed.next_id) == ("b", 9.0, ("c",), "d")
    assert followed.planned_start == T0 - shift and followed.live


def test_a_state_of_another_rundown_is_refused_with_a_sentence():
    other = make_rundown(seg("a", 10), seg("x", 20), seg("c", 30), seg("d", 5))
    with pytest.raises(ValueError, match="'b' is not in this rundown"):
        followed_from(state(), other, 0.0)


def test_caught_up_takes_an_overdue_automatic_segment_at_its_planned_instant():
    followed = followed_from(state(), RUNDOWN, 0.0)
    zero = T0 + timedelta(seconds=10 + 20 + 9)  # b's planned end with its extension
    assert caught_up(followed, RUNDOWN, zero - timedelta(seconds=0.1)) == followed  # not due yet
    later = caught_up(followed, RUNDOWN, zero + timedelta(seconds=1.5))
    assert later.runs[-2:] == (FollowedRun("b", T0 + timedelta(seconds=10), zero, ended_by="auto"),
                               FollowedRun("d", zero, None, taken_by="auto"))  # the cued d, not the skipped c
    assert (later.on_air, later.extended_s, later.next_id) == ("d", 0.0, None)
    held = followed_from(state(held=True), RUNDOWN, 0.0)
    assert caught_up(held, RUNDOWN, zero + timedelta(seconds=5)) == held  # a held segment waits for the director


def test_the_copy_in_this_studios_log_resumes_where_the_primary_was(db_dir):
    log = AsRunLog(db_dir / "standby.db")
    try:
        followed = followed_from(state(), RUNDOWN, 0.0)
        point = copy_into(log, RUNDOWN, followed, T0 + timedelta(seconds=16))
        log.writer.flush()
    finally:
        log.close()
    assert point.planned_start == T0 and point.started_at == T0 and point.last_seen == T0 + timedelta(seconds=16)
    assert [(r.segment_id, r.actual_end is None, r.extended_s) for r in point.runs] == [
        ("a", False, 0.0), ("b", True, 9.0), ("c", True, 0.0)]
    with closing(sqlite3.connect(db_dir / "standby.db")) as db:
        rows = db.execute("SELECT segment_id, taken_by, ended_by, actual_start, extended_s FROM segment_runs "
                          "ORDER BY id").fetchall()
    assert rows == [("a", "primary", "primary", "2026-11-05T18:30:00.000Z", 0.0),
                    ("b", "primary", None, "2026-11-05T18:30:10.000Z", 9.0),
                    ("c", None, "skip", None, 0.0)]


def test_the_standby_address_needs_a_token_and_a_stood_down_command_resumes_instead_of_starting():
    assert standby_url("ws://10.0.0.7:8417/ws?token=abc")
    with pytest.raises(Exception, match="is not a push address"):
        standby_url("ws://10.0.0.7:8417/ws")
    assert again_resumed(["run", "show.yaml", "--start", "19:30:00", "--headless"]) == \
        ["run", "show.yaml", "--headless", "--resume"]
    assert again_resumed(["run", "show.yaml", "--start=now", "--resume"]) == ["run", "show.yaml", "--resume"]
    assert not Followed("ended", T0, T0, (), ()).live  # an ended show is not taken over


def test_the_free_timers_are_taken_over_at_their_reading_running_or_not(db_dir):
    """A declared timer keeps this rundown's spec (a reset gives the same); one made live on the primary is rebuilt."""
    rundown = replace(RUNDOWN, timers=(free_timer("Q&A", "down", 300.0),))
    at = T0 + timedelta(seconds=14)
    message = {**state(), "timers": [
        {"name": "Q&A", "mode": "down", "seconds": 250.0, "running": True, "presenter": True, "target": None},
        {"name": "Speaker", "mode": "up", "seconds": 42.0, "running": False, "presenter": False, "target": None},
        {"name": "Doors", "mode": "to", "seconds": 60.0, "running": True, "presenter": False,
         "target": ms(at + timedelta(seconds=60))}]}
    followed = followed_from(message, rundown, offset_s=0.0)
    qa, speaker, doors = followed.timers
    assert (qa.spec, qa.banked_s, qa.since) == (free_timer("Q&A", "down", 300.0, presenter=True), 50.0, at)
    assert (speaker.spec.mode, speaker.banked_s, speaker.since) == ("up", 42.0, None)
    assert (doors.spec.mode, doors.target, doors.since) == ("to", at + timedelta(seconds=60), at)
    log = AsRunLog(db_dir / "standby.db")
    try:
        point = copy_into(log, rundown, followed, T0 + timedelta(seconds=16))
    finally:
        log.close()
    assert point.timers == followed.timers  # the engine restores them as after a crash (test_resume_free_timers.py)
