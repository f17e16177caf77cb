"""Timed shop actions never in the show's way: cue lateness on the real clock when every cue also sends a
shop action to a shop that refuses connections, or to one that accepts them and never answers, against
the same show with no shop actions (the floor, measured in the same run).

    .venv/bin/python benchmarks/bench_shop.py   # writes docs/benchmarks-shop.md

Target: the lateness with shop actions is the floor's within the machine's noise — the show loop
only hands the actions over. Three rounds of the three runs show how large that noise is.
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime, time as clock_time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]  # machine.py; this tree's studio

from machine import describe, load_average, percentiles  # noqa: E402
from studio.app.session import LiveShow  # noqa: E402
from studio.rundown.model import Cue, Rundown, Segment, ShopAction, ShowInfo  # noqa: E402
from studio.show.events import CueDue, Notice  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SECRET_NAME = "BENCH_SHOP_SECRET"
SEGMENTS, SECONDS, CUES = 4, 2.5, 50  # 200 cues a run
ROUNDS = 3


def rundown(url: str | None) -> Rundown:
    shop = () if url is None else (ShopAction(url, SECRET_NAME, name="bench"),)
    step = SECONDS / (CUES + 1)
    return Rundown(ROOT / "benchmarks" / "bench.yaml", ShowInfo("Benchmark", clock_time(0, 0)), {}, tuple(
        Segment(id=f"s{i}", title=f"Segment {i}", duration=SECONDS, end="auto", shop=shop,
                cues=tuple(Cue(at=round(step * (k + 1), 6), scene="Cam", shop=shop) for k in range(CUES)))
        for i in range(SEGMENTS)))


def run(folder: Path, name: str, url: str | None) -> tuple[dict[str, float], int, float]:
    """Cue lateness (ms), shop notices seen, and how long closing the show took (s)."""
    show = LiveShow(rundown(url), folder / f"{name}.db", start="now")
    late: list[float] = []
    notices: list[Notice] = []
    show.bus.subscribe(lambda e: late.append(time.monotonic() - e.at), CueDue)
    show.bus.subscribe(lambda e: notices.append(e) if e.source == "shop" else None, Notice)
    show.run()
    while not show.ended:
        time.sleep(0.1)
    began = time.monotonic()
    show.close()
    closing = time.monotonic() - began
    assert len(late) == SEGMENTS * CUES, len(late)
    return {k: v * 1000 for k, v in percentiles(late).items()}, len(notices), closing


def row(round_: int, label: str, result: tuple[dict[str, float], int, float], floor: float) -> str:
    late, told, closing = result
    return (f"| {round_} | {label} | {late['median']:.3f} ms | {late['median'] / floor:.2f}× | {late['p99']:.3f} ms | "
            f"{late['max']:.3f} ms | {told} | {closing:.1f} s |")


def main() -> None:
    os.environ[SECRET_NAME] = "bench-key"
    refusing = socket.socket()
    refusing.bind(("127.0.0.1", 0))  # bound, never listening: connection refused
    hanging = socket.socket()
    hanging.bind(("127.0.0.1", 0))
    hanging.listen(1024)  # accepts (the kernel does), never answers
    runs = {"no shop actions (floor)": None, "every cue → a shop that refuses": f"http://127.0.0.1:{refusing.getsockname()[1]}/hook",
            "every cue → a shop that never answers": f"http://127.0.0.1:{hanging.getsockname()[1]}/hook"}
    load_before = load_average()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for round_ in range(1, ROUNDS + 1):
            results = {label: run(Path(folder), f"{round_}-{n}", url) for n, (label, url) in enumerate(runs.items())}
            floor = results["no shop actions (floor)"][0]["median"]
            rows += [row(round_, label, result, floor) for label, result in results.items()]
    load_after = load_average()
    refusing.close()
    hanging.close()

    report = f"""# Shop actions benchmark

Machine: {describe("aiohttp")}.
Load average (1, 5, 15 min) before: {load_before}; after: {load_after} — the machine was shared with other work.
Run: `.venv/bin/python benchmarks/bench_shop.py` on {datetime.now():%Y-%m-%d %H:%M}.

A headless show on the real clock: {SEGMENTS} segments of {SECONDS} s, {CUES} cues each ({SEGMENTS * CUES} cues).
Lateness is from a cue's planned instant to the moment its `CueDue` reaches a subscriber on the
show loop. In the two runs with shop actions every cue, and every segment's start, also sends a
shop action: {SEGMENTS * CUES + SEGMENTS} actions to a shop that refuses connections, or that
accepts them and never answers (each attempt then waits the 5 s request timeout on the sender's
thread). Notices: the shop's attempts told to the event log while the show ran and closed.
Closing: `LiveShow.close()`, including the sender's 3 s grace and a request in flight.

| round | run | median | median / floor | p99 | max | shop notices | closing |
|---:|---|---:|---:|---:|---:|---:|---:|
{chr(10).join(rows)}

On this shared machine the tails (p99, max) vary more from one round to the next than between the
runs of a round: read the medians, and the tails across rounds.
"""
    (ROOT / "docs" / "benchmarks-shop.md").write_text(report)
    print(report)


if __name__ == "__main__":
    main()
