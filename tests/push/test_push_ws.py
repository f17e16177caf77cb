"""The push API at the WebSocket level: a real LiveShow on loopback, every message checked against the schema."""

from __future__ import annotations

import time

import pytest
import websocket
from pushkit import CONTROL, CREW, EXHIBITORS, Socket, order, trade_show

from showkit import Recorded, wait_until

from studio.api.roles import Tokens, parse_exhibitor_tokens, read_tokens, view_links
from studio.config.options import OptionsFile
from studio.app.session import LiveShow
from studio.obs.events import LinkState, ObsStatus
from studio.orders.config import OrdersConfig
from studio.show.events import Notice


def test_state_on_connect_then_each_transition_with_server_time(live):
    ws = Socket(live.api.port, CONTROL)
    hello = ws.read()
    assert (hello["type"], hello["role"], hello["exhibitor"]) == ("hello", "control", None)
    assert {c["name"] for c in hello["commands"]} >= {"go", "back", "hold", "extend", "message"}
    first = ws.state()
    assert first["phase"] == "standby" and first["on_air"] is None
    assert [s["id"] for s in first["segments"]] == ["intro", "pitch", "demo", "closing"]
    assert abs(first["server_time"] / 1000 - time.time()) < 2  # the studio's wall clock, in ms

    live.go()
    on_air = ws.state(lambda m: m["phase"] == "on_air")
    assert on_air["on_air"]["id"] == "intro" and on_air["on_air"]["cards"] == [{"text": "Welcome everyone", "at_s": 0.0}]
    assert 59 < on_air["on_air"]["remaining_s"] <= 60 and on_air["next"]["id"] == "pitch"
    assert on_air["seq"] > first["seq"] and on_air["at"] <= on_air["server_time"]
    live.go()
    assert ws.state(lambda m: m["on_air"] and m["on_air"]["id"] == "pitch")["on_air"]["exhibitor"] == "acme"
    ws.close()


def test_a_command_goes_through_the_registry_and_answers_with_its_outcome(live):
    ws = Socket(live.api.port, CONTROL)
    ws.send(type="command", id="1", name="go")
    outcome = ws.until(lambda m: m["type"] == "outcome")
    assert outcome == {**outcome, "id": "1", "command": "go", "ok": True, "refused": None}
    ws.send(type="command", id="2", name="extend", arguments={"seconds": 30})
    assert ws.until(lambda m: m["type"] == "outcome")["ok"]
    assert ws.state(lambda m: m["on_air"] and m["on_air"]["duration_s"] == 60)["on_air"]["remaining_s"] > 85
    ws.send(type="command", id="3", name="jump", arguments={"segment": "closing"})
    refused = ws.until(lambda m: m["type"] == "outcome")
    assert not refused["ok"] and "confirm it to jump" in refused["refused"]
    ws.send(type="command", id="4", name="extend", arguments={"seconds": "lots"})
    error = ws.until(lambda m: m["type"] == "error")
    assert (error["id"], error["field"]) == ("4", "seconds")
    ws.send(type="command", id="5", name="explode")
    assert ws.until(lambda m: m["type"] == "error")["field"] == "name"
    ws.send(type="command", id="6", name="message", arguments={"text": "Wrap up"})
    assert ws.state(lambda m: m["message"] is not None)["message"]["text"] == "Wrap up"
    ws.send(type="command", id="7", name="clear")
    ws.state(lambda m: m["message"] is None)
    ws.send(type="ping", id="8", client_time=123.5)
    pong = ws.until(lambda m: m["type"] == "pong")
    assert pong["client_time"] == 123.5 and pong["id"] == "8"
    ws.close()


