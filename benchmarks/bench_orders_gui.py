"""The GUI thread during an order burst: the console open, 1,000 orders a second through the real order desk.

    .venv/bin/python benchmarks/bench_orders_gui.py [--seconds 10] [--rate 1000]   # writes docs/benchmarks-orders-gui.md

A 5 ms precise QTimer on the GUI thread notes when it fires; the largest gap between two
firings is the longest the GUI thread was busy (a stall). Target (issue 5): <= 50 ms.
Orders go the way a shop's do once parsed: `OrderDesk.take` (attribution, durable commit
through the show's one writer), then OrderReceived on the show loop, the bridge's
batches, the console's panel and the presenter's strip.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import describe, percentiles  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PROBE_MS = 5
QUIET_S = 2.0  # measured before the burst, as a baseline
CUSTOMERS = ("Garage Dupont", "Carrosserie Martin", "Auto Service Leroy", "Pneus Bernard", "Garage du Centre")


def feed(desk, rate: float, seconds: float, taken: list) -> None:
    """`rate` orders a second for `seconds`, in 10 ms slices, each order committed before it counts."""
    from studio.orders.model import Item, Order

    exhibitor = next(iter(desk.rundown.exhibitors.values()))
    products = exhibitor.products or ()
    start = time.perf_counter()
    n = 0
    while (elapsed := time.perf_counter() - start) < seconds:
        due = int(elapsed * rate) + 1
        while n < due:
            product = products[n % len(products)] if products else None
            price = product.price if product and product.price else 490.0
            item = Item(product.sku if product else None, 1, price, product.name if product else "Product")
            taken.append(desk.take(Order(f"bench-{n}", "studio", price, desk.rundown.show.currency, (item,),
                                         exhibitor.id, CUSTOMERS[n % len(CUSTOMERS)])))
            n += 1
        time.sleep(0.01)


def run(rate: float, seconds: float, folder: Path) -> dict:
    from PySide6.QtCore import QElapsedTimer, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from studio.app.cli import freeze_built
    from studio.rundown.loader import load_rundown
    from studio.orders.config import OrdersConfig
    from ui.app import Studio
    from ui.settings import SettingsStore
    from ui.widgets.theme import apply_theme

    app = QApplication.instance() or QApplication([])
    apply_theme(app, 13)
    studio = Studio(load_rundown(ROOT / "schedules" / "demo.yaml"), folder / "studio.db", start="now",
                    store=SettingsStore(folder / "config"), orders=OrdersConfig(port=None))
    batches: list[int] = []
    studio.bridge.orders.connect(lambda batch: batches.append(batch.received))
    freeze_built()  # as the console's entry point does (ui/app.py run_console)
    studio.open()
    studio.console.resize(1920, 1080)

    clock = QElapsedTimer()
    clock.start()
    fired: list[tuple[float, str]] = []  # (ms, phase)
    phase = ["quiet"]
    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.timeout.connect(lambda: fired.append((clock.nsecsElapsed() / 1e6, phase[0])))
    probe.start(PROBE_MS)

    taken: list = []
    feeder = threading.Thread(target=feed, args=(studio.show.desk, rate, seconds, taken), name="orders-feed")

    def burst() -> None:
        phase[0] = "burst"
        feeder.start()

    def drained() -> None:
        if feeder.is_alive() or sum(batches) < len(taken):
            QTimer.singleShot(50, drained)
            return
        phase[0] = "after"
        QTimer.singleShot(500, app.quit)

    QTimer.singleShot(int(QUIET_S * 1000), burst)
    QTimer.singleShot(int((QUIET_S + seconds) * 1000), drained)
    app.exec()
    probe.stop()
    committed = sum(1 for future in taken if future.done() and future.exception() is None)
    shown = studio.console.orders.received
    studio.close()

    def gaps(name: str) -> list[float]:
        times = [at for at, p in fired if p == name]
        return [b - a for a, b in zip(times, times[1:])]

    return {"quiet": gaps("quiet"), "burst": gaps("burst"), "sent": len(taken), "committed": committed,
            "shown": shown, "batches": len(batches)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=1000.0, help="orders a second")
    parser.add_argument("--no-write", action="store_true", help="print, do not write docs/benchmarks-orders-gui.md")
    args = parser.parse_args()
    base = "/dev/shm" if Path("/dev/shm").is_dir() else None
    with tempfile.TemporaryDirectory(dir=base) as name:
        result = run(args.rate, args.seconds, Path(name))
    quiet, burst = percentiles(result["quiet"]), percentiles(result["burst"])
    report = f"""# GUI thread during an order burst

Machine: {describe("PySide6-Essentials", "aiohttp")}, Qt platform `{os.environ["QT_QPA_PLATFORM"]}`.
Run: `.venv/bin/python benchmarks/bench_orders_gui.py --seconds {args.seconds:g} --rate {args.rate:g}`: the console
and the presenter screen open on `schedules/demo.yaml` (show on air), {args.rate:g} orders a second for
{args.seconds:g} s through the real order desk (`OrderDesk.take`: attribution, commit through the show's one
SQLite writer, on a tmpfs), then `OrderReceived` on the show loop, the bridge, the console's orders panel and
the presenter's ticker strip. A {PROBE_MS} ms precise QTimer on the GUI thread notes each firing; a gap
between two firings is how long the GUI thread could not answer.

| GUI thread, gap between {PROBE_MS} ms timer firings | median | p99 | max | target |
|---|---|---|---|---|
| before the burst ({QUIET_S:g} s, the show ticking at 10 Hz) | {quiet['median']:.1f} ms | {quiet['p99']:.1f} ms | {quiet['max']:.1f} ms | |
| during the burst | {burst['median']:.1f} ms | {burst['p99']:.1f} ms | **{burst['max']:.1f} ms** | ≤ 50 ms |

| Orders | |
|---|---|
| sent to the desk | {result['sent']:,} |
| committed | {result['committed']:,} |
| counted by the console's panel | {result['shown']:,} |
| batches the bridge sent the GUI thread | {result['batches']:,} (at most 10 a second) |

Each batch carries the newest 50 orders and the latest totals; the console keeps the newest
100 orders in a bounded model, the presenter one line. Painting is offscreen (software
raster), an upper bound for a GPU-backed desktop.
"""
    print(report)
    if not args.no_write:
        (ROOT / "docs" / "benchmarks-orders-gui.md").write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
