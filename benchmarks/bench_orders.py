"""Order intake under load: signed orders posted over loopback to a running show, committed to disk.

    .venv/bin/python benchmarks/bench_orders.py             # writes docs/benchmarks-orders.md
    .venv/bin/python benchmarks/bench_orders.py --quick     # a short run, prints only

A real `LiveShow` (on air, its orders listener on 127.0.0.1, the as-run database on disk,
not tmpfs, PRAGMA synchronous=FULL) takes the orders; the load generator is an aiohttp
client in another process, so the two do not share an interpreter lock, as a shop would not.
Two runs:
- open loop: orders offered at a fixed rate (the target, 2,000 a second), latency of each;
- closed loop: every connection posts its next order as soon as the last is answered,
  which finds the most the intake sustains.
Every 201 is checked against the table afterwards: what was acknowledged is stored.

Targets (issue 5): >= 2,000 orders/s with durable commits, p99 < 50 ms. The GUI-thread stall
during a burst with the console open is measured by benchmarks/bench_orders_gui.py.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import aiohttp
import sqlite_utils

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import describe, percentiles  # noqa: E402
from studio.app.session import LiveShow  # noqa: E402
from studio.rundown.loader import load_rundown  # noqa: E402
from studio.orders.config import OrdersConfig  # noqa: E402
from studio.orders.signatures import STUDIO  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-secret"
OPEN_RATE = 2500.0  # orders a second offered in the open loop: above the target, so keeping up shows headroom
PRODUCTS = (("SER-LIFT-3T", 3490.0), ("PNX-DT-24", 2890.0), ("LEM-SERV-7", 1290.0))


def signed_orders(prefix: str, count: int) -> list[tuple[bytes, str]]:
    """Bodies and their signatures, made before the clock starts so the client only sends."""
    orders = []
    for n in range(count):
        sku, price = PRODUCTS[n % len(PRODUCTS)]
        body = json.dumps({"id": f"{prefix}-{n}", "amount": price, "currency": "EUR", "customer": "Garage Dupont",
                           "items": [{"sku": sku, "qty": 1, "price": price}]}).encode()
        orders.append((body, STUDIO.sign(SECRET, body)))
    return orders


async def _load(url: str, orders: list[tuple[bytes, str]], connections: int, rate: float | None) -> dict:
    """Post every order; `rate` orders a second offered on a fixed schedule (open loop), or as fast as answered."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    queue: asyncio.Queue[tuple[bytes, str, float]] = asyncio.Queue()
    start = time.perf_counter() + 0.2
    for n, (body, signature) in enumerate(orders):
        queue.put_nowait((body, signature, start + n / rate if rate else 0.0))

    async def worker(session: aiohttp.ClientSession) -> None:
        while not queue.empty():
            body, signature, due = queue.get_nowait()
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            sent = max(due, time.perf_counter()) if rate else time.perf_counter()  # latency from the planned send
            async with session.post(url, data=body, headers={STUDIO.header: signature,
                                                              "Content-Type": "application/json"}) as response:
                await response.read()
                statuses[response.status] = statuses.get(response.status, 0) + 1
            latencies.append(time.perf_counter() - sent)

    connector = aiohttp.TCPConnector(limit=connections)
    async with aiohttp.ClientSession(connector=connector) as session:
        begun = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(connections)))
        elapsed = time.perf_counter() - max(begun, start if rate else begun)
    return {"latencies": latencies, "statuses": statuses, "elapsed": elapsed}


def _client(url: str, prefix: str, count: int, connections: int, rate: float | None, results) -> None:
    results.put(asyncio.run(_load(url, signed_orders(prefix, count), connections, rate)))


def run(url: str, prefix: str, count: int, connections: int, rate: float | None) -> dict:
    results: multiprocessing.Queue = multiprocessing.get_context("spawn").Queue()
    process = multiprocessing.get_context("spawn").Process(target=_client, args=(url, prefix, count, connections, rate, results))
    process.start()
    outcome = results.get()
    process.join()
    ms = {k: v * 1000 for k, v in percentiles(outcome["latencies"]).items()}
    return {"orders_s": len(outcome["latencies"]) / outcome["elapsed"], "statuses": outcome["statuses"], **ms}


