"""Running a show with no window: a line per transition out, director commands in.

A closed terminal or a dropped ssh session (SIGHUP) does not stop the show: it is noted in the log
and the show goes on, its lines dropped once nothing can take them. SIGTERM and Ctrl-C stop it.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Iterator, TextIO

from studio.app.command_words import HELP, parse_command
from studio.rundown.durations import format_duration
from studio.show.events import (
    DirectorAction,
    Event,
    LogHealth,
    Notice,
    Overtime,
    SegmentEnded,
    SegmentSkipped,
    SegmentStarted,
    ShowEnded,
    ShowStarted,
    StoodDown,
    TookOver,
    StandingBy,
)
from studio.app.running import HUNG_UP
from studio.app.session import LiveShow
from studio.show.blocks import current_block
from studio.show.commands import Outcome
from studio.show.snapshot import ShowState
from studio.threads import start_thread


class Output:
    """The run's lines out. Once writing fails (EIO from a terminal that hung up, EPIPE from a closed
    pipe), lines are dropped: the show goes on, and the stream is pointed at /dev/null so that
    Python's last flush at exit cannot fail either."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.gone = False
        self._lock = threading.Lock()  # the show loop, the stdin reader (a reply already done) and the main thread write

    def line(self, text: str) -> None:
        with self._lock:
            if self.gone:
                return
            try:
                self.stream.write(text + "\n")
                self.stream.flush()
            except OSError:
                self.gone = True
                _to_devnull(self.stream)


def _to_devnull(stream: TextIO) -> None:
    try:
        fd = stream.fileno()
    except (OSError, ValueError):  # not a file (a test's StringIO): nothing will flush it at exit
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


class TransitionPrinter:
    """Writes what happens on air as plain lines, stamped in the show's timezone."""

    def __init__(self, show: LiveShow, out: Output) -> None:
        self.show = show
        self.out = out
        self._ended: SegmentEnded | None = None

    def __call__(self, event: Event) -> None:
        if isinstance(event, SegmentEnded):
            self._ended = event  # printed with what follows it, as one transition
            return
        line = self._describe(event)
        if line:
            self._write(event.at, line)

    def _describe(self, event: Event) -> str | None:
        rundown = self.show.rundown
        if isinstance(event, ShowStarted):
            return f"SHOW {'RESUMED' if event.resumed else 'START'}  {rundown.show.title}"
        if isinstance(event, SegmentStarted):
            segment = rundown.segments[event.index]
            late = event.at - event.planned_start
            return (f"ON AIR {event.index + 1}/{len(rundown.segments)}  {segment.id}  \"{segment.title}\"  "
                    f"{format_duration(segment.duration)}  planned {self._clock(event.planned_start)} "
                    f"({format_duration(late, sign=True)})  [{event.taken_by}]{self._pop_ended()}")
        if isinstance(event, ShowEnded):
            return f"SHOW END  over/under {format_duration(event.over_under_s, sign=True)}{self._pop_ended()}"
        if isinstance(event, SegmentSkipped):
            return f"SKIPPED  {event.segment_id}"
        if isinstance(event, StandingBy):
            return f"STAND BY  {event.segment_id}: loaded, GO takes it"
        if isinstance(event, Overtime):
            return f"OVERTIME  {event.segment_id}: counting up, waiting for GO"
        if isinstance(event, DirectorAction) and event.action not in ("go", "jump", "back"):
            details = " ".join(f"{k}={v}" for k, v in event.detail.items() if k != "on_air")
            return f"DIRECTOR  {event.action} {details}".rstrip()
        if isinstance(event, Notice):
            return f"{event.level.upper()}  {event.message}"
        if isinstance(event, TookOver):
            return f"TOOK OVER  {event.message}"
        if isinstance(event, StoodDown):
            return f"STOOD DOWN  {event.message}"
        if isinstance(event, LogHealth):
            return f"{'LOG OK' if event.ok else 'LOG FAILING'}  {event.message}"
        return None

    def _pop_ended(self) -> str:
        ended, self._ended = self._ended, None
        if ended is None:
            return ""
        return (f"  — ended {ended.segment_id} after {format_duration(ended.actual_duration_s)} "
                f"({format_duration(ended.over_under_s, sign=True)}, {ended.ended_by})")

    def _clock(self, mono: float) -> str:
        return self._local(mono).strftime("%H:%M:%S")

    def _local(self, mono: float) -> datetime:
        return self.show.wall_at(mono).astimezone(self.show.rundown.show.tz)

    def _write(self, at: float, line: str) -> None:
        stamp = self._local(at).strftime("%H:%M:%S.%f")[:-3]
        self.out.line(f"{stamp}  {line}")


