"""`studio report --format html` as orders grow: time and peak memory beside a plain sqlite3 floor.

    .venv/bin/python benchmarks/bench_report.py                  # writes docs/benchmarks-report.md
    .venv/bin/python benchmarks/bench_report.py --before 37d88b4 # adds a column for the code at that commit
    .venv/bin/python benchmarks/bench_report.py --quick          # 1k and 10k orders, prints only

Each size is a real as-run database: a 40-segment show run by the engine on a fake clock,
then N orders (1-3 lines each, 20 exhibitors, 5 products each) stored by the orders store.
Both sides are whole processes started fresh, timed from the parent (interpreter start and
imports included; studio byte-compiled, as installed), peak memory as the process's maximum
resident set:
- floor: a bare `sqlite3` script running the sums a report needs (per currency, exhibitor and
  segment; per distinct order line, with json_each; per minute), and nothing else;
- report: the `studio report --format html -o FILE` command.

Target (issue 15): at 500,000 orders, the report <= 2x the floor in time and <= 150 MiB peak.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]  # machine.py; this tree's studio

from machine import compiled_copy, describe, load_average, percentiles  # noqa: E402
from studio.orders.model import AcceptedOrder, Item, Order  # noqa: E402
from studio.orders.store import create_orders_table, insert_one  # noqa: E402
from studio.rundown.loader import load_rundown  # noqa: E402
from studio.show.clock import FakeClock  # noqa: E402
from studio.show.engine import Engine  # noqa: E402
from studio.show.events import EventBus  # noqa: E402
from studio.storage.asrun import AsRunLog  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SIZES = (1_000, 10_000, 100_000, 500_000)
SEGMENTS, EXHIBITORS, PRODUCTS = 40, 20, 5
START = datetime(2026, 11, 5, 8, 0, tzinfo=timezone.utc)
RUNS = 3
TARGET_RATIO, TARGET_MIB = 2.0, 150

FLOOR = """
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
show = db.execute("SELECT MAX(id) FROM shows").fetchone()[0]
for query in (
    "SELECT currency, exhibitor_id, segment_id, COUNT(*), TOTAL(amount) FROM orders WHERE show_id = ? GROUP BY 1, 2, 3",
    "SELECT o.currency, o.exhibitor_id, i.value, COUNT(*) FROM orders AS o, json_each(o.items) AS i"
    " WHERE o.show_id = ? GROUP BY 1, 2, 3",
    "SELECT currency, substr(received_at, 1, 16), COUNT(*), TOTAL(amount) FROM orders WHERE show_id = ? GROUP BY 1, 2",
):
    db.execute(query, [show]).fetchall()
