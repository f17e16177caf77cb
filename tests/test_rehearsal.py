"""Exhibitor rehearsal, core: the plan, attempts timed on the fake clock, SQLite rows, pace hints, the CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
import sqlite_utils

from showkit import Recorded, make_rundown, seg
from studio.storage.asrun import AsRunLog
from studio.app.cli import main
from studio.show.clock import FakeClock
from studio.show.events import EventBus, Notice
from studio.rehearsal.command import RehearsalOptions
from studio.rehearsal.log import AttemptLogged, RehearsalLog
from studio.rehearsal.pace import pace_hint
from studio.rehearsal.plan import RehearsalError, RehearsalPlan, UnknownExhibitor, plan_for
from studio.rehearsal.run import Rehearsal, SegmentResult
from studio.rundown.model import Card, Exhibitor, Rundown, Segment

STUDIO = str(Path(sys.executable).parent / "studio")
SCRIPT = ("Good evening garages. Serenco has built two post lifts in the Netherlands since nineteen eighty seven, "
          "and tonight we show you the three tonne lift with asymmetric arms for vans and small trucks. ")


def rundown() -> Rundown:
    base = make_rundown(
        seg("opening", 60, kind="opening", cards=(Card("Welcome"),)),
        titled(seg("ser-pitch", 240, kind="pitch", exhibitor="ser",
                   cards=(Card("Serenco since 1987"), Card("Two-post lifts", 60), Card("Ten-year warranty", 120))),
               "Serenco — pitch"),
        seg("pnx-pitch", 240, kind="pitch", exhibitor="pnx"),
        titled(seg("ser-demo", 180, kind="demo", exhibitor="ser", cards=(Card("Lift a van"), Card("Safety locks", 90))),
               "Serenco — live demo"),
        titled(seg("ser-interview", 120, kind="interview", exhibitor="ser",
                   cards=(Card("Why asymmetric arms?"), Card("What does installation cost?", 45))), "Serenco — interview"),
    )
    exhibitors = {"ser": Exhibitor("ser", "Serenco"), "pnx": Exhibitor("pnx", "Pneumatix"), "idle": Exhibitor("idle", "Idle")}
    return replace(base, exhibitors=exhibitors)


def titled(segment: Segment, title: str) -> Segment:
    return replace(segment, title=title)


@pytest.fixture
def bus() -> EventBus:
    return EventBus()


@pytest.fixture
def rehearsal_log(db_dir: Path, bus: EventBus, clock: FakeClock):
    opened = RehearsalLog.open(db_dir / "studio.db", bus, clock)
    yield opened
    opened.close()


def committed(log: RehearsalLog) -> list[dict]:
    log.writer.call(lambda db: None)  # everything queued before is committed
    with sqlite_utils.Database(log.writer.path) as db:
        return list(db["rehearsals"].rows)


# ----- the plan ------------------------------------------------------------------------------


def test_the_plan_lays_the_exhibitors_segments_end_to_end_with_time_marks():
    plan = plan_for(rundown(), "ser")
    assert [p.segment.id for p in plan.segments] == ["ser-pitch", "ser-demo", "ser-interview"]
    assert [p.offset for p in plan.segments] == [0, 240, 420]
    assert plan.length == 540
    assert [m.at for m in plan.marks] == [0, 60, 120, 240, 330, 420, 465]
    assert plan.describe(plan.marks[3]) == "at 4:00 you should be on: Serenco — live demo"
    assert plan.describe(plan.marks[2]) == "at 2:00 you should be on: Ten-year warranty"
    assert plan.questions == ("Why asymmetric arms?", "What does installation cost?")


def test_a_segment_without_cards_gets_one_and_a_subset_can_be_rehearsed():
    plan = plan_for(rundown(), "pnx")
    assert [card.text for card in plan.segments[0].cards] == ["Pnx-Pitch"]
    pitch_only = plan_for(rundown(), "ser").with_segments(["ser-demo"])
    assert [(p.segment.id, p.offset) for p in pitch_only.segments] == [("ser-demo", 0)]


def test_unknown_exhibitor_and_exhibitor_without_segments_are_told_plainly():
    with pytest.raises(UnknownExhibitor, match="no exhibitor 'Sre'.*did you mean 'ser'"):
        plan_for(rundown(), "Sre")
    with pytest.raises(RehearsalError, match=r"Idle \('idle'\) has no segment .* nothing to rehearse"):
        plan_for(rundown(), "idle")


# ----- an attempt on the fake clock --------------------------------------------------------------


def test_an_attempt_times_each_card_and_segment(clock: FakeClock):
    results = []
    run = Rehearsal(plan_for(rundown(), "ser"), clock, results.append)
    assert run.state().phase == "ready" and run.state().remaining == 240
    assert run.start() and not run.start()
    clock.advance(50)
    state = run.state()
    assert (state.segment, state.card, state.remaining, state.level) == (0, 0, 190, "ok")
    assert state.next_mark.at == 60 and state.late_s == 0
    clock.advance(15)  # 1:05: the plan said to be on the second card at 1:00
    assert run.state().late_s == pytest.approx(5)
    run.next_card()
    clock.advance(70)
    run.next_card()  # 2:15
    clock.advance(120)  # 4:15: 15 s over the pitch's slot
    state = run.state()
    assert (state.remaining, state.level) == (-15, "overtime")
    run.next_card()  # on to the demo
    assert [r.segment_id for r in results] == ["ser-pitch"]
    pitch = results[0]
    assert [(s.card, s.planned_s, s.at_s) for s in pitch.splits] == [(0, 0, 0), (1, 60, 65), (2, 120, 135)]
    assert (pitch.duration_s, pitch.over_under_s, pitch.ended_by, pitch.completed) == (255, 15, "next", True)
    assert pitch.started_at == clock.wall() - timedelta(seconds=255)
    state = run.state()
    assert (state.segment, state.card, state.elapsed, state.run_elapsed) == (1, 0, 0, 255)
    clock.advance(100)
    run.next_card()
    clock.advance(70)
    run.next_card()  # demo done in 170 s, interview starts
    clock.advance(40)
    run.next_card()
    clock.advance(80)
    run.next_card()  # past the last card: the run is over
    assert run.phase == "done" and not run.next_card() and not run.stop()
    assert [(r.segment_id, r.duration_s, r.ended_by) for r in results] == [
        ("ser-pitch", 255, "next"), ("ser-demo", 170, "next"), ("ser-interview", 120, "finish")]
    assert results == run.results


def test_stop_ends_the_attempt_in_the_middle_of_a_segment(clock: FakeClock):
    results = []
    run = Rehearsal(plan_for(rundown(), "ser"), clock, results.append)
    run.start()
    clock.advance(30)
    run.next_card()
    clock.advance(20.5)
    assert run.stop()
    (pitch,) = results
    assert (pitch.duration_s, pitch.over_under_s, pitch.ended_by, pitch.completed) == (50.5, -189.5, "stop", False)
    assert [s.at_s for s in pitch.splits] == [0, 30]
    clock.advance(100)
    assert run.state().phase == "done" and run.state().elapsed == 50.5  # the clock stopped with the attempt
    assert run.start() and run.results == []  # a new attempt starts afresh


# ----- SQLite ---------------------------------------------------------------------------------


def test_attempts_are_numbered_per_exhibitor_and_segment_and_logged(clock, bus, rehearsal_log):
    recorded = Recorded(bus)
    plan = plan_for(rundown(), "ser")
    for pitch_s in (250, 230):
        run = Rehearsal(plan, clock, rehearsal_log.record)
        run.start()
        clock.advance(pitch_s)
        for _ in range(3):
            run.next_card()
        clock.advance(20)
        run.stop()  # stopped early in the demo
    pitch_only = Rehearsal(plan.with_segments(["ser-pitch"]), clock, rehearsal_log.record)
    pitch_only.start()
    clock.advance(100)
    pitch_only.stop()
    Rehearsal(plan_for(rundown(), "pnx"), clock, rehearsal_log.record).start()  # never stopped: nothing logged
    other = Rehearsal(plan_for(rundown(), "pnx"), clock, rehearsal_log.record)
    other.start()
    clock.advance(240)
    other.next_card()

    rows = committed(rehearsal_log)
    assert [(r["exhibitor_id"], r["segment_id"], r["attempt"], r["duration_s"], r["ended_by"], r["completed"]) for r in rows] == [
        ("ser", "ser-pitch", 1, 250, "next", 1), ("ser", "ser-demo", 1, 20, "stop", 0),
        ("ser", "ser-pitch", 2, 230, "next", 1), ("ser", "ser-demo", 2, 20, "stop", 0),
        ("ser", "ser-pitch", 3, 100, "stop", 0), ("pnx", "pnx-pitch", 1, 240, "finish", 1)]
    first = rows[0]
    assert first["over_under_s"] == 10 and first["planned_duration_s"] == 240 and first["cards"] == 3
    assert json.loads(first["splits"]) == [{"card": 0, "planned_s": 0.0, "at_s": 0.0}, {"card": 1, "planned_s": 60.0, "at_s": 250.0},
                                           {"card": 2, "planned_s": 120.0, "at_s": 250.0}]
    assert first["started_at"] == "2026-11-05T18:00:00.000Z" and first["rundown_path"] == "/shows/test.yaml"
    logged = [event.logged for event in recorded.of(AttemptLogged)]
    assert [(a.result.segment_id, a.attempt) for a in logged] == [(r["segment_id"], r["attempt"]) for r in rows]
    history = rehearsal_log.history("ser")
    assert [(a.attempt, a.result.segment_id, a.result.duration_s) for a in history] == [
        (1, "ser-pitch", 250), (1, "ser-demo", 20), (2, "ser-pitch", 230), (2, "ser-demo", 20), (3, "ser-pitch", 100)]
    assert history[0].result == logged[0].result


def test_the_rehearsals_share_the_show_writer_and_file(db_dir: Path, clock, bus):
    as_run = AsRunLog(db_dir / "studio.db")
    try:
        log = RehearsalLog(as_run.writer, bus, clock)
        run = Rehearsal(plan_for(rundown(), "pnx"), clock, log.record)
        run.start()
        clock.advance(12)
        run.stop()
        log.close()  # not its writer: the show's log keeps writing
        as_run.open_show("Test", "/shows/test.yaml", clock.wall(), ())
        assert [r["duration_s"] for r in committed(log)] == [12]
    finally:
        as_run.close()
    with sqlite_utils.Database(db_dir / "studio.db") as db:
        assert {"shows", "segment_runs", "events", "rehearsals"} <= set(db.table_names())


def test_a_failed_write_is_a_notice_not_a_crash(db_dir: Path, clock, bus):
    recorded = Recorded(bus)
    log = RehearsalLog.open(db_dir / "studio.db", bus, clock)
    log.close()
    run = Rehearsal(plan_for(rundown(), "pnx"), clock, log.record)
    run.start()
    run.stop()
    (notice,) = recorded.of(Notice)
    assert notice.level == "error" and notice.message == "This attempt could not be saved: the database writer has stopped"
    assert log.history("nobody") == []


# ----- pace hints -----------------------------------------------------------------------------


def attempt(clock: FakeClock, plan: RehearsalPlan, seconds: float, *, stop_on_card: int | None = None) -> SegmentResult:
    """The first segment of the plan in `seconds`: every card, or Stop on card `stop_on_card` (1-based)."""
    results: list[SegmentResult] = []
    run = Rehearsal(plan, clock, results.append)
    run.start()
    for _ in range((stop_on_card or len(plan.segments[0].cards)) - 1):
        run.next_card()
    clock.advance(seconds)
    if stop_on_card is None:
        run.next_card()
    else:
        run.stop()
    return results[0]


def test_pace_hint_against_the_slot(clock):
    pitch = plan_for(rundown(), "ser")
    short = pace_hint(attempt(clock, pitch, 180))
    assert (short.verdict, short.sentence) == ("short", "You spoke 3:00 of a 4:00 pitch: add a point.")
    long = pace_hint(attempt(clock, pitch, 270))
    assert (long.verdict, long.sentence) == ("long", "You spoke 4:30 of a 4:00 pitch: cut something — on air the slot ends at 4:00.")
    # on time: up to max(5 s, 5 %) = 12 s over a 4-minute slot, up to max(10 s, 10 %) = 24 s under it
    assert [pace_hint(attempt(clock, pitch, s)).verdict for s in (215, 217, 251, 253)] == ["short", "on_time", "on_time", "long"]
    assert pace_hint(attempt(clock, pitch, 245)).sentence == "You spoke 4:05 of a 4:00 pitch — on time."
    stopped = pace_hint(attempt(clock, pitch, 100, stop_on_card=2))
    assert (stopped.verdict, stopped.sentence) == ("stopped", "Stopped after 1:40 of a 4:00 pitch, on card 2 of 3.")
    assert pace_hint(attempt(clock, pitch, 230)).wpm is None  # three short notes are no script


def test_pace_hints_read_the_same_whatever_the_shows_locale(clock):
    """m:ss as on the window's clock: never '3,0 min' (French decimals in an English sentence)."""
    pitch = plan_for(replace(rundown(), show=replace(rundown().show, locale="fr-FR")), "ser")
    sentence = pace_hint(attempt(clock, pitch, 150.4)).sentence
    assert sentence == "You spoke 2:30 of a 4:00 pitch: add a point." and "," not in sentence


