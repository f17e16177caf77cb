"""Blocks and delays in the state snapshot: `Engine.tick()` with a block every three segments and a delay,
against the same rundown without them, in the same run (the ratio is the figure; the machine is shared).

    .venv/bin/python benchmarks/bench_blocks.py   # writes docs/benchmarks-blocks.md

The on-air segment mid-rundown runs into overtime, so every projected start after it moves once a
second and every block after it is worked out again then; within the second the rows are the same
objects and the blocks off air keep their timings.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]  # machine.py; this tree's studio

from bench_engine import TICKS, rundown, tick_cost  # noqa: E402
from machine import describe, load_average  # noqa: E402
from studio.rundown.model import Block, Delay, Rundown  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SIZES = (100, 400, 1_600, 6_400)
TARGET = 2.0  # a tick with blocks at most this many times the tick without them (median)


def with_blocks(plain: Rundown) -> Rundown:
    """A block of three segments each (an exhibitor's slot), and a 5-minute delay a quarter of the way."""
    segments = tuple(replace(s, block=f"b{i // 3}") for i, s in enumerate(plain.segments))
    blocks = tuple(Block(f"b{n}", f"Slot {n}", 400.0) for n in range((len(segments) + 2) // 3))
    return replace(plain, segments=segments, blocks=blocks, delays=(Delay("d", segments[len(segments) // 4].id, 300.0),))


def main() -> None:
    load_before = load_average()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            plain = rundown(size, 120, 3)
            without = tick_cost(Path(folder), plain, f"plain-{size}")
            with_ = tick_cost(Path(folder), with_blocks(plain), f"blocks-{size}")
            ratio = with_["median"] / without["median"]
            rows.append(f"| {size:,} | {size // 3 + (size % 3 > 0):,} | {without['median']:.3f} ms | {with_['median']:.3f} ms "
                        f"| {with_['p99']:.3f} ms | {ratio:.2f}× | {'ok' if ratio <= TARGET else 'OVER'} |")
    report = f"""# Blocks and delays: the cost of a tick

Machine: {describe()}.
Load average (1, 5, 15 min) before: {load_before}; after: {load_average()} — the machine was shared with other work.
Run: `.venv/bin/python benchmarks/bench_blocks.py` on {datetime.now():%Y-%m-%d %H:%M}.

`Engine.tick()` on the fake clock ({TICKS:,} ticks 0.1 s apart, 2-minute segments with 3 cues, the
on-air segment mid-rundown in overtime), with a block every three segments and an applied delay,
against the same rundown without them. Target: the median at most {TARGET:g}× the one without.

| segments | blocks | median without | median with | p99 with | ratio | target |
|---:|---:|---:|---:|---:|---:|---|
{chr(10).join(rows)}
"""
    (ROOT / "docs" / "benchmarks-blocks.md").write_text(report)
    print(report)


if __name__ == "__main__":
    main()
