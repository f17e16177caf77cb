"""Properties that hold whatever the director does, at whatever moment."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from showkit import make_rundown, rows, seg
from studio.show.events import DirectorAction, SegmentEnded, SegmentStarted, ShowEnded

ACTIONS = ("go", "back", "skip", "hold", "extend+", "extend-", "pause", "resume", "jump")

script = st.lists(
    st.tuples(st.floats(min_value=0, max_value=400, allow_nan=False), st.sampled_from(ACTIONS),
              st.integers(min_value=0, max_value=5)),
    max_size=25,
)
durations = st.lists(st.integers(min_value=1, max_value=300), min_size=1, max_size=6)
ends = st.lists(st.sampled_from(("auto", "hold")), min_size=6, max_size=6)


def act(engine, action: str, target: int) -> None:
    if action == "extend+":
        engine.extend(30)
    elif action == "extend-":
        engine.extend(-30)
    elif action == "jump":
        engine.jump(engine.rundown.segments[target % len(engine.rundown.segments)].id)
    else:
        getattr(engine, action)()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(durations=durations, ends=ends, script=script)
def test_whatever_the_director_does_the_as_run_adds_up(build, clock, log, durations, ends, script):
    rundown = make_rundown(*(seg(f"s{i}", d, end=ends[i]) for i, d in enumerate(durations)),
                           path=f"/shows/{clock.monotonic()}.yaml")
    engine, recorded = build(rundown)
    engine.start()
    for delay, action, target in script:
        clock.advance(delay)
        act(engine, action, target)
    while not engine.ended:  # finish the show
        engine.resume()
        clock.advance(60)
        engine.go()

    started, ended = recorded.of(SegmentStarted), recorded.of(SegmentEnded)
    show_end = recorded.of(ShowEnded)[0].at
    assert len(started) == len(ended)
    # runs follow each other with no gap and no overlap
    for before, after in zip(ended, started[1:]):
        assert after.at == before.at
    assert ended[-1].at == show_end
    # actual durations add up to the show's elapsed time
    assert abs(sum(e.actual_duration_s for e in ended) - (show_end - started[0].at)) < 1e-6
    # an automatic take lands on the planned instant plus the director's recorded changes
    # (or at the director's change that put it past zero, never in between)
    changes = [e.at for e in recorded.of(DirectorAction)]
    for run, end in zip(engine._runs, ended):
        if end.ended_by == "auto":
            planned = run.started + rundown.segments[run.index].duration + run.extended + run.paused_total
            last_change = max((at for at in changes if at <= end.at), default=float("-inf"))
            assert end.at == max(planned, last_change)
    # the log holds exactly what aired
    aired = [r for r in rows(log, "segment_runs") if r["actual_start"] is not None and r["show_id"] == engine.show_id]
    assert [(r["segment_id"], r["ended_by"]) for r in aired] == [(e.segment_id, e.ended_by) for e in ended]
    assert [r["actual_duration_s"] for r in aired] == [round(e.actual_duration_s, 3) for e in ended]
