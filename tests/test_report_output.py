"""`studio report`: CSV and HTML of the known show (tests/test_report.py), and what a director sees when it fails."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from studio.storage.asrun import AsRunLog
from studio.app.cli import main
from studio.report import charts
from studio.report.command import load, write_html_report
from test_report import run_known_show

STUDIO = str(Path(sys.executable).parent / "studio")


@pytest.fixture
def known_db(build, clock, log, db_dir) -> Path:
    run_known_show(build, clock, log, db_dir)
    return log.path


def test_csv_has_one_row_per_segment_with_the_issue_columns_first(known_db, capsys) -> None:
    assert main(["report", "--db", str(known_db), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0][:10] == ["segment_id", "title", "exhibitor_id", "planned_start", "actual_start", "planned_duration_s",
                            "actual_duration_s", "over_under_s", "orders", "revenue"]
    by_id = {row[0]: dict(zip(rows[0], row)) for row in rows[1:]}
    assert list(by_id) == ["opening", "acme-pitch", "bolt-demo", "acme-demo", "closing"]
    pitch = by_id["acme-pitch"]
    assert [pitch[key] for key in rows[0][:10]] == [
        "acme-pitch", "Acme pitch", "acme", "2026-11-05T19:01:00+01:00", "2026-11-05T19:01:00+01:00", "120", "180", "60", "2", "1500.5"]
    assert (pitch["status"], pitch["ended_by"], pitch["extended_s"], pitch["revenue_per_minute"], pitch["currency"]) == (
        "aired", "go", "30", "500.17", "EUR")
    skipped = by_id["acme-demo"]
    assert (skipped["actual_start"], skipped["actual_duration_s"], skipped["over_under_s"], skipped["status"]) == ("", "0", "-60", "skipped")


def test_csv_for_one_exhibitor_to_a_file_in_utf8(known_db, db_dir, capsys) -> None:
    out = db_dir / "acme.csv"
    assert main(["report", "--db", str(known_db), "--exhibitor", "acme", "-o", str(out)]) == 0  # format from the suffix
    assert capsys.readouterr().out == f"{out}: CSV report of show 1 (Salon test)\n"
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [(row["segment_id"], row["orders"], row["revenue"]) for row in rows] == [("acme-pitch", "2", "1500.5"), ("acme-demo", "0", "0")]


def test_html_is_self_contained_with_every_section_and_inline_charts(known_db, db_dir) -> None:
    path = write_html_report(known_db, None, db_dir / "reports")
    assert path == db_dir / "reports" / "show-1-2026-11-05.html"
    html = path.read_text(encoding="utf-8")
    for section in ('id="timeline"', 'id="drift"', 'id="segments"', 'id="incidents"', 'id="sales"', 'id="best-slots"',
                    'id="exhibitor-acme"', 'id="exhibitor-bolt"'):
        assert section in html
    assert html.count("<svg") == 3 and "<img" not in html and "<script" not in html and "<link" not in html
    assert not re.search(r"https?://", html.replace("ws://127.0.0.1:4455", ""))
    assert "@font-face" not in html and "<path" in html and "<text" in html  # text kept as text, no fonts embedded
    assert "break-before: page" in html
    assert "1\u202f500,50\xa0€" in html and "2\u202f080,50\xa0€" in html and "416,10\xa0€" in html  # fr-FR money
    assert "Acme Lifts" in html and "Bolt &amp; Co" in html  # names from the rundown, escaped
    assert "Reached zero and ran into overtime; ended +01:00 against plan" in html
    assert "1 order(s) in another currency than EUR" in html
    assert "1 of your orders (200\xa0€) came while none of your segments was on air." in html
    assert re.search(r"<h3>Busiest minutes</h3>\s*<table>.*?<td class=\"n\">19:08</td><td></td>\s*<td class=\"n\">2</td>", html, re.S)


def test_html_for_one_exhibitor_is_their_page_only(known_db, capsys) -> None:
    assert main(["report", "--db", str(known_db), "--format", "html", "--exhibitor", "bolt"]) == 0
    html = capsys.readouterr().out
    assert html.count('<section class="exhibitor"') == 1 and 'id="exhibitor-bolt"' in html
    assert "<svg" not in html and 'id="segments"' not in html
    assert "Bolt demo" in html and "Acme pitch" not in html
    assert "<title>Salon test — Bolt &amp; Co</title>" in html


def test_errors_are_plain_sentences(known_db, db_dir, log, capsys) -> None:
    assert main(["report", "--db", str(known_db), "--format", "csv", "--show", "7"]) == 1
    assert capsys.readouterr().err == f"studio: There is no show 7 in {known_db}. Shows: 1 = Salon test, 2026-11-05.\n"
    assert main(["report", "--db", str(known_db), "--format", "html", "--exhibitor", "zed"]) == 1
    assert capsys.readouterr().err == "studio: Show 1 has no exhibitor 'zed'. Exhibitors: acme, bolt.\n"
    assert main(["report", "--db", str(known_db), "-o", str(db_dir / "salon.pdf")]) == 2
    assert capsys.readouterr().err == "studio: cannot tell the format from salon.pdf: say --format csv or --format html\n"
    assert main(["report", "--db", str(known_db), "-o", str(db_dir / "no" / "such" / "folder.csv")]) == 1
    assert capsys.readouterr().err.startswith(f"studio: cannot write {db_dir / 'no' / 'such' / 'folder.csv'}: No such file")
    empty = db_dir / "empty.db"
    AsRunLog(empty).close()
    assert main(["report", "--db", str(empty), "--format", "csv"]) == 1
    assert capsys.readouterr().err == f"studio: {empty} has no show yet: run one first.\n"


def test_the_installed_command_writes_utf8_csv_to_stdout_whatever_the_locale(known_db) -> None:
    done = subprocess.run([STUDIO, "report", "--db", str(known_db), "--format", "csv"], capture_output=True,
                          env={"PATH": "/usr/bin:/bin", "LC_ALL": "C", "PYTHONIOENCODING": "ascii"}, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    text = done.stdout.decode("utf-8")
    assert text.startswith("segment_id,title,") and len(text.splitlines()) == 6
    assert "\nclosing,Clôture — merci,," in text


def test_charts_are_svg_drawn_from_the_figures_in_the_show_timezone(known_db) -> None:
    report, look = load(known_db)
    timeline = charts.timeline(report, look)
    assert timeline.count(f'fill="{charts.LONG}"') == 3 + 1  # acme-pitch, bolt-demo and closing ran long; the legend
    assert timeline.count(f'fill="{charts.ON_TIME}"') == 1 + 1  # the opening; the legend
    assert timeline.count('fill="url(#skipped)"') == 1 + 1  # acme-demo; the legend
    assert [f">19:0{minute}</text>" in timeline for minute in range(7)] == [True] * 7  # Paris time, a tick a minute
    assert "Clôture — merci</text>" in timeline
    drift = charts.drift_curve(report, look)
    assert ">+01:00</text>" in drift and ">00:00</text>" in drift and drift.count("<circle") == len(report.drift) == 5
    revenue = charts.revenue_by_exhibitor(report, look)
    assert revenue.index("Acme Lifts") < revenue.index("Bolt &amp; Co") and "1\u202f700,50\xa0€ · 3 orders" in revenue
