"""A show running live: the engine on its loop, the as-run log, and the director's commands.

`LiveShow` is what the CLI and the director console both drive. Its command methods are
safe to call from any thread and return at once; the work happens on the show loop.
"""

from __future__ import annotations

import gc
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from studio.storage.asrun import AsRunLog
from studio.show.clock import Clock, SystemClock
from studio.show.engine import Engine
from studio.show.events import EventBus, Notice, PresenterMessage
from studio.show.loop import ShowLoop
from studio.media.service import MediaConfig, MediaService
from studio.obs.director import ObsDirector
from studio.obs.settings import ObsConnection
from studio.orders.config import NO_SECRET, OrdersConfig
from studio.orders.desk import OrderDesk
from studio.orders.sources import JsonlTail, OrderSimulator
from studio.rundown.model import Rundown
from studio.show.snapshot import ShowState

if TYPE_CHECKING:
    from studio.api.server import ApiServer

HEARTBEAT_S = 5.0


@dataclass(frozen=True)
class StartPlan:
    """When the show is planned to start, and whether to take the first segment by itself then."""

    planned_start: datetime
    auto_start: bool
    note: str | None = None  # a sentence for the director about how the start was chosen
    floating: bool = False  # a rehearsal waiting for GO: the plan follows the clock until GO


def plan_start(rundown: Rundown, start: str | None, now: datetime, *, auto_start: bool) -> StartPlan:
    """Anchor the rundown's plan: `now`, a time of day today, or the rundown's own date and time.

    A rundown dated another day runs as a rehearsal from now, so its drift means something.
    """
    tz = rundown.show.tz
    today = now.astimezone(tz).date()
    if start == "now":
        return StartPlan(now, True)
    if start is not None:
        moment = datetime.combine(today, parse_time_of_day(start), tzinfo=tz)
        return StartPlan(moment, True, _start_note(moment, now))
    if rundown.show.date not in (None, today):
        return StartPlan(now, auto_start, f"The rundown is dated {rundown.show.date}; running it now as a rehearsal.",
                         floating=not auto_start)
    if rundown.show.date is None and not auto_start:
        return StartPlan(now, False, floating=True)  # an undated rundown in the console: timed from GO
    moment = rundown.show.planned_start(today)
    return StartPlan(moment, auto_start, _start_note(moment, now) if auto_start else None)


