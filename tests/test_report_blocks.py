"""The report's totals by block: a real engine on a fake clock, a real SQLite log, the rundown file beside it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from test_report import add_orders

from studio.report.blocks import BlockLine, block_lines
from studio.report.command import load, render
from studio.report.figures import Sales
from studio.rundown.loader import load_rundown

RUNDOWN = """\
show:
  title: Blocks report
  timezone: Europe/Paris
  start: "19:00:00"
exhibitors:
  - {id: acme, name: Acme Lifts}
blocks:
  - {id: acme-slot, title: Acme slot, budget: 4m}
  - {id: closing-part, title: Goodbye}
segments:
  - {id: opening, title: Opening, duration: 60s, end: auto}
  - {id: acme-pitch, title: Acme pitch, exhibitor: acme, duration: 2m, end: hold, block: acme-slot}
  - {id: acme-demo, title: Acme demo, exhibitor: acme, duration: 60s, end: auto, block: acme-slot}
  - {id: closing, title: Closing, duration: 30s, end: auto, block: closing-part}
"""


def test_the_report_totals_air_time_and_sales_by_block(build, clock, log, db_dir: Path) -> None:
    path = db_dir / "blocks.yaml"
    path.write_text(RUNDOWN, encoding="utf-8")
    engine, _ = build(load_rundown(path))
    log.follow(engine.bus, lambda: engine.show_id, engine.anchor.wall_at)
    t0 = clock.monotonic()
    engine.start()
    clock.advance_to(t0 + 200)  # the pitch is held 20 s past its 2 minutes
    engine.go()
    clock.advance_to(t0 + 400)
    assert engine.ended
    add_orders(log, (100, "1", 1000.0, "EUR", "acme", "acme-pitch", engine.show_id),
               (230, "2", 500.0, "EUR", "acme", "acme-demo", engine.show_id))
    log.writer.call(lambda db: None)
    report, look = load(log.path, engine.show_id)
    assert block_lines(report, look.blocks) == (
        BlockLine("acme-slot", "Acme slot", 240, 180, 200, Sales(2, 1500.0)),  # 2m20s + 1m in a 4m budget
        BlockLine("closing-part", "Goodbye", 30, 30, 30, Sales(0, 0.0)))  # no budget: its segments' durations
    assert block_lines(report, look.blocks)[0].over_under_s == -40
    html = render(report, look, "html")
    assert '<h2 id="blocks">By block</h2>' in html
    assert ('<tr><td>Acme slot</td><td class="n">04:00</td><td class="n">03:00</td>\n      <td class="n">03:20</td>'
            '<td class="n">-00:40</td>') in html


def test_the_csv_names_each_segments_block_and_its_exhibitors_sales_target(build, clock, log, db_dir: Path) -> None:
    path = db_dir / "blocks.yaml"
    path.write_text(RUNDOWN.replace("name: Acme Lifts}", "name: Acme Lifts, target: 2500.5}"), encoding="utf-8")
    engine, _ = build(load_rundown(path))
    t0 = clock.monotonic()
    engine.start()
    clock.advance_to(t0 + 200)
    engine.go()
    clock.advance_to(t0 + 400)
    log.writer.call(lambda db: None)
    report, look = load(log.path, engine.show_id)
    rows = {row["segment_id"]: row for row in csv.DictReader(io.StringIO(render(report, look, "csv")))}
    assert {key: (row["block"], row["exhibitor_target"]) for key, row in rows.items()} == {
        "opening": ("", ""), "acme-pitch": ("acme-slot", "2500.5"), "acme-demo": ("acme-slot", "2500.5"),
        "closing": ("closing-part", "")}
