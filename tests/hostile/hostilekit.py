"""Hostile rundown text shared by tests/hostile/test_hostile_rundowns.py and benchmarks/bench_loader.py."""

from __future__ import annotations

HEAD = """\
show:
  title: Hostile
  start: "19:30"
"""


def laughs(levels: int = 9, width: int = 9) -> str:
    """A flow list of anchors l0, l1... each a list of `width` aliases of the one before: width ** levels values expanded."""
    rows = [f"&l0 [{', '.join(['lol'] * width)}]"]
    rows += [f"&l{i} [{', '.join([f'*l{i - 1}'] * width)}]" for i in range(1, levels)]
    return "[" + ", ".join(rows) + "]"


def five_mb() -> str:
    """A rundown of just over 5,000,000 characters: one short segment a line."""
    segment = "  - {id: s%d, title: A segment with a long enough title to fill the file, duration: 1m, scene: Cam}\n"
    lines, size = [HEAD, "segments:\n"], 0
    while size < 5_000_000:
        lines.append(segment % len(lines))
        size += len(lines[-1])
    return "".join(lines)