def parse_time_of_day(text: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a time of day: write it like 19:30 or 19:30:00") from None


def _start_note(moment: datetime, now: datetime) -> str | None:
    late = round((now - moment).total_seconds())
    if late > 1:
        return f"The planned start {moment:%H:%M:%S} has passed: starting now, {timedelta(seconds=late)} late."
    if late < -1:
        return f"Waiting for the planned start {moment:%H:%M:%S} (in {timedelta(seconds=-late)}); --start now starts at once."
    return None


class ResumeError(Exception):
    """There is nothing to resume: a plain sentence for the director."""


class LiveShow:
    def __init__(self, rundown: Rundown, db_path: Path, *, start: str | None = None, resume: bool = False,
                 auto_start: bool = True, clock: Clock | None = None, tick_hz: float = 0.0,
                 obs: ObsConnection | None = None, orders: OrdersConfig | None = None,
                 media: MediaConfig | None = None) -> None:
        self.rundown = rundown
        self.clock = clock or SystemClock()
        self.bus = EventBus()
        self.loop = ShowLoop(self.clock, self._internal_error)
        self.log = AsRunLog(db_path)
        self._resume_point = None
        if resume:
            self._resume_point = self.log.resume_point(str(rundown.path.resolve()))
            if self._resume_point is None:
                self.log.close()
                raise ResumeError(f"There is no unfinished show of {rundown.path} in {db_path} to resume.")
            self.start_plan = StartPlan(self._resume_point.planned_start, False)
        else:
            self.start_plan = plan_start(rundown, start, self.clock.wall(), auto_start=auto_start)
        self.engine = Engine(rundown, clock=self.clock, timers=self.loop, bus=self.bus, recorder=self.log,
                             planned_start=self.start_plan.planned_start, floating_start=self.start_plan.floating)
        self._tick_hz = tick_hz
        self._unfollow = self.log.follow(self.bus, lambda: self.engine.show_id, self.engine.anchor.wall_at)
        self.log.report_health(self.bus, self.loop.post, self.clock.monotonic)  # LogHealth: the database refuses writes
        self.obs = None if obs is None else ObsDirector.connect(obs, self.engine, self.loop)  # drives OBS on cue
        # plays clips with libvlc (None: no media, e.g. headless); off, it says why
        self.media = None if media is None else MediaService(media, self.engine, self.loop, obs_plays_media=obs is not None)
        self.orders_config = orders
        self.desk = None if orders is None else self._open_desk(orders)  # takes orders, keeps their totals
        self.api: ApiServer | None = None  # the HTTP listener once it runs
        self._feeds: list[JsonlTail | OrderSimulator] = []

    @property
    def waits_for_go(self) -> bool:
        """True when nothing will start the show but the director."""
        return self._resume_point is None and not self.start_plan.auto_start

    def run(self) -> None:
        """Start the loop; start, wait for, or resume the show."""
        # Everything built so far (Qt, the rundown, the modules) lives as long as the show: moved out of
        # the collector's sight, full collections stop pausing every thread for 50-100 ms in an order
        # burst (benchmarks/bench_orders_gui.py).
        gc.freeze()
        if self.obs is not None:
            self.obs.start()  # connects in the background; what is due before it connects is resynced then
        if self.media is not None:
            self.media.start()
        self.loop.start()
        if self._resume_point is not None:
            self.loop.post(lambda: self.engine.restore(self._resume_point))
        elif self.start_plan.auto_start:
            self.loop.call_at_wall(self.start_plan.planned_start, self.engine.start)
        if self.start_plan.note:
            self.notice("info", self.start_plan.note)
        self.loop.every(HEARTBEAT_S, self._heartbeat)
        if self._tick_hz > 0:
            self.loop.every(1.0 / self._tick_hz, self.engine.tick)
        if self.desk is not None and self.orders_config is not None:
            self._start_orders(self.orders_config, self.desk)

    def close(self) -> None:
        self._stop_orders()  # first: no order is taken into a show that is closing
        if self.obs is not None:
            self.obs.stop()
        if self.media is not None:
            self.media.close()
        self.loop.stop()
        self._unfollow()
        self.log.close()

    # ----- director commands (any thread, never blocking) --------------------------------

    def go(self) -> None:
        self.loop.post(self.engine.go)

    def back(self) -> None:
        self.loop.post(self.engine.back)

    def skip(self) -> None:
        self.loop.post(self.engine.skip)

    def hold(self) -> None:
        self.loop.post(self.engine.hold)

    def extend(self, seconds: float) -> None:
        self.loop.post(lambda: self.engine.extend(seconds))

    def jump(self, segment_id: str) -> None:
        self.loop.post(lambda: self.engine.jump(segment_id))

    def pause(self) -> None:
        self.loop.post(self.engine.pause)

    def resume(self) -> None:
        self.loop.post(self.engine.resume)

    def replace_rundown(self, rundown: Rundown) -> None:
        """Take an edited rundown; the engine recomputes the timing on its loop."""
        self.rundown = rundown
        self.loop.post(lambda: self.engine.replace_rundown(rundown))

    def notice(self, level: str, message: str, source: str = "show") -> None:
        self.loop.post(lambda: self.bus.publish(Notice(self.clock.monotonic(), level, message, source)))

    def message(self, text: str, source: str) -> None:
        """A message for the presenter screen from `source` (e.g. "remote 10.0.0.7"); the console shows and logs it."""
        self.loop.post(lambda: self.bus.publish(PresenterMessage(self.clock.monotonic(), text, source)))

    def state_future(self) -> Future[ShowState]:
        """The show's state, read on the show loop after everything posted before: for other threads (HTTP)."""
        future: Future[ShowState] = Future()

        def read() -> None:
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(self.engine.state())
                except Exception as exc:  # handed to whoever waits, not lost in the loop
                    future.set_exception(exc)
        self.loop.post(read)
        return future

    # ----- internals ----------------------------------------------------------------------

    def _open_desk(self, config: OrdersConfig) -> OrderDesk:
        desk = OrderDesk(self.rundown, self.log.writer, self.bus, self.loop.post, self.clock, self.engine.anchor.wall_at,
                         grace_s=config.grace_s)
        if self._resume_point is not None:
            desk.resume(self._resume_point)
        return desk

    def _start_orders(self, config: OrdersConfig, desk: OrderDesk) -> None:
        """The HTTP listener (orders, remote control) and the order sources; a problem is a notice, never a stop."""
        def tell(level: str, message: str) -> None:
            self.notice(level, message, "orders")

        if config.port is not None:
            # aiohttp is loaded only when a listener is wanted (a quarter of a second of start-up);
            # control imports this module
            from studio.api.control import control_routes
            from studio.api.intake import intake_routes
            from studio.api.server import ApiServer

            server = ApiServer([*intake_routes(desk, config.secret, tell), *control_routes(self, config.control_token)],
                               config.host, config.port)
            try:
                server.start()
            except OSError as exc:
                tell("error", f"Orders cannot be received over HTTP: port {config.port} on {config.host} cannot be "
                              f"opened ({exc.strerror or exc}). Choose another port with --orders-port; the show goes on.")
            else:
                self.api = server
                remote = f"; remote control on {server.url}/control" if config.control_token else ""
                tell("info", f"Orders are received on {server.url}/orders{remote}.")
            if not config.secret:
                tell("warning", NO_SECRET)
        if config.simulate_per_minute > 0:
            self._feeds.append(OrderSimulator(config.simulate_per_minute, desk))
        if config.files:
            self._feeds.append(JsonlTail(config.files, desk, tell))
        for feed in self._feeds:
            feed.start()

    def _stop_orders(self) -> None:
        if self.api is not None:
            self.api.stop()
            self.api = None
        for feed in self._feeds:
            feed.stop()
        self._feeds.clear()
        if self.desk is not None:
            self.desk.close()

    def _heartbeat(self) -> None:
        if self.engine.show_id is not None and not self.engine.ended:
            self.log.heartbeat(self.engine.show_id, self.engine.anchor.wall_at(self.clock.monotonic()))

    def _internal_error(self, exc: BaseException) -> None:
        self.bus.publish(Notice(self.clock.monotonic(), "error", f"Internal error, the show goes on: {exc}", "studio"))
