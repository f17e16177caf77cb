"""What machine a benchmark ran on, for the results in docs/."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path


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


def cpu_s(pid: int) -> float:
    """CPU seconds (user and system, every thread) the process `pid` has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()  # after the name, which may hold spaces
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class CpuShare:
    """How many cores each named process used from this object's creation to `cores()`."""

    pids: dict[str, int]
    _start: tuple[float, dict[str, float]] = field(init=False)

    def __post_init__(self) -> None:
        self._start = self._read()

    def _read(self) -> tuple[float, dict[str, float]]:
        return time.monotonic(), {name: cpu_s(pid) for name, pid in self.pids.items()}

    def cores(self) -> dict[str, float]:
        (began, before), (now, after) = self._start, self._read()
        return {name: (after[name] - before[name]) / (now - began) for name in self.pids}


def write_results(path: Path, generated: str, kept: str) -> None:
    """`generated` into `path`, followed by what the file already had from its heading `kept` on
    (the passes written by hand, which a new run must not erase)."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    at = old.find(f"\n{kept}\n")
    path.write_text(generated + (old[at:] if at >= 0 else ""), encoding="utf-8")


def load_average() -> str:
    """The 1, 5 and 15-minute load averages, as `uptime` prints them."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def compiled_copy(root: Path, folder: Path, ref: str | None = None) -> Path:
    """studio/, ui/, assets/ and schedules/ (of the work tree, or of the commit `ref`) copied into `folder` and
    byte-compiled, as an installation has them: this machine runs with PYTHONDONTWRITEBYTECODE=1, so the work
    tree's own modules would be compiled again by every process a benchmark starts."""
    target = folder / (f"at-{ref}" if ref else "app")
    target.mkdir()
    parts = ("studio", "ui", "assets", "schedules")
    if ref:
        archive = subprocess.run(["git", "-C", str(root), "archive", ref, *parts], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    else:
        for part in parts:
            shutil.copytree(root / part, target / part, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(target / "studio"), str(target / "ui")], check=True)
    return target
