"""Remote control over real HTTP on loopback, driving a real LiveShow."""

from __future__ import annotations

import json

import pytest
from apikit import TOKEN

from showkit import rows
from studio.api.control import control_routes
from studio.show.commands import COMMANDS
from studio.show.events import DirectorAction, PresenterMessage, SegmentStarted

PATHS = [("POST", f"/control/{command.name}") for command in COMMANDS] + [
    ("POST", "/control/extend?seconds=30"), ("POST", "/control/message"), ("GET", "/status")]


@pytest.fixture
def api(show, serve):
    return serve(control_routes(show, TOKEN))


@pytest.mark.parametrize(("method", "path"), PATHS)
def test_off_without_a_token_every_path_is_404(show, serve, method, path) -> None:
    client = serve(control_routes(show, None))
    assert client.send(method, path).status == 404
    assert client.send(method, path, token=None).status == 404


@pytest.mark.parametrize(("method", "path"), PATHS)
@pytest.mark.parametrize("token", [None, "wrong", TOKEN + "x", ""])
def test_a_missing_or_wrong_token_is_401_and_does_nothing(show, api, method, path, token) -> None:
    reply = api.send(method, path, token=token, body=b"Wrap up" if method == "POST" else None,
                     content_type="text/plain" if method == "POST" else None)
    assert reply.status == 401
    assert "token" in reply.body["error"]
    assert api.get("/status").state["phase"] == "standby"  # nothing was done
    assert show.recorded.of(PresenterMessage) == []


# "Bearer  TOKEN" (two spaces) is a valid RFC 9110 credential: tests/hostile/test_hostile_http.py accepts it
@pytest.mark.parametrize("header", [TOKEN, f"Basic {TOKEN}", f"bearer{TOKEN}", f"Bearer {TOKEN} x"])
def test_the_token_must_be_sent_exactly_as_a_bearer_token(api, header) -> None:
    assert api.get("/status", authorization=header).status == 401
    assert api.get("/status", authorization=f"Bearer {TOKEN}").status == 200


def test_go_back_skip_hold_pause_resume_each_act_and_answer_the_new_state(show, api) -> None:
    state = api.get("/status").state
    assert (state["phase"], state["on_air"], state["next"]["id"]) == ("standby", None, "intro")

    reply = api.post("/control/go")
    assert reply.status == 200 and reply.body["command"] == "go"
    assert (reply.state["phase"], reply.state["on_air"]["id"], reply.state["next"]["id"]) == ("on_air", "intro", "pitch")

    assert api.post("/control/go").state["on_air"]["id"] == "pitch"
    assert api.post("/control/back").state["on_air"]["id"] == "intro"

    skipped = api.post("/control/skip").state
    assert (skipped["on_air"]["id"], skipped["next"]["id"]) == ("intro", "closing")

    assert api.post("/control/hold").state["on_air"]["held"] is True
    assert api.post("/control/hold").state["on_air"]["held"] is False

    paused = api.post("/control/pause").state
    assert paused["phase"] == "paused"
    assert api.post("/control/resume").state["phase"] == "on_air"


def test_extend_moves_the_countdown_both_ways(api) -> None:
    api.post("/control/go")
    before = api.get("/status").state["on_air"]["remaining_s"]
    longer = api.post("/control/extend?seconds=30").state["on_air"]["remaining_s"]
    assert 29 < longer - before <= 30.5
    shorter = api.post("/control/extend?seconds=-45").state["on_air"]["remaining_s"]
    assert -45.5 < shorter - longer < -44


@pytest.mark.parametrize("query", ["", "?seconds=", "?seconds=abc", "?seconds=0", "?seconds=nan", "?seconds=inf",
                                   "?seconds=3601", "?seconds=-99999"])
def test_extend_refuses_a_bad_number_naming_the_field(show, api, query) -> None:
    api.post("/control/go")
    before = api.get("/status").state["on_air"]["remaining_s"]
    reply = api.post(f"/control/extend{query}")
    assert reply.status == 400
    assert reply.body["field"] == "seconds" and "seconds" in reply.body["error"]
    assert api.get("/status").state["on_air"]["remaining_s"] <= before  # not extended


@pytest.mark.parametrize(("body", "content_type"), [
    (json.dumps({"text": "Wrap up"}).encode(), "application/json"),
    ("Wrap up".encode(), "text/plain"),
    ("  Wrap\n up  ".encode(), "text/plain; charset=utf-8"),
])
def test_a_message_reaches_the_presenter_event_with_its_sender(show, api, body, content_type) -> None:
    reply = api.post("/control/message", body=body, content_type=content_type)
    assert reply.status == 200
    [message] = show.recorded.of(PresenterMessage)
    assert message.text == "Wrap up"
    assert message.source == "remote 127.0.0.1"


@pytest.mark.parametrize(("body", "content_type"), [
    (b"", "text/plain"),
    (b"   ", "text/plain"),
    (b"{not json", "application/json"),
    (b'{"message": "hi"}', "application/json"),
    (b'{"text": 3}', "application/json"),
    (b'["Wrap up"]', "application/json"),
    (("x" * 201).encode(), "text/plain"),
])
def test_a_bad_message_is_refused_naming_the_field(show, api, body, content_type) -> None:
    reply = api.post("/control/message", body=body, content_type=content_type)
    assert reply.status == 400 and reply.body["field"] == "text"
    api.get("/status")  # everything posted before has run
    assert show.recorded.of(PresenterMessage) == []


