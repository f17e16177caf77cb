"""Timed shop actions against a real webhook receiver on loopback: signed, in order, retried, never in the show's way."""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing, contextmanager
from dataclasses import replace
from typing import Iterator

from promokit import Told, promo_show
from receiverkit import SECRET_NAME, Hanging, Receiver

from showkit import SHOW_DAY, Recorded, rows, wait_until
from studio.app.session import LiveShow
from studio.rundown.model import ShopAction
from studio.show.events import SegmentStarted
from studio.shop.actions import Retry, Sender, ShopActions

FAST = Retry(first_s=0.1, most_s=0.4, attempts=8, timeout_s=1.0)


@contextmanager
def sending(engine, told: Told, retry: Retry = FAST) -> Iterator[None]:
    """The engine's shop actions on their sender's thread, telling `told`, and the show started; stopped at the end."""
    actions = ShopActions(engine.rundown, engine.bus, engine.anchor.wall_at, told, retry)
    actions.start()
    try:
        engine.start()
        yield
    finally:
        actions.stop()


def test_actions_reach_the_shop_signed_in_order_with_the_show_filled_in(build, clock, receiver: Receiver) -> None:
    engine, _ = build(promo_show(receiver.url()))
    told = Told()
    with sending(engine, told):
        clock.advance(200)
        assert wait_until(lambda: len(receiver.signed()) == 3, timeout=5)
    opened, last_call, closed = receiver.signed()
    assert opened.body == {"action": "open", "code": "LIFT10", "segment": "pitch", "exhibitor": "Acme Lifts",
                           "at": (SHOW_DAY.replace(minute=1)).isoformat(timespec="milliseconds"),
                           "show": f"Test show #{engine.show_id}"}
    assert last_call.body == {"show": "Test show", "show_id": engine.show_id, "segment": "pitch", "segment_title": "Pitch",
                              "exhibitor": "acme", "exhibitor_name": "Acme Lifts", "on": "cue",
                              "time": SHOW_DAY.replace(minute=1, second=30).isoformat(timespec="milliseconds")}
    assert closed.body == {"action": "close", "code": "LIFT10"}
    assert [r.attempt for r in receiver.received] == [1, 1, 1] and len({r.delivery for r in receiver.received}) == 3
    assert len(told.having("sent, the shop answered 200", "info")) == 3


def test_a_shop_that_is_down_never_delays_a_take_and_gets_every_action_when_it_returns(build, clock, shop_secret) -> None:
    down = Receiver()  # its port, nobody listening: connection refused
    engine, recorded = build(promo_show(down.url()))
    told = Told()
    try:
        with sending(engine, told):
            began = time.perf_counter()
            clock.advance(200)  # the whole show, while the shop refuses every connection
            spent = time.perf_counter() - began
            starts = [(e.segment_id, e.at - e.planned_start) for e in recorded.of(SegmentStarted)]
            assert starts == [("opening", 0.0), ("pitch", 0.0), ("closing", 0.0)]  # every take on its planned instant
            assert spent < FAST.timeout_s, f"advancing the show took {spent:.3f} s"  # waiting on the shop: far more
            assert wait_until(lambda: len(told.having("attempt 2 failed")) >= 1, timeout=5)
            assert told.having("the shop cannot be reached", "warning")
            down.start()  # the shop is back
            assert wait_until(lambda: len(down.signed()) == 3, timeout=10)
    finally:
        down.stop()
    assert [r.body.get("action", "cue") for r in down.signed()] == ["open", "cue", "close"]  # never overtaken
    assert down.signed()[0].attempt >= 3
    assert told.having("open promo LIFT10' (pitch start): sent on attempt", "info")


