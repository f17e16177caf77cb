"""OSC over UDP: `/studio/<command> args...` in, the show's key state out.

In: a datagram's address names a command of the registry (studio/show/commands.py) and its
arguments come in the command's order (`/studio/hold 1`, `/studio/extend 30`,
`/studio/jump closing 1`). It runs like any remote command: posted to the show loop, logged
"GO from osc 10.0.0.7"; a refusal or a bad argument is a notice for the director.

Out: the state is read on the show loop (posted, like GET /status) and sent from this
adapter's own thread after every change and at least once a second; UDP never waits for the
receiver. A state that is not ready within STATE_TIMEOUT_S is skipped, not waited for again.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.config.settings import read_setting
from studio.obs.events import LinkState, ObsStatus
from studio.rundown.durations import format_duration
from studio.show.commands import BY_NAME, BadArgument, Outcome, ShowControl
from studio.show.events import ClipProgress, CountdownBeep, Event, EventBus, ScenePreroll, Tick
from studio.show.snapshot import ShowState, TimerReading
from studio.threads import Worker, start_thread

if TYPE_CHECKING:  # python-osc (and the asyncio it imports) only once OSC is on
    from pythonosc.osc_server import BlockingOSCUDPServer
    from pythonosc.udp_client import SimpleUDPClient

log = logging.getLogger(__name__)

PREFIX = "/studio/"
SEND_EVERY_S = 1.0  # the whole state this often: UDP may lose a datagram, the next one repairs it
STATE_TIMEOUT_S = 2.0
QUIET = (Tick, ClipProgress, CountdownBeep, ScenePreroll)  # change nothing the state messages say


@dataclass(frozen=True)
class OscConfig:
    port: int | None = None  # listen for commands here (0: any free port); None: no OSC in
    host: str = "127.0.0.1"  # the address it listens on
    send_to: tuple[str, int] | None = None  # (host, port) the state goes to; None: no OSC out


def osc_config(port: int | None, send: str | None, host: str | None, settings: Path | None = None) -> OscConfig:
    """What `studio run` was told (--osc-port, --osc-send, --orders-host), completed from the settings."""
    if port is None:
        stored = read_setting("osc_port", settings)
        port = stored if isinstance(stored, int) else None
    if send is None:
        stored = read_setting("osc_send", settings)
        send = stored if isinstance(stored, str) and stored else None
    return OscConfig(port, host or "127.0.0.1", None if send is None else osc_address(send))


def osc_address(text: str) -> tuple[str, int]:
    """`host:port` as (host, port); ValueError with a sentence when it is not one."""
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) <= 65535:
        raise ValueError(f"'{text}' is not host:port (e.g. 10.0.0.20:53000)")
    return host.strip("[]"), int(port)


class OscIn:
    """Listens for OSC commands on UDP and hands them to the show; a Service of the builder."""

    def __init__(self, config: OscConfig, control: ShowControl) -> None:
        self._config = config
        self._control = control
        self._server: BlockingOSCUDPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int | None:
        """The port it listens on, once started (the real one when the config asked for 0)."""
        return None if self._server is None else int(self._server.server_address[1])

    def start(self) -> None:
        from pythonosc.dispatcher import Dispatcher
        from pythonosc.osc_server import BlockingOSCUDPServer

        dispatcher = Dispatcher()
        dispatcher.set_default_handler(self._received, needs_reply_address=True)
        try:
            self._server = BlockingOSCUDPServer((self._config.host, self._config.port or 0), dispatcher)
        except OSError as exc:
            self._control.notice("error", f"OSC commands are off: cannot listen on UDP {self._config.host}:"
                                          f"{self._config.port} ({exc.strerror or exc}).", "osc")
            return
        self._thread = start_thread("osc in", self._server.serve_forever, 0.2)
        self._control.notice("info", f"OSC commands are received on udp://{self._config.host}:{self.port}/studio/…", "osc")

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()  # serve_forever returns within its poll interval
            self._server.server_close()
        if self._thread is not None:
            self._thread.join()

    def _received(self, sender: tuple[str, int], address: str, *values: Any) -> None:
        who = f"osc {sender[0]}"
        name = address[len(PREFIX):] if address.startswith(PREFIX) else ""
        declared = BY_NAME.get(name)
        if declared is None:
            self._control.notice("warning", f"OSC from {sender[0]}: {address} is not a command of studio "
                                            f"(e.g. /studio/go, /studio/extend 30).", "osc")
            return
        try:
            if len(values) > len(declared.arguments):
                raise BadArgument(declared.name, f"{declared.name} takes at most {len(declared.arguments)} "
                                                 f"argument{'s' if len(declared.arguments) != 1 else ''}")
            given = {argument.name: argument.parse(_text(value)) for argument, value in zip(declared.arguments, values)}
            arguments = declared.complete(given)
        except BadArgument as exc:
            self._control.notice("warning", f"OSC {address} from {sender[0]}: {exc}", "osc")
            return
        self._control.notice("info", declared.describe(arguments, who), source="osc")
        future = self._control.execute(declared.name, arguments, who)
        future.add_done_callback(lambda done: self._refused(done, declared.name, who))

    def _refused(self, done: Future[Outcome], name: str, who: str) -> None:
        if done.exception() is None and done.result().refused is not None:
            self._control.notice("info", f"{name} from {who} refused: {done.result().refused}", source="osc")


class OscOut(Worker):
    """Sends the show's key state to one OSC receiver: after each change, and every second."""

    def __init__(self, destination: tuple[str, int], control: ShowControl, bus: EventBus) -> None:
        from pythonosc.udp_client import SimpleUDPClient

        super().__init__("osc out", retry_s=SEND_EVERY_S)
        self._client = SimpleUDPClient(*destination)
        self._control = control
        self._bus = bus
        self._changed = threading.Event()
        self._obs_lost: bool | None = None  # None: no OBS, or nothing heard from it yet
        self._unsubscribe = lambda: None

    def start(self) -> None:
        self._unsubscribe = self._bus.subscribe(self._on_event)
        super().start()

    def stop(self) -> None:
        self._unsubscribe()
        self._changed.set()
        super().stop()

    def _on_event(self, event: Event) -> None:
        """On the show loop: only note that something changed."""
        if isinstance(event, ObsStatus):
            self._obs_lost = event.state != LinkState.CONNECTED
        if not isinstance(event, QUIET):
            self._changed.set()

    def step(self) -> float:
        self._changed.wait(SEND_EVERY_S)
        self._changed.clear()
        try:
            state = self._control.state_future().result(STATE_TIMEOUT_S)
        except FutureTimeout:
            return 0.0  # the show loop is busy: the next round asks again
        for address, value in state_messages(state, self._obs_lost):
            self._client.send_message(address, value)
        return 0.0