def measure(folder: Path, seconds: float, connections: int) -> tuple[dict, dict, int, int]:
    rundown = load_rundown(ROOT / "schedules" / "demo.yaml")
    show = LiveShow(rundown, folder / "orders.db", start="now", orders=OrdersConfig(port=0, secret=SECRET))
    show.run()
    try:
        time.sleep(0.5)
        assert show.api is not None, "the orders listener did not start"
        url = f"{show.api.url}/orders"
        run(url, "warmup", 2000, connections, None)
        offered = run(url, "open", int(OPEN_RATE * seconds), connections, OPEN_RATE)
        flat_out = run(url, "closed", int(3000 * seconds), connections, None)
    finally:
        show.close()
    created = offered["statuses"].get(201, 0) + flat_out["statuses"].get(201, 0)
    stored = sqlite_utils.Database(folder / "orders.db").execute(
        "SELECT count(*) FROM orders WHERE order_id LIKE 'open-%' OR order_id LIKE 'closed-%'").fetchone()[0]
    return offered, flat_out, created, stored


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="a short run; print, do not write docs/")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each run (default 10)")
    parser.add_argument("--connections", type=int, default=32, help="client connections (default 32)")
    args = parser.parse_args()
    seconds = 1.0 if args.quick else args.seconds
    with tempfile.TemporaryDirectory(dir=ROOT / "benchmarks") as folder:  # on disk: fsync is paid for real
        offered, flat_out, created, stored = measure(Path(folder), seconds, args.connections)
    rows = [
        (f"open loop, {OPEN_RATE:,.0f} orders/s offered: sustained", f"{offered['orders_s']:,.0f} orders/s", ">= 2,000"),
        ("open loop: latency median", f"{offered['median']:.1f} ms", ""),
        ("open loop: latency p99", f"{offered['p99']:.1f} ms", "< 50 ms"),
        ("open loop: latency max", f"{offered['max']:.1f} ms", ""),
        (f"closed loop, {args.connections} connections: sustained", f"{flat_out['orders_s']:,.0f} orders/s", ">= 2,000"),
        ("closed loop: latency median", f"{flat_out['median']:.1f} ms", ""),
        ("closed loop: latency p99", f"{flat_out['p99']:.1f} ms", ""),
        ("orders answered 201 / stored in the table", f"{created:,} / {stored:,}", "equal"),
    ]
    table = "\n".join(f"| {a} | {b} | {c} |" for a, b, c in rows)
    print(table)
    print("statuses:", offered["statuses"], flat_out["statuses"])
    if args.quick:
        return
    (ROOT / "docs" / "benchmarks-orders.md").write_text(f"""# Order intake benchmarks

Machine: {describe("aiohttp", "sqlite-utils")}.
Run: `.venv/bin/python benchmarks/bench_orders.py` on {date.today()}, {seconds:g} s a run, {args.connections} client connections.

| measure | result | target |
|---|---|---|
{table}

A real show is on air (`schedules/demo.yaml`) with its orders listener on 127.0.0.1; the
database is a file on disk (ext4, not tmpfs) in WAL mode with `synchronous=FULL`, and
every answer is sent only after its order is committed. The load generator is an aiohttp
client in a process of its own, posting our signed JSON orders (`X-Studio-Signature`)
over keep-alive connections; both share the machine's cores.

- Open loop: orders are offered on a fixed schedule at {OPEN_RATE:,.0f} a second (above the
  target); latency runs from each order's planned send time to its answer, so a backlog
  counts against it.
- Closed loop: each connection posts the next order when the last is answered: the most
  the intake sustains.

What makes it possible is group commit: the one SQLite writer commits everything queued
while the previous commit was under way in one transaction (`studio/writer.py`), so a
burst costs one fsync per batch, not per order. Each new order is published once on the
show loop (`OrderReceived`) with the totals after it.
""", encoding="utf-8")


if __name__ == "__main__":
    main()
