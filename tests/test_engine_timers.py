"""Timer types, the stand-by-on-next end action, free timers and a show past midnight, on the fake clock."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from showkit import Recorded, make_rundown, seg
from studio.rundown.model import FreeTimer
from studio.show.clock import FakeClock
from studio.show.commands import command, perform
from studio.show.engine import Engine
from studio.show.events import EventBus, Overtime, SegmentStarted, StandingBy

PARIS = ZoneInfo("Europe/Paris")
MINUTE = 60.0


def run(engine: Engine, name: str, **arguments) -> str | None:
    """A command through the registry, as every surface sends it; the refusal or None."""
    declared = command(name)
    return perform(declared, engine, declared.complete(arguments), "console").refused


def test_stand_by_on_next_loads_the_next_segment_at_zero_and_go_takes_it(build, clock):
    engine, recorded = build(make_rundown(seg("pitch", 60, end="standby"), seg("demo", 60, scene="Demo Cam"),
                                          seg("close", 60, scene="Wide")))
    t0 = clock.monotonic()
    engine.start()
    clock.advance(59)
    assert engine.state().standing_by is None and not recorded.of(StandingBy)
    clock.advance(1)
    assert [(e.at, e.segment_id, e.scene) for e in recorded.of(StandingBy)] == [(t0 + 60, "demo", "Demo Cam")]
    assert [e.segment_id for e in recorded.of(Overtime)] == ["pitch"]
    for minute in range(1, 4):  # nothing is taken: the table follows the overtime
        clock.advance(20)
        state = engine.state()
        assert (state.on_air, state.standing_by, state.level) == (0, 1, "overtime")
        assert state.remaining == -20 * minute
        assert state.segments[1].projected_start == state.segments[1].planned_start + timedelta(seconds=20 * minute)
    run(engine, "set_next", segment="close")  # the director changes what is loaded
    assert [e.segment_id for e in recorded.of(StandingBy)] == ["demo", "close"]
    run(engine, "set_next")
    assert recorded.of(StandingBy)[-1].segment_id == "demo"
    run(engine, "go")
    assert [(e.segment_id, e.at, e.taken_by) for e in recorded.of(SegmentStarted)][-1] == ("demo", t0 + 120, "go")
    assert engine.state().standing_by is None


def test_a_held_or_extended_stand_by_segment_loads_nothing(build, clock):
    engine, recorded = build(make_rundown(seg("pitch", 60, end="standby"), seg("demo", 60)))
    engine.start()
    engine.hold()
    clock.advance(90)
    assert not recorded.of(StandingBy) and engine.state().standing_by is None
    engine.hold()  # released past zero: it stands by at once
    assert engine.state().standing_by == 1 and len(recorded.of(StandingBy)) == 1
    engine.extend(60)  # back before zero: nothing is loaded any more
    assert engine.state().standing_by is None


def test_count_up_time_of_day_and_none_segments_keep_their_timing(build, clock):
    engine, recorded = build(make_rundown(seg("talk", 120, timer="count_up"), seg("break", 60, timer="time_of_day"),
                                          seg("vt", 30, timer="none", end="hold")))
    t0 = clock.monotonic()
    engine.start()
    for second in (0, 30, 60, 119):
        clock.advance_to(t0 + second)
        state = engine.state()
        assert (state.timer, state.elapsed, state.remaining) == ("count_up", second, 120 - second)
    clock.advance_to(t0 + 150)
    state = engine.state()
    assert (state.timer, state.on_air, state.elapsed) == ("time_of_day", 1, 30)
    assert state.wall == datetime(2026, 11, 5, 18, 2, 30, tzinfo=timezone.utc)
    clock.advance_to(t0 + 220)
    assert (engine.state().timer, engine.state().level) == ("none", "overtime")
    assert [e.taken_by for e in recorded.of(SegmentStarted)] == ["start", "auto", "auto"]


def test_free_timers_run_beside_the_show_started_paused_reset_and_counting_to_a_time(build, clock):
    rundown = make_rundown(seg("a", 10 * MINUTE), seg("b", 10 * MINUTE),
                           start=time(19, 0))
    rundown = rundown.__class__(rundown.path, rundown.show, {}, rundown.segments,
                                timers=(FreeTimer("Q&A", "down", 5 * MINUTE, presenter=True), FreeTimer("Speaker"),
                                        FreeTimer("Doors", "to", to=time(19, 15))))
    engine, _ = build(rundown)  # the clock reads 19:00 in Paris
    engine.start()

    def readings() -> dict[str, tuple[float, bool]]:
        return {r.name: (r.seconds, r.running) for r in engine.state().timers}

    assert readings() == {"Q&A": (300, False), "Speaker": (0, False), "Doors": (900, True)}
    assert engine.state().timers[2].target == datetime(2026, 11, 5, 19, 15, tzinfo=PARIS)
    assert run(engine, "timer_start", timer="Q&A") is None
    clock.advance(MINUTE)
    assert run(engine, "pause") is None  # the show's pause leaves the free timers alone
    assert run(engine, "timer_start", timer="Speaker") is None
    clock.advance(2 * MINUTE)
    assert readings() == {"Q&A": (120, True), "Speaker": (120, True), "Doors": (720, True)}
    run(engine, "resume")
    run(engine, "timer_pause", timer="Q&A")
    clock.advance(MINUTE)
    assert readings()["Q&A"] == (120, False)
    run(engine, "timer_start", timer="Q&A")
    clock.advance(3 * MINUTE)  # past zero: counts on, negative
    assert readings() == {"Q&A": (-60, True), "Speaker": (360, True), "Doors": (480, True)}
    run(engine, "timer_reset", timer="Q&A")
    run(engine, "timer_pause", timer="Q&A")
    assert readings()["Q&A"] == (300, False)
    assert engine.on_air.id == "a" and engine.state().remaining == 5 * MINUTE  # the show paused 2 minutes
    clock.advance(10 * MINUTE)
    assert readings()["Doors"] == (-120, True) and engine.on_air.id == "b"
    assert run(engine, "timer_pause", timer="Doors") == "Timer 'Doors' counts to 19:15:00: the clock cannot be paused (reset it instead)."
    assert run(engine, "timer_start", timer="Lunch") == "There is no timer 'Lunch' (timers: Q&A, Speaker, Doors)."


def test_free_timers_made_live_and_shown_on_the_presenter_screen(build, clock):
    engine, recorded = build(make_rundown(seg("a", 600)))
    assert run(engine, "timer_new", timer="Green room", mode="to", value="23:30") is None  # 22:30 UTC
    assert run(engine, "timer_new", timer="Green room") == "There is already a timer 'Green room'."
    assert run(engine, "timer_new", timer="Pitch", mode="down") == "A down timer needs the time it counts down (value=5m)."
    assert run(engine, "timer_new", timer="Pitch", mode="down", value="0s") == "A down timer needs more than no time to count down."
    assert run(engine, "timer_new", timer="Lunch", mode="to", value="25:00") == (
        "Bad time of day '25:00' (write it like \"19:30\" or \"19:30:00\").")
    assert run(engine, "timer_new", timer="Lunch", mode="sideways") == "A timer's mode is up, down or to, not 'sideways'."
    assert run(engine, "timer_new", timer="Pitch", mode="down", value="1m30s") is None
    assert run(engine, "timer_show", timer="Pitch") is None
    state = engine.state()
    assert [(r.name, r.seconds, r.running, r.presenter) for r in state.timers] == [
        ("Green room", 4.5 * 3600, True, False), ("Pitch", 90, False, True)]
    run(engine, "timer_show", timer="Pitch", on=False)
    assert not engine.state().timers[1].presenter


def test_a_to_timer_past_midnight_counts_to_the_next_day(log):
    clock = FakeClock(datetime(2026, 11, 5, 22, 40, tzinfo=timezone.utc))  # 23:40 in Paris
    engine = Engine(make_rundown(seg("a", 600)), clock=clock, timers=clock, bus=EventBus(), recorder=log,
                    planned_start=clock.wall())
    run(engine, "timer_new", timer="Late", mode="to", value="00:45")
    run(engine, "timer_new", timer="Missed", mode="to", value="23:30")
    late, missed = engine.state().timers
    assert (late.seconds, late.target) == (65 * MINUTE, datetime(2026, 11, 6, 0, 45, tzinfo=PARIS))
    assert missed.seconds == -10 * MINUTE


def test_a_show_from_2330_to_0100_with_a_hard_start_at_0015_minute_by_minute(log):
    """Open runs 5 minutes long (the director adds them at 23:50): talk starts at 00:05, and the hard
    start at 00:15 cuts it 5 minutes short; the show still ends at its hard out, 01:00 the next day."""
    start = datetime(2026, 11, 5, 23, 30, tzinfo=PARIS)
    clock = FakeClock(start.astimezone(timezone.utc))
    bus = EventBus()
    recorded = Recorded(bus)
    rundown = make_rundown(seg("open", 30 * MINUTE), seg("talk", 15 * MINUTE, end="hold"),
                           seg("late", 45 * MINUTE, end="hold", start=time(0, 15)), start=time(23, 30), hard_out=time(1, 0))
    engine = Engine(rundown, clock=clock, timers=clock, bus=bus, recorder=log, planned_start=start)
    t0 = clock.monotonic()
    at = lambda minutes: start + timedelta(minutes=minutes)  # noqa: E731 - a time of the show, minutes after 23:30
    assert [s.planned_start for s in engine.state().segments] == [at(0), at(30), at(45)]
    engine.start()
    for minute in range(0, 91):
        clock.advance_to(t0 + minute * MINUTE)
        if minute == 20:
            engine.extend(5 * MINUTE)
        state = engine.state()
        open_, talk, late = state.segments
        assert state.wall == at(minute)
        talk_at = 30 if minute < 20 else 35
        if minute < talk_at:
            assert (state.on_air, talk.projected_start, late.projected_start) == (0, at(talk_at), at(45)), minute
            assert state.next_hard_start.slack == (45 - talk_at - 15) * MINUTE
        elif minute < 45:
            assert (state.on_air, late.projected_start, state.remaining) == (1, at(45), (talk_at + 15 - minute) * MINUTE)
        else:
            assert (state.on_air, state.remaining) == (2, (90 - minute) * MINUTE), minute
        assert (state.projected_end, state.hard_out, state.hard_out_slack) == (at(90), at(90), 0), minute
    assert [(e.segment_id, e.at - t0, e.taken_by) for e in recorded.of(SegmentStarted)] == [
        ("open", 0, "start"), ("talk", 35 * MINUTE, "auto"), ("late", 45 * MINUTE, "hard")]
    assert at(45) == datetime(2026, 11, 6, 0, 15, tzinfo=PARIS)
    engine.go()
    assert engine.ended and engine.state().over_under == 0


def test_a_show_resumed_past_a_stand_by_zero_loads_the_next_again(db_dir, clock, log):
    from studio.storage.asrun import AsRunLog

    rundown = make_rundown(seg("a", 60, end="standby"), seg("b", 60, scene="Demo Cam"))
    engine = Engine(rundown, clock=clock, timers=clock, bus=EventBus(), recorder=log, planned_start=clock.wall())
    engine.start()
    clock.advance(30)
    log.heartbeat(engine.show_id, clock.wall())
    log.close()  # the process dies 30 s into a; it comes back 50 s later, past a's zero
    later = FakeClock(clock.wall() + timedelta(seconds=50), mono=50.0)
    log2 = AsRunLog(db_dir / "studio.db")
    try:
        point = log2.resume_point(str(rundown.path.resolve()))
        bus = EventBus()
        recorded = Recorded(bus)
        resumed = Engine(rundown, clock=later, timers=later, bus=bus, recorder=log2, planned_start=point.planned_start)
        resumed.restore(point)
        assert [(e.segment_id, e.scene) for e in recorded.of(StandingBy)] == [("b", "Demo Cam")]
        state = resumed.state()
        assert (state.on_air, state.standing_by, state.remaining) == (0, 1, -20)
    finally:
        log2.close()