def format_status(show: LiveShow, state: ShowState) -> str:
    segment = state.on_air_timing
    on_air = f"{segment.segment_id} {format_duration(state.remaining)} left" if segment else state.phase
    parts = [f"on air: {on_air}", f"drift {format_duration(state.drift, sign=True)}",
             f"projected end {state.projected_end.astimezone(show.rundown.show.tz):%H:%M:%S}"]
    if state.hard_out_slack is not None:
        parts.append(f"hard out slack {format_duration(state.hard_out_slack, sign=True)}")
    if state.next is not None:
        parts.append(f"next: {show.rundown.segments[state.next].id}")
    block = current_block(state.blocks)
    if block is not None and block.status == "on_air":
        parts.append(f"block {block.block_id} {format_duration(block.left)} left, ends {format_duration(block.over_under, sign=True)}")
    parts += [f"conflict: {sentence}" for sentence in state.conflicts]
    if state.timers:
        parts.append("timers: " + ", ".join(f"{t.name} {format_duration(t.seconds)}{'' if t.running else ' stopped'}"
                                            for t in state.timers))
    return "STATUS  " + ", ".join(parts)


STOOD_DOWN = 3  # run_headless's answer when a standby took the show over: the caller starts again as its standby


def run_headless(show: LiveShow, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout) -> int:
    """Run until the last segment ends, or a standby's primary ended its show (exit 0); Ctrl-C leaves the show
    resumable (exit 130), and so does SIGTERM (a service manager's stop, `kill`: exit 143); STOOD_DOWN when another
    studio took the show over. SIGHUP is noted, and the show goes on."""
    with _signals() as caught:
        return _run(show, stdin, Output(out), caught)


@dataclass
class Caught:
    """What the signal handlers saw; they only set these, the main loop acts on them (a handler that posted
    to the show could interrupt the main thread holding the very lock it needs)."""

    stopped_by: int = signal.SIGINT
    hung_up: bool = False


@contextmanager
def _signals() -> Iterator[Caught]:
    """SIGTERM interrupts the main thread as Ctrl-C does; SIGHUP is only remembered."""
    caught = Caught()
    if threading.current_thread() is not threading.main_thread():
        yield caught  # only the main thread may set a handler (a test running the show on a thread)
        return

    def terminated(number: int, frame: object) -> None:
        caught.stopped_by = signal.SIGTERM
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: a second one must not cut the closing short
        raise KeyboardInterrupt

    def hung_up(number: int, frame: object) -> None:
        caught.hung_up = True

    previous = {number: signal.signal(number, handler)
                for number, handler in ((signal.SIGTERM, terminated), (signal.SIGHUP, hung_up))}
    try:
        yield caught
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _run(show: LiveShow, stdin: TextIO, out: Output, caught: Caught) -> int:
    ended = threading.Event()
    stood_down = threading.Event()
    show.bus.subscribe(TransitionPrinter(show, out))
    show.bus.subscribe(lambda _: ended.set(), ShowEnded)
    show.bus.subscribe(lambda _: (stood_down.set(), ended.set()), StoodDown)
    start_thread("stdin", _read_commands, show, stdin, out)
    if show.waits_for_go:
        out.line("Standing by: type 'go' to start the show.")
    try:
        show.run()
        while not ended.wait(0.5):
            if caught.hung_up:
                caught.hung_up = False
                show.notice("warning", f"{HUNG_UP} Stop it with: kill -TERM {os.getpid()}", "terminal")
            if show.standby is not None and show.standby.primary_ended.is_set():
                break  # it said so: nothing is left to take over
    except KeyboardInterrupt:
        out.line(f"Stopped. The show can go on with: studio run {show.rundown.path} --resume")
        return 128 + caught.stopped_by
    finally:
        show.close()
    return STOOD_DOWN if stood_down.is_set() else 0


def _read_commands(show: LiveShow, stdin: TextIO, out: Output) -> None:
    """Read commands until stdin ends (or fails: a terminal that hung up); replies go out on the show loop,
    in order with what happens on air."""
    def refused(done: Future[Outcome]) -> None:
        if not done.cancelled() and done.exception() is None and done.result().refused:
            out.line(f"?  {done.result().refused}")

    try:
        for line in stdin:
            word = line.strip().lower()
            if not word:
                continue
            if word == "status":
                show.state_future().add_done_callback(lambda done: out.line(format_status(show, done.result())))
            elif word == "help":
                show.loop.post(lambda: out.line(HELP))
            elif isinstance(request := parse_command(line), str):
                show.loop.post(lambda request=request: out.line(f"?  {request}"))
            else:
                show.execute(request.name, request.arguments, "stdin").add_done_callback(refused)
    except OSError:  # EIO: the terminal is gone; the show goes on without commands from it
        return
