"""A show running live, as the console, the HTTP control API and the headless CLI drive it.

`LiveShow` is a thread-safe command facade (it implements `ShowControl`): every method
returns at once and the work happens on the show loop. What the show is made of and how
it starts and stops is `studio/app/builder.py`.
"""

from __future__ import annotations

from concurrent.futures import Future
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping, Protocol, TypeVar

from studio.app.builder import ShowOptions, compose
from studio.media.service import MediaConfig, MediaService
from studio.obs.settings import ObsConnection
from studio.orders.config import OrdersConfig
from studio.relay.stream import StreamConfig
from studio.central.config import CentralConfig
from studio.orders.totals import TotalsSnapshot
from studio.osc import OscConfig
from studio.rundown.model import Rundown, Segment
from studio.show.clock import Clock
from studio.show.commands import OUTCOME_AFTER_S, Outcome, ShowControl, act, command
from studio.show.events import EventBus, Notice
from studio.show.snapshot import ShowState
from studio.standby.config import StandbyConfig
from studio.storage.writer import Writer

T = TypeVar("T")

if TYPE_CHECKING:
    from studio.api.roles import ViewLink
    from studio.api.server import ApiServer
    from studio.standby.service import Standby


class ConsoleShow(ShowControl, Protocol):
    """What the windows need of a running show: commands, events, and a few readings; never its engine or log."""

    @property
    def bus(self) -> EventBus: ...  # subscribe through ui/bridge.py only

    @property
    def clock(self) -> Clock: ...  # the show's monotonic clock (events' `at`)

    @property
    def media(self) -> MediaService | None: ...

    @property
    def show_id(self) -> int | None: ...

    @property
    def db_path(self) -> Path: ...

    @property
    def writer(self) -> Writer: ...

    @property
    def orders_snapshot(self) -> Callable[[], TotalsSnapshot] | None: ...

    @property
    def reconnect_obs(self) -> Callable[[], None] | None: ...

    def wall_at(self, mono: float) -> datetime: ...

    def replace_rundown(self, rundown: Rundown) -> None: ...