def test_obs_health_reaches_the_crew_but_not_an_exhibitor(live):
    crew, acme = Socket(live.api.port, CREW), Socket(live.api.port, EXHIBITORS["acme"])
    assert crew.state()["health"] == {"obs": None, "log": None}
    lost = ObsStatus(live.clock.monotonic(), LinkState.LOST, "ws://10.0.0.9:4455", retry_in_s=2.0)
    live.loop.post(lambda: live.bus.publish(lost))
    health = crew.state(lambda m: m["health"]["obs"] is not None)["health"]
    assert health["obs"] == {"ok": False, "text": "OBS lost (ws://10.0.0.9:4455)"}
    back = ObsStatus(live.clock.monotonic(), LinkState.CONNECTED, "ws://10.0.0.9:4455")
    live.loop.post(lambda: live.bus.publish(back))
    assert crew.state(lambda m: m["health"]["obs"]["ok"])["health"]["obs"]["text"] == "OBS connected"
    live.go()
    acme.state(lambda m: m["phase"] == "on_air")
    assert all(m["health"] == {"obs": None, "log": None} for m in acme.seen if m["type"] == "state")


def test_crew_reads_everything_but_cannot_act(live):
    ws = Socket(live.api.port, CREW)
    assert ws.read()["commands"] == []
    ws.send(type="command", id="go", name="go")
    assert "may not send commands" in ws.until(lambda m: m["type"] == "error")["message"]
    time.sleep(0.2)
    assert live.state_future().result(2).phase == "standby"
    ws.close()


def test_an_exhibitor_sees_only_its_slot_and_sales_and_cannot_act(live):
    live.desk.take(order(1, "acme", 3490.0)).result(5)
    live.desk.take(order(2, "serenco", 999.0)).result(5)
    acme = Socket(live.api.port, EXHIBITORS["acme"])
    hello = acme.read()
    assert (hello["role"], hello["exhibitor"], hello["commands"]) == ("exhibitor", "acme", [])
    state = acme.state(lambda m: m["orders"]["exhibitors"].get("acme", {}).get("orders") == 1)
    assert [s["id"] for s in state["segments"]] == ["pitch"]
    assert state["orders"]["show"] is None and set(state["orders"]["exhibitors"]) == {"acme"}
    assert state["exhibitor"] == {"id": "acme", "name": "Acme Lifts", "target": None}
    assert "serenco" not in str(state) and "999" not in str(state)

    acme.send(type="command", id="1", name="go")
    assert acme.until(lambda m: m["type"] == "error")["id"] == "1"
    live.go()  # intro: not acme's
    live.message("Thirty seconds", "console")
    intro = acme.state(lambda m: m["phase"] == "on_air")
    assert intro["on_air"] is None and intro["message"] is None and intro["next"]["id"] == "pitch"
    live.go()  # acme's pitch
    pitch = acme.state(lambda m: m["on_air"] is not None)
    assert pitch["on_air"]["cards"][1]["text"] == "Offer ends tonight" and pitch["next"] is None
    live.desk.take(order(3, "serenco", 5.0)).result(5)
    live.desk.take(order(4, "acme", 10.0)).result(5)
    sales = acme.state(lambda m: m["orders"]["exhibitors"]["acme"]["orders"] == 2)
    # the pitch's own totals count serenco's order taken during it: an exhibitor gets none
    assert sales["orders"]["segments"] == {} and sales["orders"]["exhibitors"]["acme"]["revenue"] == 3500.0
    assert all("serenco" not in str(m) for m in acme.seen)
    acme.close()


def test_a_wrong_or_missing_token_is_refused_before_the_upgrade(live):
    for url in (f"ws://127.0.0.1:{live.api.port}/ws", f"ws://127.0.0.1:{live.api.port}/ws?token=nope"):
        with pytest.raises(websocket.WebSocketBadStatusException) as refused:
            websocket.create_connection(url, timeout=5)
        assert refused.value.status_code == 401


def test_the_show_closing_closes_every_socket(live):
    sockets = [Socket(live.api.port, token) for token in (CONTROL, CREW, *EXHIBITORS.values())]
    for ws in sockets:
        ws.state()
    started = time.monotonic()
    live.close()
    assert time.monotonic() - started < 3
    for ws in sockets:
        with pytest.raises((websocket.WebSocketConnectionClosedException, ConnectionError)):
            while True:
                ws.read()