"""
REPORT = "import sys; from studio.app.cli import main; sys.exit(main(sys.argv[1:]))"
# run first in each measured process: at exit, its peak resident set (VmHWM: this program's own, not the
# forking parent's, which getrusage would count) into the file named by BENCH_PEAK
PEAK = ("import atexit, os\n"
        "atexit.register(lambda: open(os.environ['BENCH_PEAK'], 'w').write(next(line.split()[1] for line in "
        "open('/proc/self/status') if line.startswith('VmHWM:'))))\n")


def write_rundown(path: Path) -> None:
    lines = ["show:", "  title: Report benchmark", "  timezone: Europe/Paris", '  start: "09:00:00"', "  currency: EUR",
             "  locale: fr-FR", "exhibitors:"]
    for e in range(EXHIBITORS):
        lines.append(f"  - {{id: ex{e}, name: Exhibitor {e}}}")
    lines.append("segments:")
    lines += [f"  - {{id: s{i}, title: Segment {i}, exhibitor: ex{i % EXHIBITORS}, duration: 10m, end: auto}}"
              for i in range(SEGMENTS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_database(folder: Path, orders: int) -> Path:
    """A show run to its end by the engine, then `orders` orders attributed as the intake does."""
    rundown = folder / "bench.yaml"
    write_rundown(rundown)
    db = folder / f"orders-{orders}.db"
    clock = FakeClock(START)
    log = AsRunLog(db)
    try:
        engine = Engine(load_rundown(rundown), clock=clock, timers=clock, bus=EventBus(), recorder=log, planned_start=START)
        engine.start()
        clock.advance(SEGMENTS * 600 + 1)
        show_id, length = engine.show_id, SEGMENTS * 600

        def work(database) -> None:
            create_orders_table(database)
            for n in range(orders):
                offset = n * length / orders
                segment = int(offset // 600)
                exhibitor = f"ex{segment % EXHIBITORS if n % 4 else n % EXHIBITORS}"  # most buy from the one on air
                items = tuple(Item(f"{exhibitor}-p{(n + k) % PRODUCTS}", 1 + (n + k) % 3, 10.0 + k * 5, f"Product {(n + k) % PRODUCTS}")
                              for k in range(1 + n % 3))
                when = START + timedelta(seconds=offset)
                order = Order(str(n), "simulator", sum(i.qty * i.price for i in items), "EUR", items, exhibitor, "Garage", when)
                insert_one(database, AcceptedOrder(order, when, exhibitor, f"s{segment}", show_id, ""))
        log.writer.call(work)
    finally:
        log.close()
    return db


def measure(args: list[str], env: dict[str, str], folder: Path) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one fresh process running `args` (["-c", code, ...])."""
    peak = folder / "peak.txt"
    start = time.perf_counter()
    done = subprocess.run([sys.executable, args[0], PEAK + args[1], *args[2:]], env={**env, "BENCH_PEAK": str(peak)}, cwd=folder,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{args[2:]} failed: {done.stderr[-2000:]}")
    return elapsed, int(peak.read_text()) / 1024


def best_of(args: list[str], env: dict[str, str], folder: Path, runs: int) -> tuple[float, float]:
    """Median time of `runs` and the highest peak memory."""
    results = [measure(args, env, folder) for _ in range(runs)]
    return percentiles([t for t, _ in results])["median"], max(m for _, m in results)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", metavar="GIT_REF", help="also run the report as it was at this commit")
    parser.add_argument("--quick", action="store_true", help="1k and 10k orders, one run each, print only")
    options = parser.parse_args()
    sizes, runs = (SIZES[:2], 1) if options.quick else (SIZES, RUNS)
    load_before = load_average()
    rows = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        env = {**os.environ, "PYTHONPATH": str(compiled_copy(ROOT, folder))}
        before_env = {**env, "PYTHONPATH": str(compiled_copy(ROOT, folder, options.before))} if options.before else None
        fixed = best_of(["-c", REPORT, "report", "--help"], env, folder, runs)[0]
        for size in sizes:
            db = make_database(folder, size)
            out = str(folder / "report.html")
            command = ["-c", REPORT, "report", "--db", str(db), "--format", "html", "-o", out]
            floor = best_of(["-c", FLOOR, str(db)], env, folder, runs)
            report = best_of(command, env, folder, runs)
            before = best_of(command, before_env, folder, 1) if before_env else None
            rows.append((size, floor, report, before))
            print(size, floor, report, before, flush=True)
            db.unlink()
    load_after = load_average()
    table = ["| orders | floor: sqlite3 | report | ratio | floor peak | report peak |"
             + (f" before ({options.before}) | before peak |" if options.before else ""),
             "|---:|---:|---:|---:|---:|---:|" + ("---:|---:|" if options.before else "")]
    for size, (floor_s, floor_mib), (report_s, report_mib), before in rows:
        cells = [f"{size:,}", f"{floor_s:.2f} s", f"{report_s:.2f} s", f"{report_s / floor_s:.2f}×",
                 f"{floor_mib:.0f} MiB", f"{report_mib:.0f} MiB"]
        if before:
            cells += [f"{before[0]:.2f} s", f"{before[1]:.0f} MiB"]
        table.append("| " + " | ".join(cells) + " |")
    largest = rows[-1]
    verdict = (f"At {largest[0]:,} orders: {largest[2][0] / largest[1][0]:.2f}× the floor (target ≤ {TARGET_RATIO:g}×), "
               f"{largest[2][1]:.0f} MiB peak (target ≤ {TARGET_MIB} MiB).")
    report = f"""# Report benchmarks

Machine: {describe()}.
Load average (1, 5, 15 min) before: {load_before}; after: {load_after} — the machine was shared.
Run: `.venv/bin/python benchmarks/bench_report.py{' --before ' + options.before if options.before else ''}` on {datetime.now():%Y-%m-%d %H:%M}
(median of {runs} runs per cell; peak memory is the process's maximum resident set).

{chr(10).join(table)}

{verdict}
Starting the command alone (`studio report --help`: interpreter, imports) took {fixed:.2f} s of
each report's time: the small reports are mostly that.

The floor is a bare Python process running the three `GROUP BY` queries a report needs over the
show's orders (per currency, exhibitor and segment; per distinct order line with `json_each`; per
minute) and nothing else; the report is the whole `studio report --format html` command
(byte-compiled, as installed): interpreter start, imports, reading the show, the rundown for
names and money formats, figures, charts and the page. Orders are summed by SQLite
(studio/report/log.py): the report's memory and its Python work do not grow with the orders.
"""
    if not options.quick:
        (ROOT / "docs" / "benchmarks-report.md").write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
