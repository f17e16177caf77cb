"""Reports of a multi-day event: each day's show and the event across days, from one real as-run log
(real engines on fake clocks, one of them past midnight; orders stored as the intake stores them)."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from showkit import SHOW_DAY
from test_project_days import event
from test_report import add_orders

from studio.report.days import event_report
from studio.rundown.loader import load_rundown
from studio.rundown.project import read_project
from studio.show.clock import FakeClock
from studio.show.engine import Engine
from studio.show.events import EventBus
from studio.storage.asrun import AsRunLog

STUDIO = str(Path(sys.executable).parent / "studio")
PARIS = ZoneInfo("Europe/Paris")
MINUTE = 60.0


def run_day(log: AsRunLog, rundown_path: Path, start: datetime, go_after_minutes: float) -> None:
    """The day's show from its planned start, GO on its last segment `go_after_minutes` in (it holds)."""
    clock = FakeClock(start.astimezone(timezone.utc))
    engine = Engine(load_rundown(rundown_path), clock=clock, timers=clock, bus=EventBus(), recorder=log, planned_start=start)
    engine.start()
    clock.advance(go_after_minutes * MINUTE)
    engine.go()
    assert engine.ended


def seconds_after_show_day(moment: datetime) -> float:
    return (moment - SHOW_DAY).total_seconds()


def test_each_day_and_the_event_across_days(tmp_path: Path, db_dir: Path) -> None:
    project_path = event(tmp_path)
    log = AsRunLog(db_dir / "studio.db")
    try:
        night = datetime(2026, 11, 5, 23, 30, tzinfo=PARIS)  # night 1 runs past midnight: 2 minutes over
        run_day(log, tmp_path / "days" / "day1.yaml", night, 92)
        run_day(log, tmp_path / "days" / "day2.yaml", datetime(2026, 11, 6, 19, 0, tzinfo=PARIS), 40)
        at = seconds_after_show_day
        add_orders(log, (at(datetime(2026, 11, 6, 0, 20, tzinfo=PARIS)), "o1", 1000.0, "EUR", "serenco", "serenco", 1),
                   (at(datetime(2026, 11, 6, 19, 5, tzinfo=PARIS)), "o2", 500.0, "EUR", "pneumatix", "pneumatix", 2),
                   (at(datetime(2026, 11, 6, 19, 30, tzinfo=PARIS)), "o3", 300.0, "EUR", "calibra", "calibra", 2))
        log.writer.call(lambda db: None)
    finally:
        log.close()
    project, _ = read_project(project_path)
    assert project is not None
    report = event_report(db_dir / "studio.db", project)
    assert [line.report.show.id for line in report.days if line.report] == [1, 2]
    assert (report.sales.orders, report.sales.revenue, report.over_under_s) == (3, 1800.0, 120.0)
    assert [(e.exhibitor_id, e.name, e.days, e.segments, e.air_time_s, e.sales.revenue) for e in report.exhibitors] == [
        ("serenco", "Serenco", 1, 1, 47 * MINUTE, 1000.0), ("pneumatix", "Pneumatix", 1, 1, 20 * MINUTE, 500.0),
        ("calibra", "Calibra", 1, 1, 20 * MINUTE, 300.0)]

    out = tmp_path / "event.csv"
    done = subprocess.run([STUDIO, "report", "--project", str(project_path), "--db", str(db_dir / "studio.db"), "-o", str(out)],
                          capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (0, "") and "CSV report of Garage Expo 2026, 2 days" in done.stdout
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    picked = [(r["date"], r["show_id"], r["exhibitor_id"], r["days"], r["segments"], r["air_time_s"], r["over_under_s"],
               r["orders"], r["revenue"]) for r in rows]
    assert picked == [
        ("2026-11-05", "1", "", "1", "2", "5520", "120", "1", "1000"),
        ("2026-11-05", "1", "serenco", "1", "1", "2820", "120", "1", "1000"),
        ("2026-11-06", "2", "", "1", "2", "2400", "0", "2", "800"),
        ("2026-11-06", "2", "pneumatix", "1", "1", "1200", "0", "1", "500"),
        ("2026-11-06", "2", "calibra", "1", "1", "1200", "0", "1", "300"),
        ("all", "", "", "2", "4", "7920", "120", "3", "1800"),
        ("all", "", "serenco", "1", "1", "2820", "120", "1", "1000"),
        ("all", "", "pneumatix", "1", "1", "1200", "0", "1", "500"),
        ("all", "", "calibra", "1", "1", "1200", "0", "1", "300")]

    html = tmp_path / "event.html"
    done = subprocess.run([STUDIO, "report", "--project", str(project_path), "--db", str(db_dir / "studio.db"), "-o", str(html)],
                          capture_output=True, text=True, timeout=60)
    page = html.read_text(encoding="utf-8")
    assert done.returncode == 0 and "<h1>Garage Expo 2026</h1>" in page and "Thursday 05/11/2026" in page
    assert "Exhibitors across days" in page and "1 800 €" in page.replace("\u202f", " ").replace("\xa0", " ")


def test_a_day_not_yet_run_is_listed_and_a_log_without_the_event_is_a_sentence(tmp_path: Path, db_dir: Path) -> None:
    project_path = event(tmp_path)
    log = AsRunLog(db_dir / "studio.db")
    try:
        run_day(log, tmp_path / "days" / "day2.yaml", datetime(2026, 11, 6, 19, 0, tzinfo=PARIS), 40)
    finally:
        log.close()
    project, _ = read_project(project_path)
    assert project is not None
    report = event_report(db_dir / "studio.db", project)
    assert [line.report is None for line in report.days] == [True, False]
    empty = db_dir / "other.db"
    AsRunLog(empty).close()
    done = subprocess.run([STUDIO, "report", "--project", str(project_path), "--db", str(empty)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and done.stderr == f"studio: {empty} has no show of any day of Garage Expo 2026: run one first.\n"
