"""Studios shipping their as-run log and orders to one real PostgreSQL, and the event's report read from it."""

from __future__ import annotations

import csv
import sqlite3
from contextlib import closing
from decimal import Decimal
from pathlib import Path

import psycopg
from orders.shopkit import order_body, shop_rundown

import showkit
from showkit import Recorded
from studio.app.session import LiveShow
from studio.central.config import CentralConfig
from studio.central.outbox import TABLES
from studio.orders.adapters import parse_studio
from studio.orders.config import OrdersConfig
from studio.app.cli import main
from studio.report.central import HEADER, event_report
from studio.show.events import Notice


def open_stage(db: Path, url: str, stage: str) -> LiveShow:
    show = LiveShow(shop_rundown(), db, auto_start=False, orders=OrdersConfig(port=None),
                    central=CentralConfig(url, stage))
    show.received = Recorded(show.bus)  # type: ignore[attr-defined]
    show.run()
    show.go()
    assert wait_until(lambda: show.on_air is not None)  # orders are credited to the opening
    return show


def take(show: LiveShow, amounts: list[float], prefix: str) -> None:
    futures = [show.desk.take(parse_studio(order_body(f"{prefix}-{n}", amount=amount)))
               for n, amount in enumerate(amounts)]
    for future in futures:
        assert future.result(10).new


def local_rows(db: Path, table: str) -> list[dict]:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(row) for row in connection.execute(f"SELECT * FROM {table} ORDER BY id")]


def central_rows(url: str, table: str, stage: str) -> list[dict]:
    with psycopg.connect(url) as connection:
        if connection.execute("SELECT to_regclass(%s) IS NULL", [table]).fetchone()[0]:
            return []  # nothing shipped yet
        return [row[0] for row in connection.execute(f"SELECT data FROM {table} WHERE stage = %s ORDER BY local_id",
                                                     [stage])]


def wait_until(condition, timeout: float = 15.0) -> bool:
    return showkit.wait_until(condition, timeout, every=0.05)


def test_two_stages_ship_everything_and_the_event_report_is_the_sum_of_the_stages(event_db, db_dir):
    stages = {"hall-a": [3490.0, 290.0, 3490.0, 120.5], "hall-b": [2890.0, 2890.0, 75.25]}
    for stage, amounts in stages.items():
        show = open_stage(db_dir / f"{stage}.db", event_db, stage)
        take(show, amounts, stage)
        show.close()  # the shipper sends the show's last rows as it stops
        for table in TABLES:  # every row, as the stage's own log has it
            assert central_rows(event_db, table, stage) == local_rows(db_dir / f"{stage}.db", table), table

    everything = event_report(event_db)
    lines = {stage: event_report(event_db, stage) for stage in stages}
    event = [line for line in everything if line.scope == "event"]
    assert [(line.orders, line.revenue) for line in event] == [(7, Decimal("13245.75"))]
    per_stage = [line for stage in stages for line in lines[stage] if line.scope == "stage"]
    assert sum(line.revenue for line in per_stage) == event[0].revenue
    assert sum(line.orders for line in per_stage) == event[0].orders
    for stage, amounts in stages.items():  # each stage's own report is its part of the event's
        assert [line for line in everything if line.scope == "slot" and line.stage == stage] == \
               [line for line in lines[stage] if line.scope == "slot"]
        assert [line.revenue for line in lines[stage] if line.scope == "stage"] == [Decimal(str(sum(amounts)))]
    top = everything[0]  # the slot that sold most, across stages and days
    assert (top.scope, top.stage, top.segment_id, top.title, top.revenue) == ("slot", "hall-a", "opening", "Opening",
                                                                              Decimal("7390.50"))