def scripted_plan(slot: float = 120):
    scripted = make_rundown(seg("opening", 60), seg("pitch", slot, kind="pitch", exhibitor="ser", cards=(Card(SCRIPT * 10),)))
    return plan_for(replace(scripted, exhibitors={"ser": Exhibitor("ser", "Serenco")}), "ser")


def test_pace_hint_in_words_a_minute_when_the_cards_are_a_script(clock):
    words = len(SCRIPT.split()) * 10  # 330
    plan = scripted_plan()
    comfortable = pace_hint(attempt(clock, plan, 120))
    assert comfortable.wpm == pytest.approx(words / 2)
    assert comfortable.sentence == "You spoke 2:00 of a 2:00 pitch (about 165 words a minute) — on time."
    rushed = pace_hint(attempt(clock, plan, 90))
    assert (rushed.verdict, rushed.sentence) == (
        "short", "You spoke 1:30 of a 2:00 pitch (about 220 words a minute): slow down and breathe between cards.")
    slow = pace_hint(attempt(clock, plan, 200))
    assert (slow.verdict, slow.sentence) == (
        "long", "You spoke 3:20 of a 2:00 pitch (about 99 words a minute): pick up the pace — on air the slot ends at 2:00.")
    fast_on_time = pace_hint(attempt(clock, scripted_plan(110), 110))
    assert fast_on_time.sentence == "You spoke 1:50 of a 1:50 pitch (about 180 words a minute) — on time, but fast: breathe between cards."


