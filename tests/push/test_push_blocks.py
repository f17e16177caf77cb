"""Push API 1.1: blocks with their budget and back-time, delays applied live, custom fields (real LiveShow, loopback)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from pushkit import CONTROL, CREW, EXHIBITORS, Socket, set_tokens, start_show, trade_show

from studio.rundown.model import Block, CustomField, Delay


def blocks_show():
    """The trade show with acme's pitch and serenco's demo in one 3-minute block, a delay before the closing and a field."""
    rundown = trade_show()
    segments = tuple(replace(s, block="slots", fields=(("camera", "Jib"),)) if s.id in ("pitch", "demo") else s
                     for s in rundown.segments)
    return replace(rundown, segments=segments, blocks=(Block("slots", "Exhibitor slots", 180),),
                   delays=(Delay("late", "closing", 300, False, "if the demo runs late"),),
                   fields=(CustomField("camera", "choice", "Camera", ("Cam 1", "Jib")),))


def test_blocks_delays_and_fields_are_pushed_and_a_delay_is_applied_over_the_socket(db_dir, monkeypatch):
    set_tokens(monkeypatch)
    live = start_show(blocks_show(), db_dir / "studio.db")
    try:
        ws = Socket(live.api.port, CONTROL)
        hello = ws.read()
        assert (hello["v"], hello["minor"]) == (1, 2) and "delay" in {c["name"] for c in hello["commands"]}
        first = ws.state()
        block, = first["blocks"]
        assert {k: block[k] for k in ("id", "title", "status", "first", "last", "budget_s", "left_s", "over_under_s")} == {
            "id": "slots", "title": "Exhibitor slots", "status": "upcoming", "first": "pitch", "last": "demo",
            "budget_s": 180, "left_s": 180, "over_under_s": -60}
        assert block["ends_by"] - block["start"] == 180_000 and block["end"] - block["start"] == 120_000
        assert first["delays"] == [{"id": "late", "before": "closing", "duration_s": 300, "applied": False,
                                    "note": "if the demo runs late"}]
        assert first["fields"] == [{"name": "camera", "title": "Camera", "type": "choice"}]
        assert [(s["block"], s["fields"], s["delay_s"]) for s in first["segments"]] == [
            (None, {}, 0), ("slots", {"camera": "Jib"}, 0), ("slots", {"camera": "Jib"}, 0), (None, {}, 0)]
        closing = first["segments"][3]["projected_start"]
        ws.send(type="command", id="1", name="delay", arguments={"delay": "late", "on": True})
        assert ws.until(lambda m: m["type"] == "outcome")["ok"]
        delayed = ws.state(lambda m: m["delays"][0]["applied"])
        assert delayed["segments"][3]["delay_s"] == 300
        assert abs(delayed["segments"][3]["projected_start"] - closing - 300_000) < 1000  # standby: the plan follows the real clock
        assert delayed["conflicts"] == []
        ws.close()
        exhibitor = Socket(live.api.port, EXHIBITORS["serenco"])
        exhibitor.read()
        mine = exhibitor.state()
        assert [b["id"] for b in mine["blocks"]] == ["slots"] and mine["delays"] == [] and mine["conflicts"] == []
        exhibitor.close()
    finally:
        live.close()


@pytest.fixture
def blocks_live(db_dir, monkeypatch):
    set_tokens(monkeypatch)
    live = start_show(blocks_show(), db_dir / "studio.db")
    yield live
    live.close()


def test_the_cuesheet_and_green_room_show_the_block_the_delays_and_the_custom_fields(blocks_live, page):
    live = blocks_live
    live.go().result(2)
    live.go().result(2)  # acme's pitch: the block is on air
    live.execute("delay", {"delay": "late", "on": True}).result(2)
    page.goto(f"{live.api.url}/views/cuesheet?token={CREW}")
    page.wait_for_function("() => window.studio && window.studio.live()", timeout=5000)
    page.wait_for_function("() => document.getElementById('block').textContent.includes('left of 03:00')", timeout=3000)
    assert re.fullmatch(r"Exhibitor slots: 0[23]:\d\d left of 03:00 · ends -01:00", page.text_content("#block"))
    headers = page.eval_on_selector_all("thead th", "cells => cells.map(c => c.textContent)")
    assert headers[-2:] == ["Over / under", "Camera"] and "Block" in headers
    rows = page.eval_on_selector_all("#rows tr", "rows => rows.map(r => [...r.children].map(c => c.textContent))")
    assert [(row[4], row[7], row[-1]) for row in rows] == [
        ("Intro", "", ""), ("Pitch", "Exhibitor slots", "Jib"), ("Demo", "Exhibitor slots", "Jib"),
        ("+05:00 delay · Closing", "", "")]
    page.goto(f"{live.api.url}/views/greenroom?token={CREW}")
    page.wait_for_function("() => window.studio && window.studio.live()", timeout=5000)
    page.wait_for_function("() => document.getElementById('block').textContent.startsWith('Exhibitor slots: ')", timeout=3000)
    assert page.text_content("#rows tr:last-child td:nth-child(3)") == "+05:00 delay · Closing"
