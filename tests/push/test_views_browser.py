"""The browser views in Debian's chromium against a real LiveShow on loopback (Playwright, no mocks)."""

from __future__ import annotations

import re
import time

import pytest
from pushkit import CONTROL, CREW, EXHIBITORS, order

from showkit import Recorded
from studio.show.events import PresenterMessage

COUNTDOWN = re.compile(r"^-?\d{2}:\d{2}$")
# view -> (token, the segment it shows on air once the show is on `pitch`)
VIEWS = {"presenter": CREW, "clock": CREW, "greenroom": CREW, "cuesheet": CREW, "operator": CONTROL,
         "exhibitor": EXHIBITORS["acme"]}


def open_view(page, live, view: str, token: str) -> None:
    page.goto(f"{live.api.url}/views/{view}?token={token}")
    page.wait_for_function("() => window.studio && window.studio.live()", timeout=5000)


def title_becomes(page, want: str) -> None:
    """Note (in the page) the instant #title first reads `want`, as window.changedAt."""
    page.evaluate("""(want) => {
        window.changedAt = null;
        const title = document.getElementById("title");
        new MutationObserver((_, observer) => {
            if (title.textContent === want) { window.changedAt = Date.now(); observer.disconnect(); }
        }).observe(title, {childList: true, characterData: true, subtree: true});
    }""", want)


@pytest.mark.parametrize("view", VIEWS)
def test_each_view_shows_the_segment_on_air_and_follows_a_take_within_200_ms(live, page, view):
    live.go().result(2)
    open_view(page, live, view, VIEWS[view])
    if view != "exhibitor":  # intro is not acme's: its view shows the wait for its slot instead
        page.wait_for_function("() => document.getElementById('title').textContent === 'Intro'", timeout=3000)
        assert COUNTDOWN.match(page.text_content("#countdown"))
    title_becomes(page, "Pitch")
    took = time.time() * 1000
    live.go().result(2)
    page.wait_for_function("() => window.changedAt !== null", timeout=3000)
    shown_after_ms = page.evaluate("() => window.changedAt") - took
    assert shown_after_ms < 200, f"{view} showed the take {shown_after_ms:.0f} ms after it"
    countdown = page.text_content("#countdown")
    assert COUNTDOWN.match(countdown) and "00:55" <= countdown <= "01:00"
    if view in ("greenroom", "cuesheet"):
        assert page.get_attribute("tr.on_air", "data-segment") == "pitch"


def test_the_countdown_is_within_50_ms_of_the_studios(live, page):
    live.go().result(2)
    open_view(page, live, "presenter", CREW)
    page.wait_for_timeout(300)  # a first pong has set the offset
    for _ in range(5):
        studio_now, shown = page.evaluate("() => [window.studio.now(), window.studio.remaining()]")
        state = live.state_future().result(2)
        true_remaining = state.remaining - (studio_now / 1000 - state.wall.timestamp())
        assert abs(shown - true_remaining) < 0.05, (shown, true_remaining)
        page.wait_for_timeout(150)


def test_a_view_says_disconnected_within_2_s_and_recovers_by_itself(live, page):
    live.go().result(2)
    open_view(page, live, "clock", CREW)
    assert page.is_hidden("#link")
    server = live.api
    server.stop()
    stopped = time.monotonic()
    page.wait_for_selector("#link", state="visible", timeout=2000)
    assert time.monotonic() - stopped < 2
    assert "DISCONNECTED" in page.text_content("#link")
    assert page.evaluate("() => document.body.classList.contains('stale')")  # the countdown is greyed, not live
    page.wait_for_timeout(1200)
    assert re.search(r"Last update 0[01]:\d\d ago", page.text_content("#link"))

    server.start()  # the same port: the view finds it again by itself
    live.go().result(2)
    page.wait_for_selector("#link", state="hidden", timeout=8000)
    page.wait_for_function("() => document.getElementById('title').textContent === 'Pitch'", timeout=2000)
    assert not page.evaluate("() => document.body.classList.contains('stale')")