@pytest.mark.parametrize("seconds", [60, 90, 120, 150, 180, 200, 240])
def test_one_piece_of_advice_at_a_time(clock, seconds):
    """Never 'add a point' beside 'slow down', nor 'cut something' beside a pace word."""
    sentence = pace_hint(attempt(clock, scripted_plan(), seconds)).sentence
    advice = [words for words in ("add a point", "slow down", "cut something", "pick up the pace", "on time") if words in sentence]
    assert len(advice) == 1, sentence
    assert not re.search(r"\b(slow|fast|comfortable)\b", sentence.replace("slow down", "").replace("but fast", "")), sentence


def test_no_words_a_minute_under_twenty_seconds_of_speech(clock):
    plan = scripted_plan()
    two_seconds = pace_hint(attempt(clock, plan, 2))  # 330 words in 2 s would be 9,900 words a minute
    assert two_seconds.wpm is None and two_seconds.sentence == "You spoke 0:02 of a 2:00 pitch: add a point."
    assert pace_hint(attempt(clock, plan, 19.9)).wpm is None
    assert pace_hint(attempt(clock, plan, 20)).wpm == pytest.approx(990)


def test_no_words_a_minute_for_an_interview(clock):
    interview = plan_for(rundown(), "ser").with_segments(["ser-interview"])
    results = []
    run = Rehearsal(interview, clock, results.append)
    run.start()
    run.next_card()
    clock.advance(30)  # very fast, but the words are the presenter's
    run.next_card()
    hint = pace_hint(results[0])
    assert hint.wpm is None and hint.sentence == "You spoke 0:30 of a 2:00 interview: add a point."