def state_messages(state: ShowState, obs_lost: bool | None) -> list[tuple[str, Any]]:
    """The OSC messages that say the show's state (docs/osc.md lists them)."""
    on_air = state.on_air_timing
    upcoming = None if state.next is None else state.segments[state.next]
    return [
        (PREFIX + "phase", state.phase),
        (PREFIX + "on_air", "" if on_air is None else on_air.title),
        (PREFIX + "on_air/id", "" if on_air is None else on_air.segment_id),
        (PREFIX + "time_left", round(state.remaining, 1) if on_air is not None else 0.0),
        (PREFIX + "time_left/text", format_duration(state.remaining) if on_air is not None else ""),
        (PREFIX + "next", "" if upcoming is None else upcoming.title),
        (PREFIX + "next/id", "" if upcoming is None else upcoming.segment_id),
        (PREFIX + "over_under", round(state.over_under, 1)),
        (PREFIX + "over_under/text", format_duration(state.over_under, sign=True)),
        (PREFIX + "drift", round(state.drift, 1)),
        (PREFIX + "level", state.level if on_air is not None else ""),
        (PREFIX + "held", int(state.held)),
        (PREFIX + "paused", int(state.phase == "paused")),
        (PREFIX + "obs_lost", int(bool(obs_lost))),
        (PREFIX + "timers", len(state.timers)),
        *(message for number, timer in enumerate(state.timers, 1) for message in _timer_messages(number, timer)),
    ]


def _timer_messages(number: int, timer: TimerReading) -> list[tuple[str, Any]]:
    """A free timer's messages, numbered (its name may hold what an OSC address cannot: spaces, ?, #...)."""
    address = f"{PREFIX}timer/{number}/"
    return [
        (address + "name", timer.name),
        (address + "mode", timer.mode),
        (address + "seconds", round(timer.seconds, 1)),
        (address + "text", format_duration(timer.seconds)),
        (address + "running", int(timer.running)),
    ]


def _text(value: Any) -> str:
    """An OSC argument as the text the registry parses (1 and True are both "on")."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