class LiveShow:
    """Implements ConsoleShow (and so ShowControl)."""

    def __init__(self, rundown: Rundown, db_path: Path, *, start: str | None = None, resume: bool = False,
                 auto_start: bool = True, clock: Clock | None = None, tick_hz: float = 0.0,
                 obs: ObsConnection | None = None, orders: OrdersConfig | None = None,
                 media: MediaConfig | None = None, relay: StreamConfig | None = None,
                 central: CentralConfig | None = None, osc: OscConfig | None = None,
                 standby: StandbyConfig | None = None) -> None:
        """Builds the show (ResumeError when there is nothing to resume; FeedError when the primary a standby
        follows does not answer); `run()` starts it."""
        parts = compose(rundown, db_path, ShowOptions(start, resume, auto_start, clock, tick_hz, obs, orders, media,
                                                      relay, central, osc, standby), self)
        self._parts = parts
        self.clock = parts.clock
        self.bus = parts.bus  # subscribe here for the show's events
        self.loop = parts.loop
        self.start_plan = parts.start_plan
        self.media: MediaService | None = parts.media  # the console's media monitor plays through it
        # The adapters, for tests and benchmarks (OBS's link, the order desk); the engine and the log stay inside.
        self.obs = parts.obs
        self.desk = parts.desk
        self.questions = parts.questions  # audience questions (None when the show takes no orders)
        self._engine = parts.engine

    @property
    def rundown(self) -> Rundown:
        """The rundown on air (an edit applied by `replace_rundown` shows here once the loop took it)."""
        return self._engine.rundown

    @property
    def api(self) -> ApiServer | None:
        """The HTTP listener once it runs, else None."""
        return None if self._parts.listener is None else self._parts.listener.server

    @property
    def waits_for_go(self) -> bool:
        """True when nothing will start the show but the director (or a standby's takeover)."""
        return self._parts.resume_point is None and not self.start_plan.auto_start and self._parts.standby is None

    @property
    def standby(self) -> Standby | None:
        """The standby service when this studio follows a primary (tests wait on its `took_over`)."""
        return self._parts.standby

    def run(self) -> None:
        """Start every service (the HTTP listener first), then start, wait for, or resume the show."""
        self._parts.lifecycle.start()

    def close(self) -> None:
        """Stop every service: intake first, the as-run log last."""
        self._parts.lifecycle.stop()

    # ----- the narrow interface of the UI ---------------------------------------------------

    @property
    def show_id(self) -> int | None:
        """The show's row in the as-run log, once something aired."""
        return self._engine.show_id

    @property
    def db_path(self) -> Path:
        return self._parts.log.path

    @property
    def writer(self) -> Writer:
        """The as-run database's one writer (rehearsal attempts are stored through it too)."""
        return self._parts.log.writer

    @property
    def on_air(self) -> Segment | None:
        """The segment on air, as another thread sees it (tests and benchmarks wait on it); the UI reads ticks."""
        return self._engine.on_air

    @property
    def ended(self) -> bool:
        return self._engine.ended

    @property
    def reconnect_obs(self) -> Callable[[], None] | None:
        """OBS's reconnect-now, for the console's banner; None without OBS (or a link that cannot)."""
        return None if self.obs is None else lambda: self.execute("reconnect_obs")

    @property
    def orders_snapshot(self) -> Callable[[], TotalsSnapshot] | None:
        """The order totals now, from any thread; None when the show takes no orders."""
        return None if self.desk is None else self.desk.snapshot

    def view_links(self) -> tuple[list[ViewLink], bool]:
        """The browser views' links with their tokens, and whether they reach this computer only (the console's
        Role links window); none without the listener or its tokens."""
        listener = self._parts.listener
        return ([], True) if listener is None else listener.view_links()

    def wall_at(self, mono: float) -> datetime:
        """The wall time of an instant of the show clock (an event's `at`); the anchor never changes."""
        return self._engine.anchor.wall_at(mono)

    # ----- director commands (any thread, never blocking) --------------------------------

    def execute(self, name: str, arguments: Mapping[str, Any] | None = None,
                source: str = "console") -> Future[Outcome]:
        """Run a command of studio/show/commands.py on the loop; the future says what it did or why not."""
        declared = command(name)
        values = declared.complete(arguments or {})
        future: Future[Outcome] = Future()

        def run() -> None:
            if future.set_running_or_notify_cancel():
                refused = self._standing_by() or settle(lambda: act(declared, self._engine, values, source))
                if refused is not None:  # nothing was done: its outcome now
                    settle(lambda: future.set_result(Outcome(declared.name, self._engine.state(), refused)))
                else:  # a moment later: the take's OBS requests go to the wire first (see act)
                    self.loop.call_at(self.clock.monotonic() + OUTCOME_AFTER_S,
                                      lambda: settle(lambda: future.set_result(Outcome(declared.name, self._engine.state()))))

        def settle(step: Callable[[], T]) -> T:
            try:
                return step()
            except Exception as exc:  # handed to whoever waits, and reported by the loop
                future.set_exception(exc)
                raise
        self.loop.post(run)
        return future

    def _standing_by(self) -> str | None:
        """The sentence refusing every command while this studio is a standby that has not taken over."""
        standby = self._parts.standby
        if standby is None or standby.took_over.is_set():
            return None
        return (f"This studio is the standby of {standby.feed.shown}: the primary runs the show. "
                "Commands are taken here once this studio has taken the show over.")

    def go(self) -> Future[Outcome]:
        return self.execute("go")

    def back(self) -> Future[Outcome]:
        return self.execute("back")

    def skip(self) -> Future[Outcome]:
        return self.execute("skip")

    def hold(self, on: bool | None = None) -> Future[Outcome]:
        """Hold (True), release (False) or toggle (None) the segment on air."""
        return self.execute("hold", {"on": on})

    def extend(self, seconds: float) -> Future[Outcome]:
        return self.execute("extend", {"seconds": seconds})

    def set_next(self, segment_id: str | None) -> Future[Outcome]:
        """Choose what GO takes next (None: the running order again), without taking it."""
        return self.execute("set_next", {"segment": segment_id})

    def clear_message(self, by: str) -> Future[Outcome]:
        """Take the director's message off the presenter screen; `by` says who (e.g. "remote 10.0.0.7")."""
        return self.execute("clear", source=by)

    def jump(self, segment_id: str, *, confirm: bool = True) -> Future[Outcome]:
        """Put this segment on air; the console asks its own confirmation, so it confirms a drop by default."""
        return self.execute("jump", {"segment": segment_id, "confirm": confirm})

    def pause(self) -> Future[Outcome]:
        return self.execute("pause", {"on": True})

    def resume(self) -> Future[Outcome]:
        return self.execute("resume")

    def message(self, text: str, source: str) -> Future[Outcome]:
        """A message for the presenter screen from `source` (e.g. "remote 10.0.0.7"); the console shows and logs it."""
        return self.execute("message", {"text": text}, source)

    def replace_rundown(self, rundown: Rundown) -> None:
        """Take an edited rundown: the engine swaps it and recomputes the timing on its loop."""
        self.loop.post(lambda: self._engine.replace_rundown(rundown))

    def notice(self, level: str, message: str, source: str = "show") -> None:
        self.loop.post(lambda: self.bus.publish(Notice(self.clock.monotonic(), level, message, source)))

    def state_future(self) -> Future[ShowState]:
        """The show's state, read on the show loop after everything posted before: for other threads (HTTP)."""
        future: Future[ShowState] = Future()

        def read() -> None:
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(self._engine.state())
                except Exception as exc:  # handed to whoever waits, not lost in the loop
                    future.set_exception(exc)
        self.loop.post(read)
        return future