# ----- the CLI --------------------------------------------------------------------------------

GARAGE = Path(__file__).resolve().parent.parent / "schedules" / "garage-expo-day1.yaml"


class Opened:
    """Stands in for the UI package's windows: remembers what it was asked to open."""

    def __init__(self) -> None:
        self.rehearsals: list[RehearsalOptions] = []

    def console(self, options) -> int:
        raise AssertionError("studio rehearse never opens the console")

    def rehearsal(self, options: RehearsalOptions) -> int:
        self.rehearsals.append(options)
        return 0


def test_rehearse_opens_the_window_for_the_exhibitor(tmp_path: Path):
    windows = Opened()
    assert main(["rehearse", str(GARAGE), "--exhibitor", "serenco", "--db", str(tmp_path / "r.db")], windows) == 0
    (options,) = windows.rehearsals
    assert [p.segment.id for p in options.plan.segments] == ["serenco-pitch", "serenco-demo", "serenco-interview"]
    assert options.db == tmp_path / "r.db"


def test_rehearse_errors_are_plain_sentences(tmp_path: Path, capsys):
    assert main(["rehearse", str(GARAGE), "--exhibitor", "serenko"], Opened()) == 2
    assert "has no exhibitor 'serenko' (did you mean 'serenco'?)" in capsys.readouterr().err
    assert main(["rehearse", str(tmp_path / "nope.yaml"), "--exhibitor", "serenco"], Opened()) == 2
    assert "cannot read" in capsys.readouterr().err
    assert main(["rehearse", str(GARAGE), "--exhibitor", "serenco"], None) == 2
    assert "no windows" in capsys.readouterr().err
    lonely = tmp_path / "lonely.yaml"
    lonely.write_text('show: {title: T, start: "19:30:00"}\nexhibitors:\n  - {id: acme, name: Acme}\n'
                      "segments:\n  - {id: opening, title: Opening, duration: 1m}\n")
    assert main(["rehearse", str(lonely), "--exhibitor", "acme"], Opened()) == 1
    assert "Acme ('acme') has no segment in" in capsys.readouterr().err


def test_rehearse_unknown_exhibitor_from_the_real_command():
    done = subprocess.run([STUDIO, "rehearse", str(GARAGE), "--exhibitor", "Calibr"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip() == f"studio: {GARAGE} has no exhibitor 'Calibr' (did you mean 'calibra'?)."
