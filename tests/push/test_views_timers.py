"""Timer types, stand-by-on-next and free timers in the browser views (Debian's chromium, a real LiveShow)."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Iterator

import pytest
from pushkit import CONTROL, CREW, set_tokens, start_show, trade_show

from studio.app.session import LiveShow
from studio.rundown.model import FreeTimer


@pytest.fixture
def timed(db_dir, monkeypatch) -> Iterator[LiveShow]:
    """intro counts up and stands by on acme's pitch at 2 s; pitch shows the time of day; two free timers."""
    set_tokens(monkeypatch)
    rundown = trade_show(60.0)
    intro, pitch, demo, closing = rundown.segments
    rundown = replace(rundown, segments=(replace(intro, duration=2.0, end="standby", timer="count_up"),
                                         replace(pitch, timer="time_of_day"), replace(demo, timer="none"), closing),
                      timers=(FreeTimer("Q&A", "down", 300.0, presenter=True), FreeTimer("Speaker")))
    show = start_show(rundown, db_dir / "studio.db")
    yield show
    show.close()


def open_view(page, live: LiveShow, view: str, token: str, query: str = "") -> None:
    page.goto(f"{live.api.url}/views/{view}?token={token}{query}")
    page.wait_for_function("() => window.studio && window.studio.live()", timeout=5000)


def timers(page) -> list[str]:
    return [" ".join(row.split()) for row in page.locator("#timers .timer").all_inner_texts()]


def test_the_presenter_counts_up_stands_by_and_shows_only_its_free_timers(timed, page):
    timed.execute("timer_start", {"timer": "Q&A"}).result(2)
    timed.go().result(2)
    open_view(page, timed, "presenter", CREW)
    page.wait_for_function("() => /^00:0[01]$/.test(document.getElementById('countdown').textContent)", timeout=2000)
    assert page.get_attribute("#countdown", "data-timer") == "count_up"
    assert re.fullmatch(r"Q&A (05:00|04:[45]\d)", timers(page)[0]) and len(timers(page)) == 1  # Speaker is not the presenter's
    page.wait_for_function("() => document.getElementById('next').textContent === 'STAND BY: Pitch'", timeout=4000)
    assert page.text_content("#title") == "Intro"  # loaded, not taken
    timed.go().result(2)
    page.wait_for_function("() => document.getElementById('title').textContent === 'Pitch'", timeout=2000)
    assert re.fullmatch(r"\d{2}:\d{2}:\d{2}", page.text_content("#countdown"))  # the time of day
    timed.go().result(2)
    page.wait_for_function("() => document.getElementById('title').textContent === 'Demo'", timeout=2000)
    assert page.text_content("#countdown") == ""


def test_the_clock_shows_every_free_timer_or_those_its_address_names(timed, page):
    open_view(page, timed, "clock", CREW)
    page.wait_for_function("() => document.querySelectorAll('#timers .timer').length === 2", timeout=2000)
    assert timers(page) == ["Q&A 05:00 ⏸", "Speaker 00:00 ⏸"]
    timed.execute("timer_start", {"timer": "Speaker"}).result(2)
    page.wait_for_function("() => document.querySelector('#timers .timer:nth-child(2) .value').textContent === '00:01'",
                           timeout=3000)
    open_view(page, timed, "operator", CONTROL, "&timers=Speaker")
    page.wait_for_selector("#timers .timer", timeout=2000)  # drawn on the animation frame after the state came
    assert [t.split()[0] for t in timers(page)] == ["Speaker"]


def reading(live: LiveShow, name: str):
    return next(t for t in live.state_future().result(2).timers if t.name == name)


def test_the_operator_starts_pauses_and_resets_each_free_timer(timed, page):
    open_view(page, timed, "operator", CONTROL)
    qa, speaker = "#timers .timer[data-timer='Q&A']", "#timers .timer[data-timer='Speaker']"
    page.wait_for_selector(f"{speaker} .timer-toggle:text-is('Start')", timeout=2000)
    page.click(f"{qa} .timer-toggle")
    page.wait_for_selector(f"{qa} .timer-toggle:text-is('Pause')", timeout=2000)
    assert reading(timed, "Q&A").running and not reading(timed, "Speaker").running
    page.wait_for_function(f"() => document.querySelector(\"{qa} .value\").textContent === '04:59'", timeout=3000)
    page.click(f"{qa} .timer-toggle")  # the same button, not one made again as the timer counted
    page.wait_for_selector(f"{qa} .timer-toggle:text-is('Start')", timeout=2000)
    paused = reading(timed, "Q&A")
    assert not paused.running and 290 < paused.seconds <= 299.0  # it had counted down a second or more
    shown = math.ceil(paused.seconds)
    assert page.text_content(f"{qa} .value") == f"{shown // 60:02d}:{shown % 60:02d} ⏸"  # the studio's reading, stopped
    page.click(f"{qa} .timer-reset")
    page.wait_for_function(f"() => document.querySelector(\"{qa} .value\").textContent === '05:00 ⏸'", timeout=2000)
    assert reading(timed, "Q&A").seconds == 300.0
    assert page.text_content("#said") == "timer_reset: done"
    page.click(f"{speaker} .timer-toggle")
    page.wait_for_function("() => document.getElementById('said').textContent === 'timer_start: done'", timeout=2000)
    assert reading(timed, "Speaker").running


def test_a_to_timer_has_only_its_reset_on_the_operator_view(timed, page):
    timed.execute("timer_new", {"timer": "Doors", "mode": "to", "value": "23:00"}).result(2)
    open_view(page, timed, "operator", CONTROL)
    doors = "#timers .timer[data-timer='Doors']"
    page.wait_for_selector(f"{doors} .timer-reset", timeout=2000)
    assert page.is_hidden(f"{doors} .timer-toggle") and page.is_visible(f"{doors} .timer-reset")
