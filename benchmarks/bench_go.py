"""GO → request on the wire, against a real OBS (tests/obs_harness.py under Xvfb).

    .venv/bin/python benchmarks/bench_go.py                        # 3 rounds of 150 GOs
    .venv/bin/python benchmarks/bench_go.py --goes 50 --rounds 5
    .venv/bin/python benchmarks/bench_go.py --breakdown            # where the time goes, step by step

Each GO is `LiveShow.go()` on a show whose link is connected (the Cut transition, a new scene
each segment, 150 segments); the figure is the link's `sent_at` (its monotonic clock just before
it writes `SetCurrentProgramScene`) minus the instant `go()` was called (bench_obs.timed_goes: the
benchmark's own thread waits on a queue instead of polling, so it never competes with the show's
threads for the GIL). Prints the rows of docs/benchmarks-go.md.

Target (issue 15): p99 ≤ 2 ms on a quiet machine.
"""

from __future__ import annotations

import argparse
import queue
import sys
import tempfile
import time
from concurrent.futures import Future
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "tests"), str(ROOT)]

from bench_obs import GO_PAUSE_S, GOES, ready_show, rundown, timed_goes  # noqa: E402
from machine import describe, load_average, percentiles  # noqa: E402
from obs_harness import ObsProcess, Xvfb  # noqa: E402
from studio.obs import ObsResponse  # noqa: E402


def go_to_wire(obs: ObsProcess, folder: Path, goes: int) -> list[float]:
    """Milliseconds from `go()` to the program scene request's `sent_at`, one per GO."""
    show = ready_show(obs, folder, rundown(goes, 3600, "hold"))
    try:
        return [delay * 1000 for delay in timed_goes(show, goes)]
    finally:
        show.close()


STEPS = ("perform", "take", "queued", "action", "wire", "outcome")


def breakdown(obs: ObsProcess, folder: Path, goes: int) -> dict[str, list[float]]:
    """Milliseconds from `go()` to each step of its path, one list per step (STEPS): the loop runs the GO
    command, the engine's take, the director queues the scene request, the action returns, the request is
    on the wire, the command's outcome is set. Wraps the steps' functions for the run, then puts them back."""
    import studio.show.commands as commands
    from studio.show.engine import Engine

    show = ready_show(obs, folder, rundown(goes, 3600, "hold"))
    link = show.obs.link
    marks: dict[str, float] = {}
    sent: queue.Queue[Future[ObsResponse]] = queue.Queue()
    request, take, go = link.set_program_scene, Engine._take, commands.command("go")
    run = go.run

    def queued(scene: str) -> Future[ObsResponse]:
        marks["queued"] = time.monotonic()
        future = request(scene)
        sent.put(future)
        return future

    def taking(engine: Engine, index: int, how: str, at: float) -> None:
        marks["take"] = time.monotonic()
        take(engine, index, how, at)

    def going(engine: Engine, *args: object) -> None:
        marks["perform"] = time.monotonic()
        run(engine, *args)  # type: ignore[arg-type]
        marks["action"] = time.monotonic()

    link.set_program_scene = queued  # type: ignore[method-assign]
    Engine._take = taking  # type: ignore[method-assign, assignment]
    object.__setattr__(go, "run", going)
    steps: dict[str, list[float]] = {step: [] for step in STEPS}
    try:
        for _ in range(goes):
            marks.clear()
            began = time.monotonic()
            show.go().add_done_callback(lambda _: marks.__setitem__("outcome", time.monotonic()))
            marks["wire"] = sent.get(timeout=3).result(timeout=3).sent_at
            time.sleep(GO_PAUSE_S)  # the outcome is set by then
            for step in STEPS:
                steps[step].append((marks[step] - began) * 1000)
    finally:
        Engine._take = take  # type: ignore[method-assign]
        object.__setattr__(go, "run", run)
        show.close()
    return steps


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--goes", type=int, default=GOES)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--breakdown", action="store_true", help="where the time goes, step by step (one round)")
    options = parser.parse_args()
    rows = []
    xvfb = Xvfb()
    try:
        with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory(dir="/dev/shm") as folder:
            obs = ObsProcess(Path(home), xvfb.display)
            try:
                obs.start()
                obs.wait_answering()
                if options.breakdown:
                    before = load_average()
                    steps = breakdown(obs, Path(folder), options.goes)
                    print(f"load {before} → {load_average()}\n| from `go()` to | median | p99 |\n|---|---:|---:|")
                    for step, values in steps.items():
                        p = percentiles(values)
                        print(f"| {step} | {p['median']:.2f} ms | {p['p99']:.2f} ms |")
                    return
                for number in range(1, options.rounds + 1):
                    before = load_average()
                    p = percentiles(go_to_wire(obs, Path(folder), options.goes))
                    rows.append(f"| {number} | {options.goes} | {p['median']:.2f} ms | {p['p99']:.2f} ms | "
                                f"{p['max']:.2f} ms | {before} → {load_average()} |")
                    print(rows[-1], flush=True)
            finally:
                obs.kill()
    finally:
        xvfb.stop()
    print(f"\nMachine: {describe()}\n")
    print("| round | GOs | median | p99 | max | load average (1, 5, 15 min) before → after |")
    print("|---:|---:|---:|---:|---:|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