def test_with_postgresql_down_the_show_goes_on_and_ships_when_it_returns(postgres, event_db, db_dir):
    postgres.ctl("-m", "fast", "stop")
    show = open_stage(db_dir / "a.db", event_db, "hall-a")
    try:
        take(show, [100.0, 200.0], "down")  # committed locally while the event's database is away
        assert wait_until(lambda: any("cannot be sent" in n.message for n in show.received.of(Notice)))
        assert show.on_air is not None and not show.ended
        postgres.start()
        assert wait_until(lambda: len(central_rows(event_db, "orders", "hall-a")) == 2, timeout=45)
        take(show, [300.0], "up")
    finally:
        show.close()
    assert [row["order_id"] for row in central_rows(event_db, "orders", "hall-a")] == ["down-0", "down-1", "up-0"]
    assert any("sent to the event's database again" in n.message for n in show.received.of(Notice))


def test_tables_an_older_studio_made_are_a_sentence_and_shipping_resumes_once_they_are_gone(event_db, db_dir):
    with psycopg.connect(event_db, autocommit=True) as connection:  # as studio made them before rows were keyed
        connection.execute("CREATE TABLE segment_runs (stage TEXT NOT NULL, local_id BIGINT NOT NULL, data JSONB NOT NULL, "
                           "shipped_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (stage, local_id))")
    show = open_stage(db_dir / "a.db", event_db, "hall-a")
    try:
        take(show, [100.0], "old")
        assert wait_until(lambda: any("older studio" in n.message for n in show.received.of(Notice)))
        [told] = [n.message for n in show.received.of(Notice) if "event's database" in n.message]
        assert told == ("The as-run log cannot be sent to the event's database (an older studio made its segment_runs "
                        "table: give --central-db a new database, or drop it there). It is kept here and sent when the "
                        "database answers; the show goes on.")
        assert show.on_air is not None and not show.ended
        with psycopg.connect(event_db, autocommit=True) as connection:
            connection.execute("DROP TABLE segment_runs")
        assert wait_until(lambda: len(central_rows(event_db, "orders", "hall-a")) == 1, timeout=45)
    finally:
        show.close()
    assert len(central_rows(event_db, "segment_runs", "hall-a")) == 1


def test_a_batch_sent_again_is_stored_once(event_db, db_dir):
    show = open_stage(db_dir / "a.db", event_db, "hall-a")
    take(show, [10.0, 20.0, 30.0], "o")
    show.close()
    with psycopg.connect(event_db) as connection:  # as if the mark's commit had been lost: everything comes again
        connection.execute("UPDATE outbox_marks SET outbox = 0")
    show = open_stage(db_dir / "a.db", event_db, "hall-a")
    show.close()
    assert [row["order_id"] for row in central_rows(event_db, "orders", "hall-a")] == ["o-0", "o-1", "o-2"]
    assert len(central_rows(event_db, "shows", "hall-a")) == 2


def test_studio_report_reads_the_event_database(event_db, db_dir, tmp_path, capsys):
    show = open_stage(db_dir / "a.db", event_db, "hall-a")
    take(show, [3490.0, 290.0], "o")
    show.close()
    assert main(["report", "--db", event_db, "-o", str(tmp_path / "event.csv")]) == 0
    rows = list(csv.DictReader((tmp_path / "event.csv").open(encoding="utf-8")))
    day = rows[0]["day"]
    assert [(row["scope"], row["stage"], row["day"], row["segment_id"], row["orders"], row["revenue"]) for row in rows] == [
        ("slot", "hall-a", day, "opening", "2", "3780.00"), ("stage", "hall-a", "", "", "2", "3780.00"),
        ("day", "", day, "", "2", "3780.00"), ("event", "", "", "", "2", "3780.00")]
    assert day == local_rows(db_dir / "a.db", "shows")[0]["planned_start"][:10]  # the show's day (stored in UTC)
    assert main(["report", "--db", event_db, "--stage", "hall-z"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == ",".join(HEADER)  # a stage that shipped nothing: no line
    assert main(["report", "--db", event_db, "--format", "html"]) == 2
    assert main(["report", "--db", event_db, "--show", "1"]) == 2
    assert main(["report", "--db", "postgresql://studio@127.0.0.1:1/none"]) == 1
    assert "cannot read the event's database" in capsys.readouterr().err
