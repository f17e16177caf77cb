"""ObsDirector on the fake clock, with a stand-in link that records what it was asked."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import replace
from datetime import time
from typing import Any, Callable

import pytest

from showkit import make_rundown, seg
from studio.show.clock import FakeClock
from studio.show.events import Notice, ScenePreroll
from studio.obs import LinkState, ObsResponse, ObsStatus, StudioModeChanged
from studio.obs.director import ObsDirector, lower_third_text
from studio.obs.link import NO_ANSWER
from studio.rundown.model import Cue, Exhibitor, Product, Rundown, Transition


class FakeLink:
    """Answers every request at once (ok unless told otherwise) and keeps them in order."""

    def __init__(self) -> None:
        self.sent: list[tuple[Any, ...]] = []
        self.state = LinkState.CONNECTED
        self.on_connected: Callable[[], None] | None = None
        self.studio = False
        self.refusals: dict[str, tuple[int, str]] = {}  # request name -> (code, comment)
        self.lead: float | None = None  # aim(): send a known cut this long before it is due

    def _call(self, name: str, *args: Any, data: dict[str, Any] | None = None) -> Future[ObsResponse]:
        self.sent.append((name, *args))
        code, comment = self.refusals.get(name, (100, ""))
        future: Future[ObsResponse] = Future()
        future.set_result(ObsResponse(name, code == 100, code, comment, data or {}, 0.0, 0.0))
        return future

    def set_program_scene(self, scene: str) -> Future[ObsResponse]:
        return self._call("program", scene)

    def set_preview_scene(self, scene: str) -> Future[ObsResponse]:
        return self._call("preview", scene)

    def set_text(self, source: str, text: str) -> Future[ObsResponse]:
        return self._call("text", source, text)

    def media_action(self, source: str, action: str) -> Future[ObsResponse]:
        return self._call("media", source, action)

    def set_transition(self, name: str, duration_ms: int | None = None) -> Future[ObsResponse]:
        return self._call("transition", name, duration_ms)

    def set_media_file(self, source: str, path: str) -> Future[ObsResponse]:
        return self._call("media_file", source, path)

    def set_media_cursor(self, source: str, position_ms: int) -> Future[ObsResponse]:
        return self._call("media_cursor", source, position_ms)

    def start_stream(self) -> Future[ObsResponse]:
        return self._call("start_stream")

    def stop_stream(self) -> Future[ObsResponse]:
        return self._call("stop_stream")

    def start_record(self) -> Future[ObsResponse]:
        return self._call("start_record")

    def stop_record(self) -> Future[ObsResponse]:
        return self._call("stop_record")

    def studio_mode(self) -> Future[ObsResponse]:
        return self._call("studio_mode", data={"studioModeEnabled": self.studio})

    def aim(self, due: float) -> float | None:
        return None if self.lead is None else due - self.lead

    def of(self, name: str) -> list[tuple[Any, ...]]:
        return [request for request in self.sent if request[0] == name]


class FakeLoop:
    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock

    def post(self, fn: Callable[[], None]) -> None:
        fn()

    def call_at(self, deadline: float, fn: Callable[[], None]) -> object:
        return self.clock.call_at(deadline, fn)


EXPO = Exhibitor("serenco", "Serenco", (Product("L3", "Lift 3T"), Product("L4", "Lift 4T")))


def with_obs(rundown: Rundown, **obs: Any) -> Rundown:
    show = replace(rundown.show, obs={"lower_third": "Lower Third", **obs})
    return replace(rundown, show=show, exhibitors={EXPO.id: EXPO})


@pytest.fixture
def director(clock: FakeClock, build):
    def factory(rundown: Rundown, preroll_s: float = 0.0):
        engine, recorded = build(rundown)
        engine.preroll_s = preroll_s
        link = FakeLink()
        return ObsDirector(link, engine, FakeLoop(clock)), engine, link, recorded  # type: ignore[arg-type]
    return factory


def test_a_take_sets_its_transition_then_its_scene_then_the_lower_third(director) -> None:
    rundown = with_obs(make_rundown(seg("pitch", 10, scene="Exhibitor Cam", exhibitor="serenco",
                                        transition=Transition("Fade", 500))))
    _, engine, link, _ = director(rundown)
    engine.start()
    assert link.sent == [("transition", "Fade", 500), ("program", "Exhibitor Cam"),
                         ("text", "Lower Third", "Serenco — Lift 3T, Lift 4T")]


def test_lower_third_text() -> None:
    rundown = with_obs(make_rundown(seg("a", 1)))
    assert lower_third_text(rundown, seg("a", 1, exhibitor="serenco", lower_third="Anke, CEO")) == "Anke, CEO"
    assert lower_third_text(rundown, seg("a", 1, exhibitor="serenco")) == "Serenco — Lift 3T, Lift 4T"
    assert lower_third_text(rundown, seg("a", 1)) == ""


def test_a_prerolled_switch_goes_early_and_is_not_sent_again(director, clock: FakeClock) -> None:
    rundown = make_rundown(seg("a", 1, scene="Host Cam"), seg("b", 5, scene="Demo Cam", transition=Transition("Cut")))
    _, engine, link, _ = director(rundown, preroll_s=0.05)
    engine.start()
    clock.advance(0.96)
    assert link.sent[-2:] == [("transition", "Cut", None), ("program", "Demo Cam")]
    assert engine.on_air.id == "a"  # sent before its segment started
    clock.advance(0.1)
    assert engine.on_air.id == "b"
    assert link.of("program") == [("program", "Host Cam"), ("program", "Demo Cam")]
    assert link.of("transition") == [("transition", "Cut", None)]


def test_a_prerolled_switch_that_did_not_happen_is_undone(director, clock: FakeClock) -> None:
    rundown = make_rundown(seg("a", 1, scene="Host Cam"), seg("b", 5, scene="Demo Cam"))
    d, engine, link, recorded = director(rundown, preroll_s=0.05)
    engine.start()
    clock.advance(0.97)  # Demo Cam was sent early...
    engine.hold()  # ...and the director held at the last moment
    clock.advance(0.52)
    assert link.of("program")[-1] == ("program", "Demo Cam")
    clock.advance(0.02)  # due + 0.5 s
    assert link.of("program")[-1] == ("program", "Host Cam")
    assert d.scene_on_air == "Host Cam"
    assert any('"Demo Cam" was sent early but did not come on cue' in n.message for n in recorded.of(Notice))


def test_cues_switch_set_texts_and_act_on_media(director, clock: FakeClock) -> None:
    cues = (Cue(0.5, scene="Demo Cam", texts=(("Order Ticker", "3 orders"),)), Cue(0.8, media="VT Player", media_action="stop"))
    d, engine, link, _ = director(make_rundown(seg("a", 10, scene="Host Cam", cues=cues)))
    engine.start()
    clock.advance(1)
    assert link.sent[1:] == [("program", "Demo Cam"), ("text", "Order Ticker", "3 orders"), ("media", "VT Player", "stop")]
    assert d.scene_on_air == "Demo Cam"


def test_reconnect_puts_back_what_should_be_on_air_now(director, clock: FakeClock) -> None:
    cues = (Cue(0.5, scene="Demo Cam", texts=(("Order Ticker", "3 orders"),)),)
    rundown = with_obs(make_rundown(seg("a", 1, scene="Host Cam", cues=cues), seg("b", 1, exhibitor="serenco")))
    _, engine, link, _ = director(rundown)
    engine.start()
    clock.advance(1.5)  # b has no scene of its own: the cue's scene stays on air
    link.sent.clear()
    assert link.on_connected is not None
    link.on_connected()
    assert link.sent == [("studio_mode",), ("program", "Demo Cam"), ("text", "Lower Third", "Serenco — Lift 3T, Lift 4T"),
                         ("text", "Order Ticker", "3 orders")]


def test_in_studio_mode_the_next_scene_waits_in_preview(director) -> None:
    rundown = make_rundown(seg("a", 10, scene="Host Cam"), seg("b", 10, scene="Demo Cam"), seg("c", 10, scene="Closing"))
    _, engine, link, _ = director(rundown)
    link.studio = True
    link.on_connected()  # asks OBS whether it is in studio mode, then preloads the first scene
    engine.start()
    engine.go()
    engine.go()  # nothing follows c
    assert link.of("preview") == [("preview", "Host Cam"), ("preview", "Demo Cam"), ("preview", "Closing")]


def test_switch_latency_feeds_preroll_and_is_logged_sparingly(director, clock: FakeClock) -> None:
    d, engine, _, recorded = director(make_rundown(seg("a", 10, scene="Host Cam")))
    logged = []
    for latency, wait in ((0.044, 0), (0.046, 1), (0.050, 1), (0.051, 61), (0.051, 61)):
        clock.advance(wait)
        engine.bus.publish(ObsStatus(clock.monotonic(), LinkState.CONNECTED, "ws://x", preroll_s=latency))
        assert engine.preroll_s == latency
        logged.append(len(recorded.of(Notice)))
    assert logged == [1, 1, 2, 3, 3]
    assert recorded.of(Notice)[0].message == "OBS switch latency 44 ms — scene switches are sent that much early"
    d.compensate = False
    engine.bus.publish(ObsStatus(clock.monotonic(), LinkState.CONNECTED, "ws://x", preroll_s=0.2))
    assert engine.preroll_s == 0.051


def test_recording_runs_with_the_show(director, clock: FakeClock) -> None:
    _, engine, link, _ = director(with_obs(make_rundown(seg("a", 1, scene="Host Cam")), record=True))
    engine.start()
    assert link.sent[0] == ("start_record",)
    clock.advance(1.1)
    assert engine.ended and link.sent[-1] == ("stop_record",)


def test_an_obs_refusal_is_told_but_not_connected_is_not_repeated(director) -> None:
    _, engine, link, recorded = director(make_rundown(seg("a", 1, scene="Host Camera"), seg("b", 1, scene="Closing")))
    link.refusals["program"] = (600, "No source was found by the name of `Host Camera`.")
    engine.start()
    assert [n.message for n in recorded.of(Notice)] == [
        'OBS could not switch to scene "Host Camera": No source was found by the name of `Host Camera`.']
    link.refusals["program"] = (NO_ANSWER, "OBS is not connected")
    link.state = LinkState.LOST
    engine.go()
    assert len(recorded.of(Notice)) == 1


def test_the_preroll_is_the_links_aim_at_the_frame_not_the_event_latency(director, clock: FakeClock) -> None:
    _, engine, _, _ = director(make_rundown(seg("a", 10, scene="Host Cam")))
    engine.bus.publish(ObsStatus(clock.monotonic(), LinkState.CONNECTED, "ws://x", switch_latency_s=0.030,
                                 preroll_s=0.022))
    assert engine.preroll_s == 0.022


def test_studio_mode_switched_on_mid_show_is_followed(director) -> None:
    rundown = make_rundown(seg("a", 10, scene="Host Cam"), seg("b", 10, scene="Demo Cam"), seg("c", 10, scene="Closing"))
    _, engine, link, _ = director(rundown)
    link.on_connected()  # OBS is not in studio mode when the show starts
    engine.start()
    assert link.of("preview") == []
    engine.bus.publish(StudioModeChanged(engine.clock.monotonic(), True))  # someone ticks Studio Mode in OBS
    assert link.of("preview") == [("preview", "Demo Cam")]
    engine.go()
    assert link.of("preview")[-1] == ("preview", "Closing")
    engine.bus.publish(StudioModeChanged(engine.clock.monotonic(), False))
    engine.go()
    assert len(link.of("preview")) == 2


def test_reconnect_plays_a_cued_clip_on_from_where_it_should_be(director, clock: FakeClock) -> None:
    cues = (Cue(0.5, media="VT Player", clip="media/vt.mp4", media_action="restart"),
            Cue(0.5, media="Jingle", media_action="stop"))
    _, engine, link, _ = director(make_rundown(seg("a", 60, scene="Demo Cam", cues=cues)))
    engine.start()
    clock.advance(3.0)  # the clip has played 2.5 s
    link.sent.clear()
    link.on_connected()  # OBS was restarted: its inputs lost what the show put in them
    clip = str(engine.rundown.media_path("media/vt.mp4").resolve())
    assert link.sent[2:] == [("media_file", "VT Player", clip), ("media", "VT Player", "restart"),
                             ("media_cursor", "VT Player", 2500), ("media", "Jingle", "stop")]


def test_streaming_runs_with_the_show_when_asked(director, clock: FakeClock) -> None:
    _, engine, link, _ = director(with_obs(make_rundown(seg("a", 1, scene="Host Cam")), stream=True, record=True))
    engine.start()
    assert link.sent[:2] == [("start_record",), ("start_stream",)]
    link.on_connected()  # OBS came back mid-show: both are asked for again
    assert link.of("start_stream") == [("start_stream",)] * 2
    clock.advance(1.1)
    assert engine.ended and link.sent[-2:] == [("stop_record",), ("stop_stream",)]


def test_a_hard_start_is_prerolled_like_every_switch_known_in_advance(director, clock: FakeClock) -> None:
    rundown = make_rundown(seg("a", 600, end="hold", scene="Host Cam"),  # the show starts at 19:30 (now)
                           seg("b", 60, scene="Demo Cam", start=time(19, 30, 30), transition=Transition("Cut")))
    _, engine, link, recorded = director(rundown)
    engine.start()
    engine.set_preroll(0.04)
    clock.advance(29.965)
    assert link.sent[-2:] == [("transition", "Cut", None), ("program", "Demo Cam")]
    assert engine.on_air.id == "a"
    (preroll,) = recorded.of(ScenePreroll)
    assert (preroll.scene, preroll.segment_id) == ("Demo Cam", "b")
    assert preroll.due - preroll.at == pytest.approx(0.04)
    clock.advance(0.1)
    assert engine.on_air.id == "b"
    assert link.of("program") == [("program", "Host Cam"), ("program", "Demo Cam")]  # not sent again


def test_a_known_cut_is_sent_at_the_instant_the_link_aims_at(director, clock: FakeClock) -> None:
    rundown = make_rundown(seg("a", 1, scene="Host Cam"), seg("b", 5, scene="Demo Cam"))
    _, engine, link, _ = director(rundown, preroll_s=0.08)  # announced 80 ms early...
    link.lead = 0.03  # ...sent 30 ms early: the switch is made half a frame before the tick nearest its due
    engine.start()
    clock.advance(0.95)
    assert link.of("program") == [("program", "Host Cam")]
    clock.advance(0.021)
    assert link.of("program") == [("program", "Host Cam"), ("program", "Demo Cam")]
    clock.advance(0.1)
    assert engine.on_air.id == "b" and len(link.of("program")) == 2