def test_tokens_and_links():
    assert parse_exhibitor_tokens(" acme = a1 , serenco=s2,") == {"acme": "a1", "serenco": "s2"}
    with pytest.raises(ValueError, match="'acme' is not"):
        parse_exhibitor_tokens("acme")
    tokens = Tokens("c", "k", {"acme": "a/1"})
    assert tokens.role_of("a/1").exhibitor == "acme" and tokens.role_of("c").can_act and not tokens.role_of("k").can_act
    assert tokens.role_of("") is None and tokens.role_of("x") is None and not Tokens()
    links = {link.label: link.url for link in view_links("http://127.0.0.1:8417", tokens)}
    assert links["Exhibitor view: acme"] == "http://127.0.0.1:8417/views/exhibitor?token=a%2F1"
    assert links["Studio clock"] == "http://127.0.0.1:8417/views/clock?token=k"
    assert sum("token=c" in url for url in links.values()) == 1  # the control token opens only the operator view


def test_tokens_come_from_the_environment_before_the_settings_file(tmp_path):
    settings = tmp_path / "settings.json"
    OptionsFile(settings).save({"crew_token": "from-file", "exhibitor_tokens": "acme=a-file"})
    from_file = read_tokens("c", environ={}, settings=settings)
    assert (from_file.crew, dict(from_file.exhibitors)) == ("from-file", {"acme": "a-file"})
    environ = {"STUDIO_CREW_TOKEN": "from-env", "STUDIO_EXHIBITOR_TOKENS": "serenco=s-env"}
    from_env = read_tokens("c", environ=environ, settings=settings)
    assert (from_env.control, from_env.crew, dict(from_env.exhibitors)) == ("c", "from-env", {"serenco": "s-env"})


def test_exhibitor_tokens_written_wrong_are_a_sentence_and_the_show_goes_on(db_dir, monkeypatch):
    monkeypatch.setenv("STUDIO_EXHIBITOR_TOKENS", "acme")
    live = LiveShow(trade_show(), db_dir / "studio.db", auto_start=False, orders=OrdersConfig(port=0, control_token=CONTROL))
    notices = Recorded(live.bus)
    live.run()
    try:
        said = [n.message for n in notices.of(Notice) if n.level == "error"]
        assert said == ["The push API and browser views are off: exhibitor tokens are written id=token,id=token; "
                        "'acme' is not. Fix it and restart the show."]
        with pytest.raises(websocket.WebSocketBadStatusException) as refused:
            websocket.create_connection(f"ws://127.0.0.1:{live.api.port}/ws?token={CONTROL}", timeout=5)
        assert refused.value.status_code == 404
        assert live.go().result(2).state.phase == "on_air"
    finally:
        live.close()


def test_a_message_that_is_not_json_closes_the_connection_with_4400(live):
    for send in (lambda ws: ws.send("GO!"), lambda ws: ws.send_binary(b"\x00go"), lambda ws: ws.send("[1, 2]")):
        ws = Socket(live.api.port, CONTROL)
        ws.read()
        send(ws.ws)
        while True:
            opcode, frame = ws.ws.recv_data(control_frame=True)
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                break
        assert int.from_bytes(frame[:2], "big") == 4400
        ws.close()
    assert live.state_future().result(2).phase == "standby"


def test_the_director_is_told_where_the_views_are(db_dir, monkeypatch):
    monkeypatch.setenv("STUDIO_CREW_TOKEN", CREW)
    live = LiveShow(trade_show(), db_dir / "studio.db", auto_start=False, orders=OrdersConfig(port=0))
    notices = Recorded(live.bus)
    live.run()
    try:
        url = live.api.url
        said = f"Orders are received on {url}/orders; browser views and the push API on {url}/views/ and /ws (docs/views.md)."
        assert wait_until(lambda: said in [n.message for n in notices.of(Notice)], 5)  # a notice goes through the show loop
    finally:
        live.close()
