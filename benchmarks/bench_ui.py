"""Director console as the rundown grows: start-up to the first tick and refresh cost per tick.

    .venv/bin/python benchmarks/bench_ui.py           # writes docs/benchmarks-ui.md
    .venv/bin/python benchmarks/bench_ui.py --quick   # 100 and 400 segments, fewer runs, prints only

Start-up is a fresh process per run (studio byte-compiled, as installed), doing what `studio run`
does: hold the cyclic collector, import PySide6, the core and the UI, load and check the rundown,
build both windows, freeze what was built, start the show loop and show its first state. Its floor,
measured beside each run, is a fresh process showing a bare PySide6 window. Refresh is the bridge's slots (table model, glance, presenter) and Qt repainting what
changed, per tick, with the on-air segment mid-rundown running into overtime so every projected
start changes each tick; its floor is a bare table of as many rows where one row changes a tick.

Targets (issues 4, 14, 15): start-up ≤ 3× the bare window on the demo and ≤ 4× at 400
segments; refresh p99 ≤ 5 ms at 400 segments and ≤ 8 ms at 6,400.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]  # machine.py; this tree's studio

from machine import compiled_copy, describe, load_average, percentiles, write_results  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "schedules" / "demo.yaml"
SIZES = (100, 400, 1_600, 6_400)
TICKS = 500
STARTUP_TARGETS = {"demo": 3.0, 400: 4.0}
STARTUP_RUNS = 9  # fresh processes a size: one start-up ratio swings by ±0.5 on this shared machine
PASSES = "## Start-up passes"  # docs/benchmarks-ui.md from this heading on is written by hand and kept
REFRESH_TARGETS = {400: 5.0, 6_400: 8.0}

STARTUP = """
import sys, time
t0 = time.perf_counter()
from studio.app.running import freeze_built, hold_collections
hold_collections()  # as the `studio` command does first (ui/main.py)
from pathlib import Path
from ui import qt  # as ui/app.py imports PySide6
from PySide6.QtWidgets import QApplication
from studio.rundown.loader import load_rundown
from ui.app import Studio
from ui.settings import SettingsStore
from ui.widgets.theme import apply_theme
folder = Path(sys.argv[2])
t1 = time.perf_counter()
rundown = load_rundown(Path(sys.argv[1]))
t2 = time.perf_counter()
app = QApplication([])
apply_theme(app, 13)
studio = Studio(rundown, folder / "studio.db", store=SettingsStore(folder / "config"))
freeze_built()  # as run_console does
studio.open()
while studio.console.state is None:
    app.processEvents()
studio.console.grab()
t3 = time.perf_counter()
print(t3 - t0, t1 - t0, t2 - t1, t3 - t2)
studio.close()
"""
BARE_WINDOW = """
import time
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication([])
window = QMainWindow()
window.setCentralWidget(QLabel("floor"))
window.show()
app.processEvents()
window.grab()
print(time.perf_counter() - t0)
"""


def segment_s(segments: int) -> int:
    """2 minutes, or less so the show fits in the day a rundown may run (from 720 segments)."""
    return min(120, 23 * 3600 // segments)


def write_rundown(path: Path, segments: int) -> None:
    lines = ["show:", "  title: Benchmark expo", "  timezone: Europe/Paris", '  start: "09:00:00"', "exhibitors:"]
    lines += [f"  - {{id: ex{i}, name: Exhibitor {i}}}" for i in range(40)]
    lines.append("segments:")
    duration = segment_s(segments)
    for i in range(segments):
        lines += [f"  - id: s{i}", f"    title: Segment {i} — pitch and demo", "    kind: pitch", f"    exhibitor: ex{i % 40}",
                  f"    duration: {duration}s", "    scene: Exhibitor Cam", "    cards:", f"      - text: Card for segment {i}",
                  f"      - {{at: {duration // 2}s, text: Second card}}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_script(script: str, *args: str, app: Path = ROOT) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(app)}
    done = subprocess.run([sys.executable, "-c", script, *args], env=env, cwd=args[-1] if args else None,
                          capture_output=True, text=True, check=True)
    return [float(x) for x in done.stdout.strip().splitlines()[-1].split()]


def import_profile(rundown: Path, folder: Path, app: Path) -> list[tuple[str, float]]:
    """Milliseconds of import per top-level package during one console start-up (`python -X importtime`,
    each module's own time: numpy counts as numpy, not as the sqlite_utils that imported it), largest first."""
    env = {**os.environ, "PYTHONPATH": str(app)}
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", STARTUP, str(rundown), str(folder)], env=env,
                          cwd=folder, capture_output=True, text=True, check=True)
    totals: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "self [us]" not in line:
            own, _, name = line[len("import time:"):].split("|")
            package = name.strip().split(".")[0]
            totals[package] = totals.get(package, 0.0) + int(own) / 1000
    return sorted(totals.items(), key=lambda item: -item[1])


