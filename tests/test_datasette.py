"""The database as a non-developer reads it in Datasette: a real `datasette` serving a real file."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import urllib.request
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from studio.orders.model import AcceptedOrder, Order
from studio.orders.store import create_orders_table, insert_one
from studio.rundown.loader import load_rundown
from studio.rundown.model import Exhibitor
from studio.show.recording import RunEnd, RunStart
from studio.storage.asrun import AsRunLog
from studio.storage.views import metadata_path
from tests.serverkit import _wait_for_port, free_port

RUNDOWN = Path(__file__).parent / "data" / "rundowns" / "every-key.yaml"
PARIS = ZoneInfo("Europe/Paris")


def _show(db: Path) -> None:
    """Show 1 of every-key.yaml at 19:30 Paris (18:30 UTC): one segment 65.4 s against 60 planned, one order."""
    rundown = load_rundown(RUNDOWN)
    segment = next(s for s in rundown.segments if s.exhibitor == "serenco")
    start = datetime(2026, 11, 24, 19, 30, tzinfo=PARIS)
    log = AsRunLog(db)
    try:
        log.writer.call(create_orders_table)
        show = log.open_show("Every key", str(RUNDOWN.resolve()), start, rundown.exhibitors.values())
        run = log.transition(show, None, RunStart(segment, start, start, "start"))
        ran = segment.duration + 5.4
        log.transition(show, RunEnd(run, start + timedelta(seconds=ran), ran, 5.4, "go"), None)  # type: ignore[arg-type]
        order = AcceptedOrder(Order("A-17", "studio", 1234.5, "EUR", (), customer="Acme"),
                              start + timedelta(seconds=20), "serenco", segment.id, show, "Acme")
        log.writer.call(lambda conn: insert_one(conn, order))
        assert log.writer.flush()
    finally:
        log.close()


def _get(port: int, path: str) -> Any:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return json.loads(response.read())


@pytest.mark.skipif(shutil.which("datasette", path=str(Path(sys.executable).parent)) is None,
                    reason="datasette is the [datasette] extra")
def test_datasette_serves_local_times_mss_and_money(tmp_path: Path) -> None:
    db = tmp_path / "studio.db"
    _show(db)
    port = free_port()
    proc = subprocess.Popen([str(Path(sys.executable).parent / "datasette"), "serve", str(db), "--port", str(port),
                             "--host", "127.0.0.1", "--metadata", str(metadata_path())],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for_port(port, proc, "datasette")
        runs = _get(port, "/studio/segment_runs_local.json?_shape=array")
        orders = _get(port, "/studio/orders_local.json?_shape=array")
        shows = _get(port, "/studio/shows_local.json?_shape=array")
        meta = _get(port, "/-/metadata.json")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    segment = runs[0]
    assert segment["actual_start"] == "2026-11-24 19:30:00"  # stored as 2026-11-24T18:30:00.000Z
    assert segment["timezone"] == "Europe/Paris"
    assert segment["exhibitor"] == "Serenco"
    whole = round(next(s for s in load_rundown(RUNDOWN).segments if s.exhibitor == "serenco").duration)
    assert segment["planned"] == f"{whole // 60}:{whole % 60:02d}"
    assert segment["over_under"] == "0:05"
    assert orders == [{**orders[0], "amount": "1234.50", "received_at": "2026-11-24 19:30:20", "exhibitor": "Serenco"}]
    assert shows[0]["planned_start"] == "2026-11-24 19:30:00"
    assert "segment_runs_local" in meta["databases"]["studio"]["tables"]


def test_a_database_from_before_gains_the_columns_and_reads_as_utc(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with closing(sqlite3.connect(db)) as old, old:
        old.execute('CREATE TABLE "shows" ("id" INTEGER PRIMARY KEY, "title" TEXT, "rundown_path" TEXT, '
                    '"planned_start" TEXT, "started_at" TEXT, "ended_at" TEXT, "last_seen" TEXT)')
        old.execute("INSERT INTO shows (id, title, planned_start) VALUES (1, 'Before', '2026-11-05T18:30:00.000Z')")
    AsRunLog(db).close()
    with closing(sqlite3.connect(db)) as reader:
        assert reader.execute("SELECT planned_start, timezone FROM shows_local").fetchall() == [("2026-11-05 18:30:00", None)]
        assert reader.execute("SELECT count(*) FROM exhibitors").fetchone() == (0,)


def test_a_shows_exhibitors_are_saved_as_the_show_has_them_not_read_again_from_its_file(tmp_path: Path) -> None:
    """The names the views and reports show are those of the rundown the show runs, even when its file has gone
    (or changed) since it was loaded."""
    db = tmp_path / "studio.db"
    log = AsRunLog(db)
    try:
        log.open_show("Gone", str(tmp_path / "moved-away.yaml"), datetime(2026, 11, 24, 19, 30, tzinfo=PARIS),
                      (Exhibitor("serenco", "Serenco"), Exhibitor("pneumatix", "Pneumatix SA")))
        assert log.writer.flush()
    finally:
        log.close()
    with closing(sqlite3.connect(db)) as reader:
        assert reader.execute("SELECT id, name FROM exhibitors ORDER BY id").fetchall() == [
            ("pneumatix", "Pneumatix SA"), ("serenco", "Serenco")]
