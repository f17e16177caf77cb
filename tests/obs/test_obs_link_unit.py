"""ObsLink without OBS: backoff, unreachable OBS, requests while disconnected, preflight."""

from __future__ import annotations

import random
import socket
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Iterator

import pytest
from obs_harness import EventRecorder, free_port

from studio.show.events import Notice
from studio.obs import NO_ANSWER, Backoff, LinkState, ObsHealth, ObsLink, ObsResponse, ObsStatus, preflight


def test_backoff_doubles_to_the_cap_with_bounded_jitter() -> None:
    backoff = Backoff(initial=1.0, cap=30.0, jitter=0.1, rng=random.Random(7))
    delays = [backoff.next() for _ in range(8)]
    for delay, base in zip(delays, [1, 2, 4, 8, 16, 30, 30, 30]):
        assert base * 0.9 <= delay <= min(30.0, base * 1.1)
    assert len(set(delays)) == len(delays)  # jittered, never in step
    backoff.reset()
    assert 0.9 <= backoff.next() <= 1.1


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts TCP connections but never says a word."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield server.getsockname()[1]


def started_link(port: int, recorder: EventRecorder, connect_timeout: float = 0.5) -> ObsLink:
    link = ObsLink(f"ws://127.0.0.1:{port}", "secret", recorder.bus, connect_timeout=connect_timeout,
                   backoff=Backoff(initial=0.05, cap=0.1))
    link.start()
    return link


def test_closed_port_gives_one_clear_sentence_and_keeps_retrying(recorder: EventRecorder) -> None:
    port = free_port()
    began = time.monotonic()
    link = started_link(port, recorder)
    try:
        notice = recorder.wait_for(Notice, timeout=2)
        assert time.monotonic() - began < 0.5
        assert notice.level == "warning"
        assert notice.message.startswith(f"OBS is not answering at ws://127.0.0.1:{port} — is OBS running")
        assert "retrying in" in notice.message
        for _ in range(2):  # two more attempts
            recorder.wait_for(ObsStatus, lambda s: s.retry_in_s is not None, since=recorder.mark())
        assert len(recorder.of(Notice)) == 1  # said once, not on every retry
    finally:
        link.stop()


def test_silent_server_times_out_within_the_connect_timeout(recorder: EventRecorder, silent_server: int) -> None:
    began = time.monotonic()
    link = started_link(silent_server, recorder, connect_timeout=0.3)
    try:
        notice = recorder.wait_for(Notice, timeout=3)
        assert time.monotonic() - began < 1.5
        assert notice.message.startswith(f"OBS did not answer at ws://127.0.0.1:{silent_server} within 0.3 s")
    finally:
        link.stop()


def test_requests_while_disconnected_fail_at_once(recorder: EventRecorder) -> None:
    link = ObsLink("ws://127.0.0.1:4455", None, recorder.bus)
    future = link.set_program_scene("Opening")
    assert future.done()
    response = future.result()
    assert (response.ok, response.code, response.comment) == (False, NO_ANSWER, "OBS is not connected")


def test_stop_is_idempotent_and_safe_before_start(recorder: EventRecorder) -> None:
    link = ObsLink("ws://127.0.0.1:4455", None, recorder.bus)
    link.stop()
    link = started_link(free_port(), recorder)
    link.stop()
    link.stop()
    assert link.state is LinkState.DISCONNECTED
    assert recorder.of(ObsStatus)[-1].state is LinkState.DISCONNECTED


def test_a_bad_address_is_refused_in_plain_words(recorder: EventRecorder) -> None:
    with pytest.raises(ValueError, match="must look like ws://"):
        ObsLink("http://obs.local", None, recorder.bus)


def reply(code: int, comment: str = "") -> dict[str, Any]:
    return {"requestStatus": {"result": code == 100, "code": code, "comment": comment}, "responseData": {}}


@dataclass
class ScriptedObs:
    """Stands in for studio.obs.client.Client: connects at once and answers from a script
    (the last reply repeats), optionally after a delay."""

    replies: list[dict[str, Any]]
    delay_s: float = 0.0
    sent: list[str] = field(default_factory=list)

    def __call__(self, *args: object) -> ScriptedObs:  # the Client constructor
        return self

    def register(self, *args: object) -> None: ...
    def open(self, timeout: float) -> None: ...
    def close(self) -> None: ...
    def interrupt(self) -> None: ...

    def call_raw(self, name: str, data: dict[str, Any], timeout: float) -> dict[str, Any]:
        self.sent.append(name)
        time.sleep(min(self.delay_s, max(0.0, timeout)))
        if self.delay_s > timeout:
            raise TimeoutError()
        return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]


@pytest.fixture
def scripted(monkeypatch: pytest.MonkeyPatch, recorder: EventRecorder) -> Iterator[tuple[ScriptedObs, ObsLink]]:
    obs = ScriptedObs([reply(100)])
    monkeypatch.setattr("studio.obs.link.Client", obs)
    link = ObsLink("ws://127.0.0.1:4455", None, recorder.bus, request_timeout=0.6, health_interval=3600)
    link.start()
    recorder.wait_for(ObsStatus, lambda s: s.state is LinkState.CONNECTED)

    yield obs, link
    link.stop()