def startup(rundown: Path, folder: Path, app: Path, runs: int) -> list[list[float]]:
    """Each run: [start-up, imports, load + check, UI to first tick, the bare window measured just before]:
    the floor is taken beside each run, so a load that changes during the benchmark weighs on both."""
    results = []
    for _ in range(runs):
        floor = run_script(BARE_WINDOW, str(folder))[0]
        (folder / "studio.db").unlink(missing_ok=True)
        results.append([*run_script(STARTUP, str(rundown), str(folder), app=app), floor])
    return results


def refresh_floor(rows: int, ticks: int) -> list[float]:
    """The floor of a refresh: a bare table of `rows` rows, shown, where one row and one label change a tick
    (what a console that redraws only what changed would still pay Qt), in ms per tick, painted."""
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import QApplication, QLabel, QTableView, QVBoxLayout, QWidget

    class Table(QAbstractTableModel):
        def __init__(self) -> None:
            super().__init__()
            self.tick = 0

        def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 (Qt's name)
            return rows

        def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
            return 8

        def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
            if role != Qt.ItemDataRole.DisplayRole:
                return None
            return f"{index.row()}:{index.column()}:{self.tick if index.row() == rows // 2 else 0}"

    app = QApplication.instance() or QApplication([])
    window, table, label = QWidget(), Table(), QLabel("00:00")
    view = QTableView()
    view.setModel(table)
    layout = QVBoxLayout(window)
    layout.addWidget(label)
    layout.addWidget(view)
    window.resize(1600, 900)
    window.show()
    view.scrollTo(table.index(rows // 2, 0))
    app.processEvents()
    costs = []
    for _ in range(ticks):
        start = time.perf_counter()
        table.tick += 1
        table.dataChanged.emit(table.index(rows // 2, 0), table.index(rows // 2, 7))
        label.setText(f"{table.tick:05d}")
        app.processEvents()
        costs.append((time.perf_counter() - start) * 1000)
    window.close()
    return costs


def refresh(rundown_path: Path, folder: Path, ticks: int) -> tuple[list[float], list[float]]:
    """Per tick: the bridge slots alone (models, labels), and slots plus Qt repainting what changed."""
    from PySide6.QtWidgets import QApplication

    from studio.rundown.loader import load_rundown
    from studio.show.clock import FakeClock
    from studio.show.engine import Engine
    from studio.show.events import EventBus, Tick
    from studio.storage.asrun import AsRunLog
    from ui.app import Studio
    from ui.settings import SettingsStore
    from ui.widgets.theme import apply_theme

    app = QApplication.instance() or QApplication([])
    apply_theme(app, 13)
    rundown = load_rundown(rundown_path)
    (folder / "refresh.db").unlink(missing_ok=True)
    studio = Studio(rundown, folder / "refresh.db", store=SettingsStore(folder / "config"))
    studio.open()
    studio.bridge.close()
    clock = FakeClock(datetime(2026, 11, 5, 8, 0, tzinfo=timezone.utc))
    log = AsRunLog(folder / f"engine-{len(rundown.segments)}.db")
    engine = Engine(rundown, clock=clock, timers=clock, bus=EventBus(), recorder=log, planned_start=clock.wall())
    engine.start()
    engine.jump(f"s{len(rundown.segments) // 2}")  # mid-rundown
    clock.advance(segment_s(len(rundown.segments)) - 20)  # near its end: projected starts move each tick once in overtime
    slots, painted = [], []
    for _ in range(ticks):
        clock.advance(0.1)
        tick = Tick(clock.monotonic(), engine.state())
        start = time.perf_counter()
        studio.bridge.dispatch(tick)
        middle = time.perf_counter()
        app.processEvents()  # Qt repaints what changed
        end = time.perf_counter()
        slots.append((middle - start) * 1000)
        painted.append((end - start) * 1000)
    studio.close()
    log.close()
    del studio
    gc.collect()  # the closed windows are freed here, on the GUI thread, not by a collection on the next show's loop thread
    return slots, painted


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="100 and 400 segments, fewer runs, print only")
    options = parser.parse_args()
    sizes, runs, ticks = (SIZES[:2], 2, 100) if options.quick else (SIZES, STARTUP_RUNS, TICKS)
    load_before = load_average()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        app = compiled_copy(ROOT, folder)
        starts: dict[object, list[list[float]]] = {"demo": startup(DEMO, folder, app, runs)}
        imports = import_profile(DEMO, folder, app)
        refreshes, floors = {}, {}
        for size in sizes:
            path = folder / f"rundown-{size}.yaml"
            write_rundown(path, size)
            starts[size] = startup(path, folder, app, runs)
            refreshes[size] = refresh(path, folder, ticks)
            floors[size] = percentiles(refresh_floor(size, ticks))["median"]
            print(size, json.dumps({"startup": starts[size]}), flush=True)
    load_after = load_average()

    def median(size: object, column: int) -> float:
        return percentiles([run[column] for run in starts[size]])["median"]

    start_rows = []
    for size in starts:
        ratio = percentiles([run[0] / run[4] for run in starts[size]])["median"]
        target = STARTUP_TARGETS.get(size)  # type: ignore[call-overload]
        verdict = "" if target is None else f"≤ {target:g}× ({'met' if ratio <= target else 'missed'})"
        label = "demo (7)" if size == "demo" else f"{size:,}"
        start_rows.append(f"| {label} | {median(size, 0):.2f} s | {median(size, 1):.2f} s | {median(size, 2):.2f} s | "
                          f"{median(size, 3):.2f} s | {median(size, 4):.3f} s | {ratio:.1f}× | {verdict} |")
    base = percentiles(refreshes[sizes[0]][1])["median"]
    refresh_rows = []
    for size, (slots, painted) in refreshes.items():
        s, p = percentiles(slots), percentiles(painted)
        target = REFRESH_TARGETS.get(size)
        verdict = "" if target is None else f"slots p99 ≤ {target:g} ms ({'met' if s['p99'] <= target else 'missed'})"
        refresh_rows.append(f"| {size:,} | {s['median']:.2f} ms | {s['p99']:.2f} ms | {p['median']:.2f} ms | {p['p99']:.2f} ms | "
                            f"{p['max']:.1f} ms | {floors[size]:.2f} ms | {p['median'] / floors[size]:.1f}× | "
                            f"{p['median'] / base:.1f}× | {verdict} |")
    nl = "\n"
    import_rows = [f"| {package} | {ms:.0f} ms |" for package, ms in imports[:12]]
    report = f"""# UI benchmarks

Machine: {describe("PySide6-Essentials")}, Qt platform `{os.environ["QT_QPA_PLATFORM"]}`.
Load average (1, 5, 15 min) before: {load_before}; after: {load_after} — the machine was shared with other work.
Run: `.venv/bin/python benchmarks/bench_ui.py` on {datetime.now():%Y-%m-%d %H:%M} (generated rundowns: 40 exhibitors,
2-minute segments with two cards each, shorter from 720 segments so the show fits in a day: 51 s at 1,600,
12 s at 6,400; the demo is `schedules/demo.yaml`).

## Start-up to the first tick (median of {runs} fresh processes, studio byte-compiled as installed)

Floor: a fresh process showing a bare PySide6 window (`QApplication`, a `QMainWindow` with a label,
shown and grabbed), run just before each start-up; the ratio is the median of each run's ratio.

| segments | start-up | imports | load + check | UI to first tick | bare window | ratio | target |
|---:|---:|---:|---:|---:|---:|---:|---|
{nl.join(start_rows)}

Where the demo's imports go (one start-up under `python -X importtime`, which slows imports down;
each package's own modules, largest first):

| package | import time |
|---|---:|
{nl.join(import_rows)}

## Refresh per tick ({ticks} ticks, on-air segment mid-rundown in overtime)

"Slots" is the bridge's slots (table model, glance, presenter); "painted" adds Qt repainting what
changed in both windows (offscreen software raster: an upper bound for a GPU desktop). The floor,
in the same process, is a bare `QTableView` of as many rows, shown, where one row and one label
change a tick, painted (median): what a console that redraws only what changed would still pay.
Growth is the painted median against the {sizes[0]}-segment run (the tails are the shared
machine's): a refresh whose cost does not depend on the rundown's length stays near 1×.

| segments | slots median | slots p99 | painted median | painted p99 | painted max | floor | × floor | growth | target |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|
{nl.join(refresh_rows)}
"""
    if not options.quick:
        write_results(ROOT / "docs" / "benchmarks-ui.md", report, PASSES)
    print(report)


if __name__ == "__main__":
    main()
