"""The command registry on a real engine and fake clock, and the LiveShow facade that runs it on the show loop."""

from __future__ import annotations

import json
import socket
import threading

import pytest

from showkit import Recorded, make_rundown, seg
from studio.app.command_words import HELP, Request, parse_command
from studio.app.lifecycle import Lifecycle, Part
from studio.app.session import LiveShow
from studio.orders.config import OrdersConfig
from studio.api.push import SCHEMA_PATH
from studio.show.commands import COMMANDS, KINDS, Argument, bindings, command, perform
from studio.show.events import DirectorAction, PresenterMessage, RundownChanged, SegmentStarted, ShowStarted


def run(engine, name: str, source: str = "test", **arguments):
    declared = command(name)
    return perform(declared, engine, declared.complete(arguments), source)


@pytest.fixture
def engine(build):
    engine, recorded = build(make_rundown(seg("intro", 60), seg("pitch", 60), seg("demo", 60), seg("closing", 60)))
    engine.recorded = recorded
    return engine


def test_names_and_keys_are_declared_once() -> None:
    names = [each.name for each in COMMANDS]
    keys = [key for binding in bindings() for key in binding.keys]
    assert len(names) == len(set(names)) and len(keys) == len(set(keys))
    for each in COMMANDS:
        assert each.help and each.label
        assert each.name in HELP


def test_argument_kinds_are_declared_once() -> None:
    with pytest.raises(ValueError, match="unknown kind 'colour'"):
        Argument("tint", "colour", "a colour")
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$defs"]["argument"]["properties"]["kind"]["enum"] == list(KINDS)  # what push clients are told
    assert {a.kind for a in command("timer_new").arguments} == {"name"}  # a timer's name is not a segment's id


def test_a_command_refuses_arguments_it_does_not_declare(engine) -> None:
    with pytest.raises(ValueError, match="go does not take seconds"):
        command("go").complete({"seconds": 30})
    with pytest.raises(ValueError, match="extend needs seconds"):
        command("extend").complete({})


def test_hold_on_and_off_are_idempotent_and_the_bare_hold_toggles(engine) -> None:
    run(engine, "go")
    assert run(engine, "hold", on=True).state.held is True
    assert run(engine, "hold", on=True).state.held is True
    assert run(engine, "hold", on=False).state.held is False
    assert run(engine, "hold", on=False).state.held is False
    assert run(engine, "hold").state.held is True
    assert run(engine, "hold").state.held is False


def test_pause_on_and_off_are_idempotent_and_the_console_key_toggles(engine, clock) -> None:
    run(engine, "go")
    clock.advance(5)
    assert run(engine, "pause").state.phase == "paused"
    clock.advance(10)
    assert run(engine, "pause").state.phase == "paused"  # still the first pause: its 10 s stand still
    assert run(engine, "pause", on=False).state.remaining == pytest.approx(55)
    assert run(engine, "pause", on=False).state.phase == "on_air"
    assert run(engine, "pause", on=None).state.phase == "paused"
    assert run(engine, "pause", on=None).state.phase == "on_air"


def test_go_after_the_end_is_refused_with_a_sentence(engine) -> None:
    for _ in range(5):
        run(engine, "go")
    assert engine.ended
    before = len(engine.recorded.events)
    outcome = run(engine, "go")
    assert outcome.refused == "The show has ended: GO does nothing."
    assert outcome.state.phase == "ended" and len(engine.recorded.events) == before


def test_a_jump_that_drops_segments_needs_confirm(engine) -> None:
    run(engine, "go")  # intro on air, pitch and demo upcoming
    refused = run(engine, "jump", segment="closing")
    assert refused.refused == "Jump to Closing drops 2 segments not yet aired (pitch, demo): confirm it to jump."
    assert refused.state.on_air_timing.segment_id == "intro"
    assert run(engine, "jump", segment="pitch").refused is None  # the next one: nothing dropped
    assert run(engine, "jump", segment="intro").refused is None  # back: nothing dropped
    taken = run(engine, "jump", segment="closing", confirm=True)
    assert taken.refused is None and taken.state.on_air_timing.segment_id == "closing"
    assert run(engine, "jump", segment="nope").refused == "There is no segment 'nope' in this rundown."


def test_message_and_clear_reach_the_bus_with_who_sent_them(engine) -> None:
    run(engine, "message", source="remote 10.0.0.7", text="Wrap up")
    run(engine, "clear", source="stdin")
    [message] = engine.recorded.of(PresenterMessage)
    [cleared] = [a for a in engine.recorded.of(DirectorAction) if a.action == "clear_message"]
    assert (message.text, message.source, cleared.detail["by"]) == ("Wrap up", "remote 10.0.0.7", "stdin")


