"""ObsLink against a real OBS Studio (29, obs-websocket 5.1) under Xvfb."""

from __future__ import annotations

import time

import pytest
from obs_harness import EventRecorder, ObsProcess

from studio.show.events import Notice
from studio.obs import Backoff, LinkState, ObsLink, ObsStatus, ProgramSceneChanged, preflight

pytestmark = [
    pytest.mark.obs,
    # an exception that escapes any thread (ours or the library's) fails the test
    pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning"),
]


def test_program_scene_switch_is_seen_as_an_event(obs_link: ObsLink, recorder: EventRecorder) -> None:
    since = recorder.mark()
    response = obs_link.set_program_scene("Host Cam").result(timeout=3)
    assert response.ok and response.code == 100
    event = recorder.wait_for(ProgramSceneChanged, lambda e: e.scene == "Host Cam", since=since)
    assert event.at >= response.sent_at
    on_air = obs_link.request("GetCurrentProgramScene").result(timeout=3)
    assert on_air.data["currentProgramSceneName"] == "Host Cam"


def test_failed_request_keeps_the_code_and_comment_obs_sent(obs_link: ObsLink) -> None:
    response = obs_link.set_program_scene("No Such Scene").result(timeout=3)
    assert not response.ok
    assert response.code == 600
    assert response.comment == "No source was found by the name of `No Such Scene`."


def test_text_is_set_and_read_back(obs_link: ObsLink) -> None:
    text = f"Jane Doe — CEO, Acme ({time.monotonic():.3f})"
    assert obs_link.set_text("Lower Third", text).result(timeout=3).ok
    settings = obs_link.request("GetInputSettings", {"inputName": "Lower Third"}).result(timeout=3)
    assert settings.data["inputSettings"]["text"] == text


def test_a_subscriber_may_wait_on_the_link_without_stalling_it(obs_link: ObsLink, recorder: EventRecorder) -> None:
    """Events are delivered on the link's publisher thread, not the socket's or the worker's."""
    answers: list[str] = []

    def ask_obs(event: ProgramSceneChanged) -> None:
        answers.append(obs_link.request("GetCurrentProgramScene").result(timeout=2).data["currentProgramSceneName"])

    recorder.bus.subscribe(ask_obs, ProgramSceneChanged)
    assert obs_link.set_program_scene("Demo Cam").result(timeout=3).ok
    recorder.wait_for(ProgramSceneChanged, lambda e: e.scene == "Demo Cam")
    deadline = time.monotonic() + 3
    while not answers and time.monotonic() < deadline:
        time.sleep(0.01)
    assert answers == ["Demo Cam"]


def test_switch_latency_estimate_is_measured(obs_link: ObsLink, recorder: EventRecorder) -> None:
    for scene in ("Host Cam", "Exhibitor Cam", "Demo Cam", "Break Slate", "Closing"):
        since = recorder.mark()
        assert obs_link.set_program_scene(scene).result(timeout=3).ok
        recorder.wait_for(ProgramSceneChanged, lambda e: e.scene == scene, since=since)
    latency = obs_link.switch_latency_s
    assert latency is not None and 0 < latency < 0.5  # Cut: about 45 ms here
    status = recorder.wait_for(ObsStatus, lambda s: s.switch_latency_s is not None and s.switch_latency_s > 0)
    assert status.state is LinkState.CONNECTED


def test_preflight_finds_a_missing_scene_and_suggests_one(obs_link: ObsLink) -> None:
    problems = preflight(obs_link, {"Opening", "Exhibitor Camera"}, {"Lower Third", "VT Player", "Order Tickr"})
    assert problems == [
        'Scene "Exhibitor Camera" is not in OBS — did you mean "Exhibitor Cam"?',
        'Source "Order Tickr" is not in OBS — did you mean "Order Ticker"?',
    ]


def test_wrong_password_is_one_plain_sentence(obs: ObsProcess, recorder: EventRecorder,
                                              capfd: pytest.CaptureFixture[str]) -> None:
    link = ObsLink(obs.url, "not-the-password", recorder.bus, connect_timeout=1.0, backoff=Backoff(0.2, 1.0))
    link.start()
    try:
        notice = recorder.wait_for(Notice, timeout=5)
    finally:
        link.stop()
    assert notice.level == "error"
    assert notice.message.startswith(
        "OBS refused the password — set STUDIO_OBS_PASSWORD to the password in "
        "OBS → Tools → WebSocket Server Settings — retrying in "
    )
    assert not any(s.state is LinkState.CONNECTED for s in recorder.of(ObsStatus))
    assert "Traceback" not in capfd.readouterr().err


def test_obs_killed_mid_request_then_restarted(obs_link: ObsLink, obs: ObsProcess, recorder: EventRecorder) -> None:
    """Kill OBS with a request in flight: it fails at once, the link says so, reconnects
    by itself with backoff once OBS is back, and calls on_connected."""
    reconnects: list[LinkState] = []
    obs_link.on_connected = lambda: reconnects.append(obs_link.state)
    since = recorder.mark()

    obs.freeze()  # OBS stops answering; the request below stays in flight
    in_flight = obs_link.request("GetVersion")
    time.sleep(0.3)
    assert not in_flight.done()
    killed_at = time.monotonic()
    obs.kill()
    failed = in_flight.result(timeout=2)
    assert time.monotonic() - killed_at < 1.0  # not the 3 s request timeout
    assert (failed.ok, failed.comment) == (False, "OBS connection was lost before it answered")

    lost = recorder.wait_for(Notice, lambda n: n.message.startswith("OBS lost — retrying in"), since=since)
    assert lost.level == "warning"
    assert obs_link.state is not LinkState.CONNECTED
    refused = obs_link.set_program_scene("Opening")
    assert refused.done() and refused.result().comment == "OBS is not connected"

    obs.start()
    recorder.wait_for(ObsStatus, lambda s: s.state is LinkState.CONNECTED, since=since, timeout=20)
    deadline = time.monotonic() + 2  # the hook runs on the link's thread just after CONNECTED is published
    while not reconnects and time.monotonic() < deadline:
        time.sleep(0.01)
    assert reconnects == [LinkState.CONNECTED]
    assert obs_link.set_program_scene("Closing").result(timeout=3).ok

    delays = [s.retry_in_s for s in recorder.of(ObsStatus, since) if s.retry_in_s is not None]
    assert len(delays) >= 2 and all(d <= 1.0 for d in delays)  # FAST_BACKOFF cap
    assert delays[1] > delays[0]  # backing off, not hammering
    states = [s.state for s in recorder.of(ObsStatus, since)]
    lost_at = states.index(LinkState.LOST)  # before it, the set-up's Cut may still report its latency as CONNECTED
    assert set(states[:lost_at]) <= {LinkState.CONNECTED}
    assert states[lost_at:lost_at + 2] == [LinkState.LOST, LinkState.CONNECTING] and states[-1] is LinkState.CONNECTED
