"""The timing engine on a fake clock: transitions, director actions, warnings, cues, back-time."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta, timezone


from showkit import make_rundown, rows, seg
from studio.show.events import (
    CardChanged, CueDue, DriftChanged, Overtime, RundownChanged, SegmentEnded, SegmentSkipped,
    SegmentStarted, ShowEnded, TimingWarning,
)
from studio.rundown.model import Card, Cue


def starts(recorded) -> list[tuple[str, float, str]]:
    return [(e.segment_id, e.at, e.taken_by) for e in recorded.of(SegmentStarted)]


def test_auto_segments_follow_each_other_on_their_planned_instants(build, clock, log):
    engine, recorded = build(make_rundown(seg("a", 60), seg("b", 90), seg("c", 30)))
    t0 = clock.monotonic()
    engine.start()
    clock.advance(600)
    assert starts(recorded) == [("a", t0, "start"), ("b", t0 + 60, "auto"), ("c", t0 + 150, "auto")]
    assert [e.over_under_s for e in recorded.of(SegmentEnded)] == [0, 0, 0]
    assert recorded.of(ShowEnded)[0].at == t0 + 180
    runs = rows(log, "segment_runs")
    assert [(r["segment_id"], r["actual_duration_s"], r["ended_by"]) for r in runs] == [
        ("a", 60.0, "auto"), ("b", 90.0, "auto"), ("c", 30.0, "auto")]
    assert runs[1]["actual_start"] == "2026-11-05T18:01:00.000Z"
    assert rows(log, "shows")[0]["ended_at"] == "2026-11-05T18:03:00.000Z"


def test_a_held_segment_counts_overtime_until_go(build, clock, log):
    engine, recorded = build(make_rundown(seg("a", 60, end="hold"), seg("b", 60)))
    engine.start()
    clock.advance(60)
    assert [e.segment_id for e in recorded.of(Overtime)] == ["a"]
    clock.advance(25)
    state = engine.state()
    assert (state.level, state.remaining, state.drift) == ("overtime", -25, 25)
    assert state.on_air == 0
    a, b = state.segments
    assert (a.status, a.actual_duration, a.over_under) == ("on_air", 85, 25)
    assert b.projected_start - b.planned_start == timedelta(seconds=25)  # the table follows the overtime
    clock.advance(5)
    assert engine.state().segments[1].projected_start - b.planned_start == timedelta(seconds=30)
    engine.go()
    assert recorded.of(SegmentEnded)[0].over_under_s == 30
    assert rows(log, "segment_runs")[0]["ended_by"] == "go"


def test_hold_stops_an_auto_segment_from_advancing_and_release_lets_it_go(build, clock):
    engine, recorded = build(make_rundown(seg("a", 60), seg("b", 60)))
    engine.start()
    engine.hold()
    clock.advance(70)
    assert engine.on_air.id == "a" and recorded.of(Overtime)
    engine.hold()  # release: already past zero, so it takes the next at once
    assert engine.on_air.id == "b"


def test_warning_and_alarm_fire_at_their_thresholds_and_re_arm_after_an_extension(build, clock):
    engine, recorded = build(make_rundown(seg("a", 120, end="hold"), warning=30, alarm=10))
    t0 = clock.monotonic()
    engine.start()
    clock.advance(95)
    assert [(e.level, e.at - t0) for e in recorded.of(TimingWarning)] == [("warning", 90)]
    assert engine.state().level == "warning"
    engine.extend(30)
    assert engine.state().level == "ok"
    clock.advance(60)
    assert [(e.level, e.at - t0) for e in recorded.of(TimingWarning)] == [
        ("warning", 90), ("warning", 120), ("alarm", 140)]


def test_minus_thirty_on_an_auto_segment_near_its_end_takes_the_next_at_once(build, clock):
    engine, recorded = build(make_rundown(seg("a", 60), seg("b", 60)))
    t0 = clock.monotonic()
    engine.start()
    clock.advance(40)
    engine.extend(-30)
    assert starts(recorded)[-1] == ("b", t0 + 40, "auto")


def test_cards_and_cues_fire_in_order_at_their_offsets(build, clock):
    cards = (Card("Welcome"), Card("Ask about the lift", 30))
    cues = (Cue(at=0, scene="Host Cam"), Cue(at=45, scene="Demo Cam"))
    engine, recorded = build(make_rundown(seg("a", 60, cards=cards, cues=cues), seg("b", 10)))
    t0 = clock.monotonic()
    engine.start()
    clock.advance(100)
    timeline = [(type(e).__name__, e.at - t0) for e in recorded.events if isinstance(e, (CardChanged, CueDue))]
    assert timeline == [("CardChanged", 0), ("CueDue", 0), ("CardChanged", 30), ("CueDue", 45)]
    assert recorded.of(CueDue)[1].cue.scene == "Demo Cam"


def test_go_back_skip_and_jump_are_logged_with_how_each_segment_ended(build, clock, log):
    engine, recorded = build(make_rundown(*(seg(x, 60, end="hold") for x in "abcde")))
    engine.start()
    clock.advance(10)
    engine.go()          # a -> b
    clock.advance(10)
    engine.back()        # b -> a
    clock.advance(10)
    engine.skip()        # b dropped
    engine.go()          # a -> c
    clock.advance(10)
    engine.jump("e")     # c -> e
    clock.advance(10)
    engine.go()          # end of show
    assert [s[0] for s in starts(recorded)] == ["a", "b", "a", "c", "e"]
    assert [(e.segment_id, e.how) for e in recorded.of(SegmentSkipped)] == [("b", "skip"), ("d", "jump")]
    runs = rows(log, "segment_runs")
    assert [(r["segment_id"], r["ended_by"]) for r in runs] == [
        ("a", "go"), ("b", "back"), ("a", "go"), ("b", "skip"), ("c", "jump"), ("d", "jump"), ("e", "go")]
    skipped = runs[3]
    assert skipped["actual_start"] is None and skipped["over_under_s"] == -60
    kinds = [e["kind"] for e in rows(log, "events")]
    assert kinds == ["go", "back", "skip", "go", "jump", "go"]
    assert json.loads(rows(log, "events")[4]["detail"]) == {"segment_id": "e", "on_air": "c"}


def test_pause_freezes_the_countdown_but_not_the_air_time(build, clock, log):
    engine, recorded = build(make_rundown(seg("a", 60), seg("b", 60)))
    t0 = clock.monotonic()
    engine.start()
    clock.advance(20)
    engine.pause()
    clock.advance(100)
    state = engine.state()
    assert (state.phase, state.remaining, state.drift) == ("paused", 40, 100)
    engine.resume()
    clock.advance(40)
    assert starts(recorded)[-1] == ("b", t0 + 160, "auto")
    assert rows(log, "segment_runs")[0]["actual_duration_s"] == 160


def test_a_hard_start_cuts_what_is_on_air_and_drops_what_cannot_air(build, clock, log):
    rundown = make_rundown(seg("a", 300, end="hold"), seg("b", 60), seg("c", 60, start=time(19, 33)), seg("d", 60))
    engine, recorded = build(rundown, planned_start=clock.wall() + timedelta(minutes=30))  # 19:30 Paris
    clock.advance(30 * 60)
    assert engine.state().phase == "standby"
    engine.go()
    clock.advance(180)
    assert engine.on_air.id == "c"
    assert [e.segment_id for e in recorded.of(SegmentSkipped)] == ["b"]
    runs = rows(log, "segment_runs")
    assert [(r["segment_id"], r["ended_by"]) for r in runs][:2] == [("a", "hard"), ("b", "skip")]
    assert runs[2]["actual_start"] == runs[2]["planned_start"] == "2026-11-05T18:33:00.000Z"


def test_a_hard_start_of_the_first_segment_starts_the_show_by_itself(build, clock):
    rundown = make_rundown(seg("a", 60, start=time(19, 30)), seg("b", 60))
    engine, recorded = build(rundown, planned_start=clock.wall() + timedelta(minutes=30))
    clock.advance(30 * 60 - 1)
    assert engine.state().phase == "standby"
    clock.advance(1)
    assert starts(recorded) == [("a", clock.monotonic(), "hard")]


def test_back_time_to_the_hard_out_and_the_next_hard_start(build, clock):
    rundown = make_rundown(seg("a", 600, end="hold"), seg("b", 600), seg("c", 600, start=time(19, 55)),
                           seg("d", 300), hard_out=time(20, 15))
    engine, _ = build(rundown, planned_start=clock.wall() + timedelta(minutes=30))
    clock.advance(30 * 60)
    engine.go()
    clock.advance(700)  # 100 s into overtime of a
    state = engine.state()
    assert state.drift == 100
    assert state.next_hard_start.segment_id == "c"
    assert state.next_hard_start.to_go == 25 * 60 - 700
    assert state.next_hard_start.slack == 5 * 60 - 100  # b ends at 19:51:40, c is pinned at 19:55
    assert state.projected_end == datetime(2026, 11, 5, 19, 10, tzinfo=timezone.utc)  # 20:10 in Paris
    assert state.hard_out_slack == 5 * 60  # the hard start absorbs the drift
    assert [t.status for t in state.segments] == ["on_air", "next", "upcoming", "upcoming"]


def test_a_wall_clock_step_does_not_move_a_running_countdown(build, clock):
    engine, recorded = build(make_rundown(seg("a", 60), seg("b", 60)))
    t0 = clock.monotonic()
    engine.start()
    clock.step_wall(3600)
    clock.advance(60)
    assert starts(recorded)[-1] == ("b", t0 + 60, "auto")


def test_drift_is_published_when_it_changes_by_a_second(build, clock):
    engine, recorded = build(make_rundown(seg("a", 60, end="hold"), seg("b", 60)))
    engine.start()
    clock.advance(63)
    engine.tick()
    engine.extend(30)
    assert [round(e.drift_s) for e in recorded.of(DriftChanged)] == [3, 30]


def test_a_live_edit_recomputes_the_timing_and_keeps_what_aired(build, clock):
    rundown = make_rundown(seg("a", 60), seg("b", 60), seg("c", 60))
    engine, recorded = build(rundown)
    t0 = clock.monotonic()
    engine.start()
    clock.advance(30)
    longer = make_rundown(seg("a", 120), seg("c", 60), seg("b", 60))
    engine.replace_rundown(longer)
    assert recorded.of(RundownChanged)
    assert engine.state().remaining == 90
    clock.advance(90)
    assert starts(recorded)[-1] == ("c", t0 + 120, "auto")


def test_an_edit_that_removes_the_segment_on_air_is_refused(build, clock):
    engine, recorded = build(make_rundown(seg("a", 60), seg("b", 60)))
    engine.start()
    engine.replace_rundown(make_rundown(seg("b", 60)))
    assert engine.on_air.id == "a"
    assert "not applied" in recorded.events[-1].message


def test_a_ten_hour_show_of_400_segments_accumulates_no_drift(build, clock, log):
    durations = [75 + (i * 37) % 61 for i in range(400)]
    rundown = make_rundown(*(seg(f"s{i}", d) for i, d in enumerate(durations)))
    engine, recorded = build(rundown)
    t0 = clock.monotonic()
    engine.start()
    clock.advance(12 * 3600)
    planned = [t0 + sum(durations[:i]) for i in range(400)]
    assert [e.at for e in recorded.of(SegmentStarted)] == planned
    assert recorded.of(ShowEnded)[0].over_under_s == 0
    assert sum(durations) > 10 * 3600
    assert len(rows(log, "segment_runs")) == 400


class LateTimers:
    """Timers that wake 7 ms late, as a busy machine does."""

    def __init__(self, clock) -> None:
        self.clock = clock

    def call_at(self, deadline, fn):
        return self.clock.call_at(deadline + 0.007, fn)

    def call_at_wall(self, when, fn):
        return self.clock.call_at_wall(when, fn)

    def cancel(self, handle):
        self.clock.cancel(handle)


def test_waking_late_never_accumulates_into_drift(clock, log):
    from studio.show.engine import Engine
    from studio.show.events import EventBus
    from showkit import Recorded

    bus = EventBus()
    recorded = Recorded(bus)
    rundown = make_rundown(*(seg(f"s{i}", 30) for i in range(50)))
    engine = Engine(rundown, clock=clock, timers=LateTimers(clock), bus=bus, recorder=log, planned_start=clock.wall())
    t0 = clock.monotonic()
    engine.start()
    clock.advance(3600)
    assert [e.at - t0 for e in recorded.of(SegmentStarted)] == [30.0 * i for i in range(50)]
    assert recorded.of(ShowEnded)[0].over_under_s == 0


def test_scene_switches_known_in_advance_are_announced_by_the_preroll(build, clock):
    from studio.show.events import ScenePreroll

    rundown = make_rundown(seg("a", 60, scene="Host Cam", cues=(Cue(at=20, scene="Demo Cam"), Cue(at=30, message="Wrap up"))),
                           seg("b", 60, end="hold", scene="Exhibitor Cam"), seg("c", 60, scene="Closing"))
    engine, recorded = build(rundown)
    engine.preroll_s = 0.025
    t0 = clock.monotonic()
    engine.start()
    clock.advance(200)
    prerolls = [(round(e.at - t0, 6), e.due - t0, e.scene, e.segment_id) for e in recorded.of(ScenePreroll)]
    assert prerolls == [(19.975, 20.0, "Demo Cam", "a"), (59.975, 60.0, "Exhibitor Cam", "b")]  # b holds: c is not known
    assert [e.at - t0 for e in recorded.of(CueDue)] == [20.0, 30.0]  # the cue itself still fires on time


def test_a_rehearsal_waiting_for_go_is_timed_from_go(build, clock, log):
    from studio.show.engine import Engine
    from studio.show.events import EventBus

    rundown = make_rundown(seg("a", 60, end="hold"), seg("b", 60))
    engine = Engine(rundown, clock=clock, timers=clock, bus=EventBus(), recorder=log, planned_start=clock.wall(),
                    floating_start=True)
    clock.advance(300)
    assert engine.tick().drift == 0  # waiting is not lateness
    clock.advance(100)
    engine.go()
    state = engine.state()
    assert state.drift == 0 and state.segments[0].planned_start == state.segments[0].actual_start
    clock.advance(70)
    assert engine.state().drift == 10


def test_a_fixed_plan_counts_lateness_from_its_planned_start(build, clock):
    engine, _ = build(make_rundown(seg("a", 60, end="hold"), seg("b", 60)))
    clock.advance(100)
    engine.go()
    assert engine.state().drift == 100


def test_a_preroll_set_mid_segment_rearms_the_wake_up(build, clock):
    from studio.show.events import ScenePreroll

    engine, recorded = build(make_rundown(seg("a", 60, scene="Host Cam"), seg("b", 60, scene="Demo Cam")))
    t0 = clock.monotonic()
    engine.start()
    clock.advance(30)
    engine.set_preroll(0.04)
    clock.advance(40)
    assert [(round(e.at - t0, 6), e.scene) for e in recorded.of(ScenePreroll)] == [(59.96, "Demo Cam")]
    assert engine.on_air.id == "b" and engine.up_next is None


def test_set_next_chooses_what_go_takes_and_logs_what_it_drops(build, clock, log):
    engine, recorded = build(make_rundown(*(seg(x, 60, end="hold") for x in "abcd")))
    engine.start()
    engine.set_next("c")
    state = engine.state()
    assert state.next == 2 and engine.on_air.id == "a"  # chosen, not taken
    assert state.segments[1].projected_start is None  # b will not air: no projection
    assert state.segments[2].projected_start == state.wall + timedelta(seconds=60)
    clock.advance(60)
    engine.go()
    assert engine.on_air.id == "c" and engine.state().next == 3
    assert [(e.segment_id, e.how) for e in recorded.of(SegmentSkipped)] == [("b", "set_next")]
    assert [(r["segment_id"], r["ended_by"]) for r in rows(log, "segment_runs")][:2] == [("a", "go"), ("b", "set_next")]


def test_set_next_back_to_the_running_order(build, clock):
    engine, _ = build(make_rundown(*(seg(x, 60) for x in "abc")))
    engine.start()
    engine.set_next("c")
    engine.set_next(None)
    clock.advance(60)  # auto: the following segment, as planned
    assert engine.on_air.id == "b"


def test_the_figures_agree_after_a_skip_and_nothing_is_projected_after_the_show(build, clock):
    engine, _ = build(make_rundown(seg("a", 60, end="hold"), seg("b", 35), seg("c", 60)))
    engine.start()
    clock.advance(80)  # a is 20 s over
    engine.skip()  # b (35 s) dropped: the show ends 15 s early
    state = engine.state()
    assert state.over_under == -15
    assert state.projected_end == state.planned_end - timedelta(seconds=15)
    engine.go()
    clock.advance(60)
    ended = engine.state()
    assert ended.phase == "ended"
    assert [t.projected_start for t in ended.segments] == [None, None, None]


def test_standby_counts_down_to_the_planned_start(build, clock):
    engine, _ = build(make_rundown(seg("a", 60)), planned_start=clock.wall() + timedelta(minutes=5))
    assert engine.state().starts_in == 300
    clock.advance(30)
    assert engine.state().starts_in == 270
    engine.go()
    assert engine.state().starts_in is None