def test_each_command_names_who_sent_it() -> None:
    assert command("go").describe({}, "10.0.0.7") == "GO from 10.0.0.7"
    assert command("extend").describe({"seconds": -30.0}, "x") == "-30 s from x"
    assert command("hold").describe({"on": False}, "x") == "release from x"
    assert command("message").describe({"text": "Hi"}, "x") == "message to the presenter from x: “Hi”"


@pytest.mark.parametrize(("line", "parsed"), [
    ("go", Request("go", {})), ("+30", Request("extend", {"seconds": 30.0})),
    ("hold off", Request("hold", {"on": False})), ("HOLD", Request("hold", {"on": None})),
    ("jump demo confirm", Request("jump", {"segment": "demo", "confirm": True})),
    ("message  Stretch   30 s", Request("message", {"text": "Stretch 30 s"})),
])
def test_typed_words_become_requests(line, parsed) -> None:
    assert parse_command(line) == parsed


@pytest.mark.parametrize(("line", "said"), [
    ("bogus", "unknown command 'bogus'"), ("+abc", "not a number of seconds"), ("hold maybe", "on must be on or off"),
    ("go now", "'go' does not take 'now'"), ("jump", "jump needs segment"), ("extend 0", "and not 0"),
])
def test_bad_words_are_answered_with_a_sentence(line, said) -> None:
    assert said in parse_command(line)


def test_the_live_rundown_swap_runs_on_the_show_loop(db_dir) -> None:
    show = LiveShow(make_rundown(seg("intro", 60), seg("pitch", 60)), db_dir / "a.db", auto_start=False)
    threads: list[str] = []
    show.bus.subscribe(lambda e: threads.append(threading.current_thread().name), RundownChanged)
    show.run()
    try:
        show.go().result(2)
        edited = make_rundown(seg("intro", 90), seg("pitch", 60))
        show.replace_rundown(edited)
        show.state_future().result(2)
        assert threads == ["show-loop"] and show.rundown is edited
        show.replace_rundown(make_rundown(seg("pitch", 60)))  # removes what is on air: refused by the engine
        show.state_future().result(2)
        assert show.rundown is edited  # the facade never shows a rundown the engine did not take
    finally:
        show.close()


def test_the_orders_listener_is_up_before_the_show_can_start(db_dir) -> None:
    show = LiveShow(make_rundown(seg("intro", 60)), db_dir / "a.db", start="now",
                    orders=OrdersConfig(port=0, secret="s"))
    listening: list[bool] = []

    def started(event: ShowStarted) -> None:
        with socket.create_connection(("127.0.0.1", show.api.port), timeout=1):
            listening.append(True)
    show.bus.subscribe(started, ShowStarted)
    recorded = Recorded(show.bus)
    show.run()
    try:
        show.state_future().result(2)
        for _ in range(100):
            if recorded.of(SegmentStarted):
                break
            show.state_future().result(2)
        assert listening == [True]
        [first] = recorded.of(SegmentStarted)
        assert abs(first.at - first.planned_start) < 0.001  # "now" is when the show is ready, listener included
    finally:
        show.close()
    assert show.api is None


def test_the_lifecycle_stops_in_its_stated_order_even_past_a_failure() -> None:
    done: list[str] = []

    def stop(name: str):
        def act() -> None:
            done.append(f"stop {name}")
            if name == "obs":
                raise RuntimeError("OBS hangs")
        return act
    parts = {name: Part(name, lambda name=name: done.append(f"start {name}"), stop(name)) for name in ("intake", "obs", "log")}
    lifecycle = Lifecycle([parts["intake"], parts["obs"], parts["log"]], [parts["obs"], parts["intake"], parts["log"]])
    lifecycle.start()
    lifecycle.stop()
    lifecycle.stop()  # once only
    assert done == ["start intake", "start obs", "start log", "stop obs", "stop intake", "stop log"]
    with pytest.raises(ValueError):
        Lifecycle([parts["obs"]], [parts["log"]])
    done.clear()
    Lifecycle([parts["log"]], [parts["log"]]).stop()  # built, never started: what it holds is released
    assert done == ["stop log"]


def test_a_show_built_and_closed_unopened_releases_its_database(db_dir) -> None:
    show = LiveShow(make_rundown(seg("intro", 60)), db_dir / "a.db", orders=OrdersConfig(port=0, secret="s"))
    show.close()
    with pytest.raises(RuntimeError, match="writer has stopped"):
        show.writer.call(lambda db: None)
