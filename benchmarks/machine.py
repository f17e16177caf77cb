"""What machine a benchmark ran on, for the results in docs/."""

from __future__ import annotations

import os
import platform
from importlib.metadata import version


def describe(*packages: str) -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor() or "unknown CPU")
    memory = next((line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal")), "0")
    libs = ", ".join(f"{name} {version(name)}" for name in packages)
    return (f"{os.cpu_count()} cores ({cpu}), {int(memory) // 1024 // 1024} GiB, {platform.platform()}, "
            f"Python {platform.python_version()}" + (f", {libs}" if libs else ""))


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]  # noqa: E731
    return {"median": pick(0.5), "p99": pick(0.99), "max": ordered[-1]}


def load_average() -> str:
    """The 1, 5 and 15-minute load averages, as `uptime` prints them."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())
