"""end: standby in OBS: at zero the next segment's scene is put (back) in Preview, and nothing is taken until GO."""

from __future__ import annotations

from showkit import make_rundown, seg
from test_obs_director_unit import FakeLink, FakeLoop

from studio.obs.director import ObsDirector


def test_at_zero_a_stand_by_segment_puts_the_next_scene_in_preview_and_go_takes_it(clock, build) -> None:
    engine, _ = build(make_rundown(seg("a", 10, scene="Host Cam", end="standby"), seg("b", 10, scene="Demo Cam"),
                                   seg("c", 10, scene="Closing")))
    link = FakeLink()
    ObsDirector(link, engine, FakeLoop(clock))  # type: ignore[arg-type]
    link.studio = True
    assert link.on_connected is not None
    link.on_connected()
    engine.start()
    assert link.of("preview") == [("preview", "Host Cam"), ("preview", "Demo Cam")]
    clock.advance(10)
    assert link.of("preview")[-1] == ("preview", "Demo Cam") and len(link.of("preview")) == 3  # loaded again at zero
    engine.set_next("c")  # the director loads another one
    assert link.of("preview")[-1] == ("preview", "Closing")
    clock.advance(30)
    assert link.of("program") == [("program", "Host Cam")]  # nothing taken by itself
    engine.go()
    assert link.of("program")[-1] == ("program", "Closing")


def test_without_studio_mode_standing_by_sends_nothing_to_obs(clock, build) -> None:
    engine, _ = build(make_rundown(seg("a", 10, scene="Host Cam", end="standby"), seg("b", 10, scene="Demo Cam")))
    link = FakeLink()
    ObsDirector(link, engine, FakeLoop(clock))  # type: ignore[arg-type]
    engine.start()
    clock.advance(20)
    assert link.of("preview") == [] and link.of("program") == [("program", "Host Cam")]