def test_a_shop_stuck_mid_request_holds_back_only_its_own_actions(build, clock, receiver: Receiver) -> None:
    stuck = Hanging()
    rundown = promo_show(receiver.url())
    opening, pitch, closing = rundown.segments
    stalled = ShopAction(stuck.url(), SECRET_NAME, name="stalled hook")  # the first due: the others must not wait on it
    rundown = replace(rundown, segments=(opening, replace(pitch, shop=(stalled, *pitch.shop)), closing))
    engine, _ = build(rundown)
    told = Told()
    try:
        with sending(engine, told, Retry(0.1, 0.4, 2, timeout_s=1.0)):
            began = time.perf_counter()
            clock.advance(200)
            assert time.perf_counter() - began < 1.0  # a take that waited on the stuck shop would take its 1 s timeout
            assert wait_until(lambda: len(receiver.signed()) == 3, timeout=10)
            assert wait_until(lambda: told.having("'stalled hook' (pitch start): the shop cannot be reached", "error"))
    finally:
        stuck.close()
    assert told.having("given up after 2 attempts")


def test_a_refusal_is_not_retried_and_a_missing_secret_sends_nothing(build, clock, receiver: Receiver, monkeypatch) -> None:
    receiver.failing, receiver.status = 1, 403
    engine, _ = build(promo_show(receiver.url()))
    told = Told()
    with sending(engine, told):
        clock.advance(200)
        assert wait_until(lambda: len(receiver.received) == 3 and len(told.lines) == 3, timeout=5)
    assert told.having("'open promo LIFT10' (pitch start): the shop answered HTTP 403; not retried", "error")

    monkeypatch.delenv("STUDIO_TEST_SHOP_SECRET")
    unsigned = Told()
    engine, _ = build(promo_show(receiver.url()))
    with sending(engine, unsigned):
        clock.advance(200)
        assert wait_until(lambda: len(unsigned.having("not sent, the secret STUDIO_TEST_SHOP_SECRET is not set")) == 3)
    assert unsigned.having("Shop actions cannot be signed: set STUDIO_TEST_SHOP_SECRET", "warning")
    assert len(receiver.received) == 3  # nothing more reached the shop


def test_a_live_show_logs_every_attempt_in_the_as_run_events(db_dir, shop_secret) -> None:
    down = Receiver()
    live = LiveShow(promo_show(down.url(), duration=0.4), db_dir / "studio.db", auto_start=False)
    recorded = Recorded(live.bus)
    try:
        live.run()
        live.go()
        assert wait_until(lambda: live.ended, timeout=10)
        late = [e.at - e.planned_start for e in recorded.of(SegmentStarted)][1:]  # the first waits for GO
        assert len(late) == 2 and max(late) < 0.1, late  # the real clock's auto takes, while the shop is down
        assert wait_until(lambda: any("attempt 1 failed" in r["detail"] for r in rows(live, "events")), timeout=5)
        down.start()
        assert wait_until(lambda: len(down.signed()) == 3, timeout=10)
        assert wait_until(lambda: sum("sent" in r["detail"] for r in rows(live, "events")) == 3, timeout=5)
        logged = {r["kind"] for r in rows(live, "events") if "Shop action" in r["detail"]}
    finally:
        live.close()
        down.stop()
    assert logged == {"shop.warning", "shop.info"}  # each failed attempt, then each delivery


def test_what_a_silent_shop_never_got_is_in_the_as_run_log_after_the_close(db_dir, shop_secret) -> None:
    down = Receiver()  # never comes back
    live = LiveShow(promo_show(down.url(), duration=0.2), db_dir / "studio.db", auto_start=False)
    live.run()
    live.go()
    assert wait_until(lambda: live.ended, timeout=10)
    began = time.monotonic()
    live.close()
    assert time.monotonic() - began < Sender.STOP_GRACE_S + 2  # the grace, a last try, never the whole backoff
    with closing(sqlite3.connect(db_dir / "studio.db")) as db:
        errors = [detail for kind, detail in db.execute("SELECT kind, detail FROM events") if kind == "shop.error"]
    assert len(errors) == 1 and (f"Shop actions not sent, the show closed while {down.url()} was not answering: "
                                 "'open promo LIFT10' (pitch start), 'last call' (pitch cue), "
                                 "'close promo LIFT10' (pitch end)") in errors[0]