def test_not_ready_is_retried_until_obs_is_ready(scripted: tuple[ScriptedObs, ObsLink]) -> None:
    obs, link = scripted
    obs.replies = [reply(207, "OBS is not ready to perform the request."), reply(207), reply(100)]
    assert link.request("GetVersion").result(timeout=2).ok
    assert obs.sent == ["GetVersion"] * 3


def test_not_ready_until_time_runs_out_gives_obs_answer(scripted: tuple[ScriptedObs, ObsLink]) -> None:
    obs, link = scripted
    obs.replies = [reply(207, "OBS is not ready to perform the request.")]
    began = time.monotonic()
    response = link.request("GetVersion").result(timeout=2)
    assert time.monotonic() - began < 0.6
    assert (response.code, response.comment) == (207, "OBS is not ready to perform the request.")
    assert len(obs.sent) >= 2


def test_a_request_that_waited_too_long_in_line_is_not_sent(scripted: tuple[ScriptedObs, ObsLink]) -> None:
    obs, link = scripted
    obs.delay_s = 1.0  # OBS hangs on the first request
    first, second = link.set_program_scene("Host Cam"), link.set_program_scene("Closing")
    assert first.result(timeout=2).comment == "OBS did not answer within 0.6 s"
    assert second.result(timeout=2).comment == "Not sent: it waited over 0.6 s behind earlier requests"
    assert obs.sent == ["SetCurrentProgramScene"]


class ListingLink:
    """Stands in for ObsLink in preflight: answers the two list requests."""

    def __init__(self, scenes: ObsResponse, inputs: ObsResponse) -> None:
        self._scenes, self._inputs = scenes, inputs

    def list_scenes(self) -> Future[ObsResponse]:
        return done(self._scenes)

    def list_inputs(self) -> Future[ObsResponse]:
        return done(self._inputs)


def done(response: ObsResponse) -> Future[ObsResponse]:
    future: Future[ObsResponse] = Future()
    future.set_result(response)
    return future


def listing(key: str, field: str, names: list[str]) -> ObsResponse:
    return ObsResponse("Get", True, 100, "", {key: [{field: n} for n in names]}, 0.0, 0.0)


def test_preflight_names_each_missing_item_with_a_suggestion() -> None:
    link = ListingLink(listing("scenes", "sceneName", ["Opening", "Host Cam"]),
                       listing("inputs", "inputName", ["Lower Third"]))
    problems = preflight(link, {"Opening", "host cam ", "Finale"}, {"Lower Third", "Lower 3rd"})  # type: ignore[arg-type]
    assert problems == [
        'Scene "Finale" is not in OBS (it has: Host Cam, Opening)',
        'Scene "host cam " is not in OBS — did you mean "Host Cam"?',
        'Source "Lower 3rd" is not in OBS — did you mean "Lower Third"?',
    ]


def test_preflight_reports_a_failed_listing() -> None:
    failed = ObsResponse("GetSceneList", False, NO_ANSWER, "OBS is not connected", {}, 0.0, 0.0)
    link = ListingLink(failed, listing("inputs", "inputName", []))
    assert preflight(link, {"Opening"}, {"Lower Third"}) == [  # type: ignore[arg-type]
        "Could not list the scenes in OBS: OBS is not connected",
        'Source "Lower Third" is not in OBS (it has none)',
    ]


def test_a_local_or_lan_obs_is_retried_within_a_second_a_remote_one_more_patiently() -> None:
    for host in ("127.0.0.1", "localhost", "192.168.1.20", "10.0.0.5", "obs-pc", "obs-pc.local", "::1"):
        backoff = Backoff.for_host(host)
        assert max(backoff.next() for _ in range(10)) <= 1.0, host
    assert Backoff.for_host("obs.example.com").cap == 5.0
    assert Backoff.for_host("8.8.8.8").cap == 5.0


def test_the_wait_before_retrying_counts_down_and_reconnect_now_cuts_it_short(recorder: EventRecorder) -> None:
    link = ObsLink(f"ws://127.0.0.1:{free_port()}", None, recorder.bus, connect_timeout=0.3,
                   backoff=Backoff(initial=2.5, cap=2.5, jitter=0.0))
    link.start()
    try:
        first = recorder.wait_for(ObsStatus, lambda s: s.retry_in_s == 2.5, timeout=2)
        assert first.retry_at == pytest.approx(first.at + 2.5, abs=0.01)
        ticks = [recorder.wait_for(ObsStatus, lambda s: s.retry_in_s == left, timeout=2) for left in (2.0, 1.0)]
        assert [round(t.at - first.at, 1) for t in ticks] == [0.5, 1.5]
        assert all(t.retry_at == first.retry_at for t in ticks)
        since = recorder.mark()
        link.reconnect_now()
        asked = time.monotonic()
        recorder.wait_for(ObsStatus, lambda s: s.state is LinkState.CONNECTING, since=since, timeout=1)
        assert time.monotonic() - asked < 0.2
    finally:
        link.stop()


