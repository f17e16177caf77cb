"""A primary and its hot standby both shipping to one real PostgreSQL: a takeover mid-show is one continuous show
there, each segment run once, the orders of both sides once, and the primary's log shipped again undoes nothing."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import psycopg
from orders.shopkit import order_body
from central.test_central_shipping import central_rows, local_rows, take, wait_until
from push.pushkit import CONTROL, set_tokens, start_show, trade_show

from studio.app.session import LiveShow
from studio.central import postgres
from studio.central.config import CentralConfig
from studio.central.keys import own_show_key
from studio.central.outbox import OutboxReader
from studio.central.shipper import Shipper
from studio.orders.adapters import parse_studio
from studio.orders.config import OrdersConfig
from studio.report.central import event_report
from studio.standby.config import StandbyConfig
from studio.storage.writer import Writer

SEGMENT_S = 4.0
STAGE = "hall-a"


def stamp(text: str) -> float:
    return datetime.fromisoformat(text).timestamp()


def test_a_takeover_mid_show_is_one_show_in_the_event_database(event_db, db_dir, monkeypatch):
    set_tokens(monkeypatch)
    rundown = trade_show(SEGMENT_S)
    primary = start_show(rundown, db_dir / "primary.db", central=CentralConfig(event_db, STAGE))
    standby = None
    try:
        primary.go()
        assert wait_until(lambda: primary.on_air is not None)
        take(primary, [100.0, 200.0, 50.0], "p")  # p-2 is stored by both studios (as a relay may hand it again)
        standby = LiveShow(rundown, db_dir / "standby.db", orders=OrdersConfig(port=0, control_token=CONTROL),
                           central=CentralConfig(event_db, STAGE),
                           standby=StandbyConfig(f"ws://127.0.0.1:{primary.api.port}/ws?token={CONTROL}"))
        standby.run()
        assert wait_until(lambda: [r["segment_id"] for r in central_rows(event_db, "segment_runs", STAGE)] == ["intro"])
        primary.close()  # ships what it wrote, then says nothing: the standby takes over
        assert standby.standby.took_over.wait(5)
        assert wait_until(lambda: standby.on_air is not None and standby.on_air.id == "pitch", SEGMENT_S + 3)
        take(standby, [300.0], "s")
        assert standby.desk.take(parse_studio(order_body("p-2", amount=50.0))).result(10).new
        assert wait_until(lambda: standby.on_air is not None and standby.on_air.id == "demo", SEGMENT_S + 3)
    finally:
        primary.close()
        if standby is not None:
            standby.close()

    [show] = central_rows(event_db, "shows", STAGE)  # one show: the standby's copy is the primary's
    ran = sorted(central_rows(event_db, "segment_runs", STAGE), key=lambda run: run["actual_start"])
    assert [r["segment_id"] for r in ran] == ["intro", "pitch", "demo"]  # each run once
    mine = local_rows(db_dir / "primary.db", "segment_runs")
    theirs = local_rows(db_dir / "standby.db", "segment_runs")
    assert (ran[0]["id"], ran[0]["taken_by"], ran[0]["actual_start"]) == (mine[0]["id"], mine[0]["taken_by"],
                                                                           mine[0]["actual_start"])  # the primary's
    assert ran[0]["actual_end"] == theirs[0]["actual_end"] is not None  # ended by the standby
    assert ran[0]["show_id"] == show["id"] == local_rows(db_dir / "primary.db", "shows")[0]["id"]
    for before, after in zip(ran, ran[1:]):  # continuous: each run starts as the one before it ends
        assert abs(stamp(after["actual_start"]) - stamp(before["actual_end"])) < 0.002
    assert sorted(o["order_id"] for o in central_rows(event_db, "orders", STAGE)) == ["p-0", "p-1", "p-2", "s-0"]
    with psycopg.connect(event_db) as connection:
        keys = {row[0] for row in connection.execute("SELECT DISTINCT show_key FROM orders UNION "
                                                     "SELECT DISTINCT show_key FROM segment_runs")}
    assert len(keys) == 1
    [total] = [line for line in event_report(event_db) if line.scope == "event"]
    assert (total.orders, total.revenue) == (4, Decimal("650.00"))

    # the primary restarted ships its whole log again (its mark lost): the open intro does not undo its end
    reader = OutboxReader(db_dir / "primary.db")
    try:
        origin = reader.origin()
        with psycopg.connect(event_db) as connection:
            changes = reader.after(0, 10_000)
            postgres.store(connection, STAGE, origin, changes, changes[-1].seq, lambda sid: own_show_key(origin, sid))
    finally:
        reader.close()
    assert sorted(central_rows(event_db, "segment_runs", STAGE), key=lambda run: run["actual_start"]) == ran
    assert len(central_rows(event_db, "orders", STAGE)) == 4


def test_a_primary_that_shipped_nothing_before_its_standby_took_over_ships_into_the_standbys_show(
        event_db, db_dir, monkeypatch):
    """The event's database was away for the primary: the standby's copy went first, under the standby's key; the
    primary's log, shipped once it can, is that show, not a second one."""
    set_tokens(monkeypatch)
    rundown = trade_show(SEGMENT_S)
    away = CentralConfig("postgresql://studio@127.0.0.1:1/away", STAGE)
    primary = start_show(rundown, db_dir / "primary.db", central=away)
    standby = None
    try:
        primary.go()
        assert wait_until(lambda: primary.on_air is not None)
        take(primary, [100.0, 200.0], "p")
        standby = LiveShow(rundown, db_dir / "standby.db", orders=OrdersConfig(port=0, control_token=CONTROL),
                           central=CentralConfig(event_db, STAGE),
                           standby=StandbyConfig(f"ws://127.0.0.1:{primary.api.port}/ws?token={CONTROL}"))
        standby.run()
        assert wait_until(lambda: standby.standby is not None and standby.standby.feed.connected)
        primary.close()
        assert standby.standby.took_over.wait(5)
        assert wait_until(lambda: standby.on_air is not None and standby.on_air.id == "pitch", SEGMENT_S + 3)
        take(standby, [300.0], "s")
        assert wait_until(lambda: [r["segment_id"] for r in central_rows(event_db, "segment_runs", STAGE)]
                          == ["intro", "pitch"])
    finally:
        primary.close()
        if standby is not None:
            standby.close()
    [copy] = central_rows(event_db, "shows", STAGE)
    assert copy["id"] == local_rows(db_dir / "standby.db", "shows")[0]["id"]  # under the standby's own key

    writer = Writer(db_dir / "primary.db")  # the primary restarted with the event's database back
    shipper = Shipper(CentralConfig(event_db, STAGE), writer, lambda level, sentence: None)
    shipper.start()
    try:
        assert wait_until(lambda: "p-0" in {o["order_id"] for o in central_rows(event_db, "orders", STAGE)})
    finally:
        shipper.stop()
        writer.close()
    assert len(central_rows(event_db, "shows", STAGE)) == 1  # one show, the primary's rows in it
    ran = sorted(central_rows(event_db, "segment_runs", STAGE), key=lambda run: run["actual_start"])
    assert [r["segment_id"] for r in ran] == ["intro", "pitch"]
    assert ran[0]["id"] == local_rows(db_dir / "standby.db", "segment_runs")[0]["id"]  # the copy shipped first
    assert sorted(o["order_id"] for o in central_rows(event_db, "orders", STAGE)) == ["p-0", "p-1", "s-0"]
    with psycopg.connect(event_db) as connection:
        assert connection.execute("SELECT count(DISTINCT show_key) FROM segment_runs").fetchone()[0] == 1
