"""A standby LiveShow follows a real primary's push feed on loopback and takes its show over when the primary closes."""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from datetime import datetime

import pytest
from push.pushkit import CONTROL, set_tokens, start_show, trade_show
from showkit import Recorded, wait_until

from studio.app.session import LiveShow
from studio.orders.config import OrdersConfig
from studio.show.events import Notice, SegmentStarted, TookOver
from studio.standby.config import StandbyConfig
from studio.standby.errors import FeedError

SEGMENT_S = 3.0


def runs(db) -> list[sqlite3.Row]:
    with closing(sqlite3.connect(db)) as connection:
        connection.row_factory = sqlite3.Row
        return connection.execute("SELECT * FROM segment_runs ORDER BY id").fetchall()


def standby_of(primary: LiveShow, db, **kwargs) -> LiveShow:
    show = LiveShow(primary.rundown, db, orders=OrdersConfig(port=0, control_token=CONTROL),
                    standby=StandbyConfig(f"ws://127.0.0.1:{primary.api.port}/ws?token={CONTROL}"), **kwargs)
    show.seen = Recorded(show.bus)  # type: ignore[attr-defined]
    show.run()
    return show


def test_the_standby_takes_the_show_over_on_time_when_the_primary_goes_silent(db_dir, monkeypatch):
    set_tokens(monkeypatch)
    rundown = trade_show(SEGMENT_S)
    primary = start_show(rundown, db_dir / "primary.db")
    standby = None
    try:
        primary.go()
        assert wait_until(lambda: primary.on_air is not None)
        standby = standby_of(primary, db_dir / "standby.db")
        assert wait_until(lambda: standby.standby.feed.heard.followed.on_air == "intro", 5)
        assert standby.on_air is None  # following, driving nothing
        refused = standby.go().result(timeout=5)  # GO pressed by mistake on the standby
        assert refused.refused.startswith("This studio is the standby of ws://127.0.0.1:") and standby.on_air is None
        primary.extend(1.5)  # the standby must take the extension over too
        assert wait_until(lambda: standby.standby.feed.heard.followed.extended_s == 1.5, 5)
        closing = time.monotonic()
        primary.close()
        assert standby.standby.took_over.wait(5)
        took = time.monotonic() - closing
        assert took <= 2.6, took  # 2 s after the last message, which came at most a second before the close
        assert wait_until(lambda: standby.on_air is not None and standby.on_air.id == "pitch", SEGMENT_S + 3)
        assert standby.extend(10).result(timeout=5).refused is None  # it takes commands now
    finally:
        primary.close()
        if standby is not None:
            standby.close()
    [told] = standby.seen.of(TookOver)
    assert "took the show over on intro" in told.message and 2.0 <= told.silent_s < 2.3
    primary_runs = runs(db_dir / "primary.db")
    assert [r["segment_id"] for r in primary_runs] == ["intro"] and primary_runs[0]["actual_end"] is None
    copied, taken = runs(db_dir / "standby.db")
    assert (copied["segment_id"], copied["taken_by"], copied["ended_by"]) == ("intro", "primary", "auto")
    gap = datetime.fromisoformat(copied["actual_start"]) - datetime.fromisoformat(primary_runs[0]["actual_start"])
    # one continuous log: the same start, on this studio's clock. The feed's clock offset is off by the smallest
    # one-way delay it measured: a fraction of a millisecond on an idle loopback, 2 ms once under the full suite.
    assert abs(gap.total_seconds()) <= 0.005
    assert copied["extended_s"] == 1.5
    assert (taken["segment_id"], taken["actual_start"], taken["extended_s"]) == ("pitch", copied["actual_end"], 10)
    planned = datetime.fromisoformat(primary_runs[0]["actual_start"]).timestamp() + SEGMENT_S + 1.5
    assert abs(datetime.fromisoformat(taken["actual_start"]).timestamp() - planned) < 0.05  # cut on its planned instant


def test_a_standby_whose_primary_does_not_answer_says_so_and_is_not_built(db_dir):
    with pytest.raises(FeedError, match="does not answer"):
        LiveShow(trade_show(), db_dir / "standby.db", standby=StandbyConfig("ws://127.0.0.1:9/ws?token=x"))