class SilentStats(ScriptedObs):
    """Answers requests, but the health check hangs: a frozen or half-dead OBS."""

    def call_raw(self, name: str, data: dict[str, Any], timeout: float) -> dict[str, Any]:
        if name == "GetStats" and self.delay_s:
            time.sleep(timeout)
            raise TimeoutError()
        return super().call_raw(name, data, timeout)


def test_an_obs_that_stops_answering_is_told_dropped_and_reconnected(monkeypatch: pytest.MonkeyPatch,
                                                                     recorder: EventRecorder) -> None:
    obs = SilentStats([{"requestStatus": {"result": True, "code": 100}, "responseData": {"outputActive": False}}])
    monkeypatch.setattr("studio.obs.link.Client", obs)
    link = ObsLink("ws://127.0.0.1:4455", None, recorder.bus, health_interval=0.1, answer_timeout=0.3,
                   backoff=Backoff(initial=0.1, cap=0.1))
    link.start()
    try:
        recorder.wait_for(ObsHealth, timeout=2)  # answering: its statistics are published
        since = recorder.mark()
        obs.delay_s = 1.0
        froze = time.monotonic()
        notice = recorder.wait_for(Notice, lambda n: n.level == "warning", since=since, timeout=2)
        assert time.monotonic() - froze < 0.6
        assert notice.message.startswith("OBS is not answering (no reply within 0.3 s) — retrying in 0.1 s")
        assert recorder.of(ObsStatus, since)[0].state is LinkState.LOST
        obs.delay_s = 0.0
        recorder.wait_for(ObsStatus, lambda s: s.state is LinkState.CONNECTED, since=since, timeout=2)
    finally:
        link.stop()


class StalledOnce(ScriptedObs):
    """A health question whose answer waits unread while this process stands still (a hung PC, SIGSTOP)."""

    stall = False

    def call_raw(self, name: str, data: dict[str, Any], timeout: float) -> dict[str, Any]:
        if name == "GetStats" and self.stall:
            self.stall = False
            time.sleep(timeout + 0.7)
            raise TimeoutError()
        return super().call_raw(name, data, timeout)


def test_a_health_question_this_process_stood_still_on_is_asked_again_not_blamed_on_obs(
        monkeypatch: pytest.MonkeyPatch, recorder: EventRecorder) -> None:
    obs = StalledOnce([{"requestStatus": {"result": True, "code": 100}, "responseData": {"outputActive": False}}])
    monkeypatch.setattr("studio.obs.link.Client", obs)
    link = ObsLink("ws://127.0.0.1:4455", None, recorder.bus, health_interval=0.1, answer_timeout=0.3)
    link.start()
    try:
        recorder.wait_for(ObsHealth, timeout=2)
        since = recorder.mark()
        obs.stall = True
        time.sleep(1.5)  # the stalled question (1 s) and the next ones
        assert not obs.stall and not recorder.of(Notice, since) and link.state is LinkState.CONNECTED
        recorder.wait_for(ObsHealth, since=recorder.mark(), timeout=2)  # still asked, still answering
    finally:
        link.stop()


class ObsByName(ScriptedObs):
    """Answers each request by its name (ok and empty when not scripted)."""

    def __init__(self, data: dict[str, dict[str, Any]]) -> None:
        super().__init__([reply(100)])
        self.data = data

    def call_raw(self, name: str, data: dict[str, Any], timeout: float) -> dict[str, Any]:
        self.sent.append(name)
        return {**reply(100), "responseData": self.data.get(name, {})}


def test_only_cuts_are_timed_and_the_frame_rate_is_learnt(monkeypatch: pytest.MonkeyPatch,
                                                          recorder: EventRecorder) -> None:
    obs = ObsByName({"GetCurrentSceneTransition": {"transitionName": "Fade"},
                     "GetVideoSettings": {"fpsNumerator": 60, "fpsDenominator": 1}})
    monkeypatch.setattr("studio.obs.link.Client", obs)
    link = ObsLink("ws://127.0.0.1:4455", None, recorder.bus, health_interval=0.05)
    link.start()
    try:
        recorder.wait_for(ObsHealth)  # the watchdog has asked what the link keeps about OBS
        assert link.set_program_scene("Host Cam").result(timeout=2).ok
        assert link.preroll_s is None  # OBS said its transition is a Fade: not a sample
        assert link.set_transition("Cut").result(timeout=2).ok
        assert link.set_program_scene("Closing").result(timeout=2).ok
        status = recorder.wait_for(ObsStatus, lambda s: s.preroll_s is not None)
        assert status.preroll_s == pytest.approx(link.preroll_s)
        assert 1 / 60 < link.preroll_s < 1 / 60 + 0.05  # a frame at 60 fps, plus a reply that took no time
    finally:
        link.stop()