def test_a_view_says_disconnected_when_the_studio_freezes_with_the_connection_open(live, page):
    live.go().result(2)
    open_view(page, live, "presenter", CREW)
    live.api._loop.call_soon_threadsafe(time.sleep, 4)  # the listener hangs; its sockets stay open
    frozen = time.monotonic()
    page.wait_for_selector("#link", state="visible", timeout=4000)
    assert time.monotonic() - frozen < 3.5  # 2.5 heartbeats of silence, then the banner
    assert page.evaluate("() => document.body.classList.contains('stale')")
    page.wait_for_selector("#link", state="hidden", timeout=8000)  # it answers again: the view is back


def test_an_exhibitor_view_shows_only_its_own_sales_and_cannot_act(live, page):
    live.desk.take(order(1, "acme", 3490.0)).result(5)
    live.desk.take(order(2, "serenco", 4321.0)).result(5)
    open_view(page, live, "exhibitor", EXHIBITORS["acme"])
    page.wait_for_function("() => document.getElementById('orders').textContent === '1'", timeout=3000)
    assert page.text_content("#waiting-text") == "You're on in"
    assert "3" in page.text_content("#revenue") and "490" in page.text_content("#revenue")
    refused = page.evaluate("() => window.studio.command('go')")
    assert refused["type"] == "error" and "may not send commands" in refused["message"]
    live.go().result(2)
    live.go().result(2)  # acme's pitch
    page.wait_for_function("() => document.getElementById('title').textContent === 'Pitch'", timeout=3000)
    assert page.text_content("#card") == "Lift 3T: 3 490 €"
    live.desk.take(order(3, "acme", 10.0)).result(5)
    page.wait_for_function("() => document.getElementById('orders').textContent === '2'", timeout=3000)
    everything = page.evaluate("() => document.body.innerText + JSON.stringify(window.studio.state)")
    assert "4321" not in everything and "serenco" not in everything.lower()
    assert live.state_future().result(2).on_air_timing.segment_id == "pitch"  # the refused GO did nothing


def test_the_operator_asks_a_second_press_before_cutting_more_than_30_s(live, page):
    recorded = Recorded(live.bus)
    live.go().result(2)
    open_view(page, live, "operator", CONTROL)
    page.click("#go")
    assert "press again" in page.text_content("#said")
    page.wait_for_timeout(200)
    assert live.state_future().result(2).on_air_timing.segment_id == "intro"
    page.click("#go")
    page.wait_for_function("() => document.getElementById('title').textContent === 'Pitch'", timeout=3000)
    page.click("#plus")
    page.wait_for_function("() => document.getElementById('said').textContent === 'extend: done'", timeout=3000)
    assert live.state_future().result(2).remaining > 80
    page.fill("#text", "Wrap up")
    page.press("#text", "Enter")
    page.wait_for_function("() => document.getElementById('text').value === ''", timeout=3000)
    page.wait_for_timeout(100)
    assert [m.text for m in recorded.of(PresenterMessage)] == ["Wrap up"]


def test_a_view_retries_after_1_s_then_longer_up_to_5_s_with_jitter(live, page):
    page.add_init_script("""
        const Real = window.WebSocket;
        window.opened = [];
        window.closes = [];  // when the page saw each socket close: its wait for the next one starts there
        window.WebSocket = Object.assign(function (url) {
            window.opened.push(Date.now());
            const socket = new Real(url);
            socket.addEventListener("close", () => window.closes.push(Date.now()));
            return socket;
        }, {OPEN: Real.OPEN, CLOSED: Real.CLOSED});
    """)
    open_view(page, live, "clock", CREW)
    live.api.stop()
    page.wait_for_timeout(18000)  # five waits: 1 + 1.6 + 2.56 + 4.1 + 5 s, each up to 20 % longer
    retries, closes = page.evaluate("() => [window.opened.slice(1), window.closes]")
    delays = [(opened - closed) / 1000 for closed, opened in zip(closes, retries)]  # each close to the next attempt
    # the n-th wait is min(5 s, 1 s x 1.6^n) +-20 %, from the close the page saw
    expected = [min(5.0, 1.6 ** n) for n in range(len(delays))]
    assert len(delays) >= 5 and expected[-1] == 5.0, delays
    for delay, base in zip(delays, expected):
        assert 0.8 * base - 0.05 <= delay <= 1.2 * base + 0.3, (delays, expected)
    assert len({round(d / b, 2) for d, b in zip(delays, expected)}) > 1  # jitter: not all the same factor
    live.api.start()
    page.wait_for_selector("#link", state="hidden", timeout=8000)