def test_status_matches_the_engine(show, api) -> None:
    api.post("/control/go")
    api.post("/control/extend?seconds=-50")  # 10 s left of 60
    status = api.get("/status")
    engine = show.state_future().result(2)
    body = status.body["status"]
    assert status.status == 200 and status.body["command"] == "status"
    assert body["show"] == "Test show"
    assert body["on_air"]["id"] == "intro" and body["on_air"]["title"] == "Intro"
    assert body["on_air"]["level"] == engine.level == "alarm"  # alarm at 15 s
    assert abs(body["on_air"]["remaining_s"] - engine.remaining) < 0.5
    assert body["on_air"]["remaining"] in ("00:10", "00:09")
    assert body["next"] == {"id": "pitch", "title": "Pitch"}
    assert abs(body["over_under_s"] - engine.over_under) < 0.5
    assert body["over_under"] == "-00:50"
    assert abs(body["drift_s"] - engine.drift) < 0.5
    assert body["projected_end"].endswith("Z") and body["planned_end"].endswith("Z")


def test_status_names_the_exhibitor_and_counts_overtime(show, api) -> None:
    api.post("/control/go")
    api.post("/control/go")
    api.post("/control/hold")
    state = api.post("/control/extend?seconds=-62").state["on_air"]
    assert state["id"] == "pitch" and state["exhibitor"] == "acme"
    assert state["level"] == "overtime" and state["remaining_s"] < 0 and state["remaining"].startswith("-00:0")


def test_each_remote_command_is_in_the_as_run_log_with_who_did_it(show, api) -> None:
    api.post("/control/go")
    api.post("/control/extend?seconds=30")
    api.post("/control/message", body=b"Stretch 30 s", content_type="text/plain")
    api.post("/control/pause")
    show.state_future().result(2)
    events = rows(show, "events")
    remote = [json.loads(e["detail"])["message"] for e in events if e["kind"] == "remote.info"]
    assert remote == ["GO from 127.0.0.1", "+30 s from 127.0.0.1",
                      "message to the presenter from 127.0.0.1: “Stretch 30 s”", "pause from 127.0.0.1"]
    kinds = [e["kind"] for e in events]
    assert kinds.index("remote.info") < kinds.index("extend")  # who, then what


def test_a_stopped_show_answers_503_not_a_hang(show, api) -> None:
    show.loop.stop()
    reply = api.post("/control/go")
    assert reply.status == 503 and "not answering" in reply.body["error"]


def test_hold_with_on_is_idempotent_and_the_bare_hold_toggles(api) -> None:
    api.post("/control/go")
    assert [api.post("/control/hold?on=1").state["on_air"]["held"] for _ in range(2)] == [True, True]
    assert [api.post("/control/hold?on=0").state["on_air"]["held"] for _ in range(2)] == [False, False]
    assert api.post("/control/hold").state["on_air"]["held"] is True
    reply = api.post("/control/hold?on=maybe")
    assert reply.status == 400 and reply.body["field"] == "on"


def test_a_jump_that_drops_segments_is_409_until_confirmed(show, api) -> None:
    api.post("/control/go")
    refused = api.post("/control/jump?segment=closing")
    assert refused.status == 409 and refused.body["ok"] is False
    assert refused.body["error"] == "Jump to Closing drops 1 segment not yet aired (pitch): confirm it to jump."
    assert refused.state["on_air"]["id"] == "intro"
    taken = api.post("/control/jump?segment=closing&confirm=1")
    assert taken.status == 200 and taken.state["on_air"]["id"] == "closing"
    assert api.post("/control/jump?segment=intro").state["on_air"]["id"] == "intro"  # back drops nothing
    assert api.post("/control/jump?segment=nope").status == 409
    missing = api.post("/control/jump")
    assert missing.status == 400 and missing.body["field"] == "segment"
    assert [e.segment_id for e in show.recorded.of(SegmentStarted)] == ["intro", "closing", "intro"]


def test_go_after_the_end_is_409_with_a_sentence_and_logged(show, api) -> None:
    for _ in range(4):
        api.post("/control/go")
    reply = api.post("/control/go")
    assert reply.status == 409 and reply.body["error"] == "The show has ended: GO does nothing."
    assert reply.state["phase"] == "ended"
    show.state_future().result(2)
    remote = [json.loads(e["detail"])["message"] for e in rows(show, "events") if e["kind"] == "remote.info"]
    assert remote[-2:] == ["GO from 127.0.0.1", "go from 127.0.0.1 refused: The show has ended: GO does nothing."]


def test_clear_takes_the_message_down_naming_who(show, api) -> None:
    api.post("/control/message", body=b"Wrap up", content_type="text/plain")
    assert api.post("/control/clear").status == 200
    [cleared] = [a for a in show.recorded.of(DirectorAction) if a.action == "clear_message"]
    assert cleared.detail["by"] == "remote 127.0.0.1"


def test_status_is_get_only(api) -> None:
    assert api.post("/status").status == 405
    assert api.get("/control/go").status == 405
