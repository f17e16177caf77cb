"""Timer types, stand-by-on-next and free timers in the push API's state, over a real /ws."""

from __future__ import annotations

from dataclasses import replace

from pushkit import CONTROL, EXHIBITORS, Socket, set_tokens, start_show, trade_show

from studio.rundown.model import FreeTimer


def test_the_state_carries_the_timer_type_the_loaded_segment_and_the_free_timers(db_dir, monkeypatch):
    set_tokens(monkeypatch)
    rundown = trade_show(1.0)
    intro, pitch, *rest = rundown.segments
    rundown = replace(rundown, segments=(replace(intro, end="standby", timer="count_up"), pitch, *rest),
                      timers=(FreeTimer("Q&A", "down", 300.0, presenter=True),))
    live = start_show(rundown, db_dir / "studio.db")
    try:
        ws = Socket(live.api.port, CONTROL)
        assert ws.state()["timers"] == [
            {"name": "Q&A", "mode": "down", "seconds": 300.0, "running": False, "presenter": True, "target": None}]
        live.go()
        standing = ws.state(lambda m: m["standing_by"] is not None)  # intro's 1 s is up: acme's pitch is loaded
        assert (standing["on_air"]["id"], standing["on_air"]["timer"], standing["standing_by"]) == ("intro", "count_up", "pitch")
        exhibitor = Socket(live.api.port, EXHIBITORS["serenco"])  # not serenco's: it does not see what is loaded
        assert exhibitor.state()["standing_by"] is None
        exhibitor.close()
        ws.send(type="command", id="1", name="timer_start", arguments={"timer": "Q&A"})
        assert ws.until(lambda m: m["type"] == "outcome")["ok"]
        running = ws.state(lambda m: m["timers"][0]["running"])
        assert 299 < running["timers"][0]["seconds"] <= 300
        ws.send(type="command", id="2", name="timer_new", arguments={"timer": "Doors", "mode": "to", "value": "23:59"})
        assert ws.until(lambda m: m["type"] == "outcome")["ok"]
        doors = ws.state(lambda m: len(m["timers"]) == 2)["timers"][1]
        assert (doors["mode"], doors["running"]) == ("to", True) and doors["target"] is not None
        live.go()
        taken = ws.state(lambda m: m["on_air"] and m["on_air"]["id"] == "pitch")
        assert (taken["on_air"]["timer"], taken["standing_by"]) == ("countdown", None)
        ws.close()
    finally:
        live.close()
