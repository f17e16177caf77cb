"""Composition in one place: what a running show is made of, how its parts are wired,
and the order in which they start and stop.

Start: the HTTP listener first (orders and remote control are up before the show can
start), the standby guard, then OBS and media (they connect and load in the background), the
shop actions' sender, then the show loop with the start appointment, a standby's follower, the
heartbeat and the ticks, then the order sources (files, simulator, a relay's Redis stream), and
the shipper to the event's PostgreSQL. A standby (studio/standby/) reads its primary's first
state before anything else is built: its plan is the primary's.
Stop: the standby's follower and guard first (no takeover into a closing show), then intake
(no order is taken into a show that is closing: listener, sources, desk), the shop actions (a
short grace for webhooks still due), then OBS (it finishes its last request, e.g. StopRecord),
media, the show loop, the as-run log, and the shipper last (it sends the show's last rows).
"""

from __future__ import annotations

import socket
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from studio.app.extras import shipper, stream_feed
from studio.app.lifecycle import Lifecycle, Part, Service
from studio.app.start import ResumeError, StartPlan, plan_start
from studio.central.config import CentralConfig
from studio.config.settings import read_setting
from studio.media.service import MediaConfig, MediaService
from studio.obs.settings import ObsConnection
from studio.orders.config import OrdersConfig
from studio.relay.stream import StreamConfig
from studio.osc import OscConfig, OscIn, OscOut
from studio.rundown.model import Rundown
from studio.show.clock import Clock, SystemClock
from studio.show.commands import ShowControl
from studio.show.engine import Engine
from studio.show.events import EventBus, Notice, ShowEnded, StoodDown
from studio.show.loop import ShowLoop
from studio.show.recording import ResumePoint
from studio.show.view import ShowView
from studio.shop.actions import ShopActions
from studio.storage.asrun import LAG_CHECK_S, AsRunLog

if TYPE_CHECKING:
    from studio.api.push import PushHub
    from studio.app.orders import OrdersListener
    from studio.orders.desk import OrderDesk
    from studio.questions.board import QuestionBoard
    from studio.obs.director import ObsDirector
    from studio.standby.config import StandbyConfig
    from studio.standby.followed import Followed
    from studio.standby.gate import CutGate
    from studio.standby.marker import Marker
    from studio.standby.service import Standby
    from studio.standby.takeover import Takeover

HEARTBEAT_S = 5.0
SETTLE_S = 2.0


@dataclass(frozen=True)
class ShowOptions:
    """What the caller chose for the show; None leaves a service out."""

    start: str | None = None  # "now", "HH:MM[:SS]", or None: the rundown's own
    resume: bool = False
    auto_start: bool = True  # False: the console waits for GO
    clock: Clock | None = None
    tick_hz: float = 0.0  # ShowState ticks a second for screens (0: none, e.g. headless)
    obs: ObsConnection | None = None
    orders: OrdersConfig | None = None
    media: MediaConfig | None = None  # None: no clips played (headless)
    relay: StreamConfig | None = None  # orders also read from a relay's Redis stream (with `orders` set)
    central: CentralConfig | None = None  # the as-run log and orders shipped to the event's PostgreSQL
    osc: OscConfig | None = None  # OSC commands in, state out (docs/osc.md)
    standby: StandbyConfig | None = None  # follow this primary, take the show over when it falls silent


@dataclass
class Composition:
    """The parts of one running show; `lifecycle` starts and stops them."""

    clock: Clock
    bus: EventBus
    loop: ShowLoop
    log: AsRunLog
    engine: Engine
    start_plan: StartPlan
    resume_point: ResumePoint | None
    obs: ObsDirector | None
    media: MediaService | None
    desk: OrderDesk | None
    listener: OrdersListener | None
    lifecycle: Lifecycle
    osc_in: OscIn | None = None
    osc_out: OscOut | None = None
    questions: QuestionBoard | None = None  # audience questions, with the order desk (docs/questions.md)
    standby: Standby | None = None


def compose(rundown: Rundown, db_path: Path, options: ShowOptions, control: ShowControl) -> Composition:
    """Build and wire a show; `control` is the facade the remote control drives. Raises ResumeError, and FeedError
    when the primary a standby follows sends no state."""
    clock = options.clock or SystemClock()
    bus = EventBus()

    def hand_over(takeover: Takeover) -> None:
        loop.post(lambda: take_over_here(takeover))

    def follow_edit(edited: Rundown) -> None:
        loop.post(lambda: engine.replace_rundown(edited))

    standby = followed = None
    if options.standby is not None:  # before the log opens: a primary that does not answer leaves nothing open
        from studio.standby.service import Standby  # websocket-client only for a standby
        standby = Standby(options.standby, rundown, hand_over,
                          lambda level, sentence: control.notice(level, sentence, "standby"), None,
                          lambda: _push_address(listener), clock.wall, follow_edit)
        followed = standby.connect()
        rundown = standby.rundown  # the primary's: edited live before this studio started, its edits made here too

    def internal_error(exc: BaseException) -> None:
        bus.publish(Notice(clock.monotonic(), "error", f"Internal error, the show goes on: {exc}", "studio"))

    loop = ShowLoop(clock, internal_error)
    log = AsRunLog(db_path)
    resume_point, plan = _plan(rundown, options, log, clock, followed)
    engine = Engine(rundown, clock=clock, timers=loop, bus=bus, recorder=log,
                    planned_start=plan.planned_start, floating_start=plan.floating)
    unfollow = log.follow(bus, lambda: engine.show_id, engine.anchor.wall_at)
    log.report_health(bus, loop.post, clock.monotonic)  # LogHealth: the database refuses writes, or accepts them again
    loop.every(LAG_CHECK_S, log.check_lag)  # LogHealth: the database is slow (a stalled disk), or keeps up again
    view: ShowView = engine
    obs: ObsDirector | None = None  # drives OBS on cue
    if options.obs is not None:
        from studio.obs.director import ObsDirector  # websocket-client and obs-websocket-py only for a show with OBS

        obs = ObsDirector.connect(options.obs, view, loop)
    if standby is not None and obs is not None:
        standby.link = obs.link  # connected while standing by, driven only once the show is taken over
    # plays clips with libvlc; off, it says why
    media = (None if options.media is None
             else MediaService(options.media, view, loop, obs_plays_media=options.obs is not None))

    def tell(level: str, message: str) -> None:
        control.notice(level, message, "orders")

    def record(kind: str, detail: dict[str, Any]) -> None:  # an as-run event from another thread, on the show loop
        loop.post(lambda: log.event(engine.show_id, engine.anchor.wall_at(clock.monotonic()), kind, detail))

    config = options.orders
    desk = leads = board = listener = feeds = None
    if config is not None:  # the order stack is imported only for a show that takes orders
        from studio.app.orders import OrderFeeds, OrdersListener
        from studio.leads.desk import LeadDesk
        from studio.orders.desk import OrderDesk
        from studio.questions.board import QuestionBoard

        desk = OrderDesk(rundown, log.writer, bus, loop.post, clock, engine.anchor.wall_at, grace_s=config.grace_s)
        leads = LeadDesk(desk, log.writer, bus, loop.post, clock)  # leads and buyers' contacts (docs/leads.md)
        board = QuestionBoard(log.writer, bus, loop.post, clock, desk.now, desk.attributor.credit_at,
                              lambda: desk.timeline.show_id)  # audience questions (docs/questions.md)
        if resume_point is not None:
            desk.resume(resume_point)
            leads.resume(resume_point.show_id)
            board.resume(resume_point.show_id)
        listener = None if config.port is None else OrdersListener(config, config.port, desk, control, tell,
                                                                   _push(config, control, bus, engine, desk), leads,
                                                                   board)
        feeds = OrderFeeds(config, desk, tell, board, leads)
    stream = None if desk is None or options.relay is None else stream_feed(options.relay, desk, tell, record, leads, board)
    central = None if options.central is None else shipper(options.central, log.writer, tell)
    # a standby leaves the relay's orders to its primary until it takes over, and ships only from then on
    orders_stream = stream if stream is None or standby is None else Part("orders stream", stop=stream.stop)
    shipping = central if central is None or standby is None else Part("shipper", stop=central.stop)

    def start_at_plan() -> None:
        loop.call_at_wall(plan.planned_start, engine.start)

    def take_over_here(takeover: Takeover) -> None:
        from studio.standby.takeover import take_over
        take_over(takeover, engine, log, obs, bus, clock, engine.anchor.wall_at, start_at_plan)
        if stream is not None and standby is not None:
            stream.start()
        if central is not None and standby is not None:  # once the copy of the primary's show is committed
            log.writer.submit(lambda db: None).add_done_callback(lambda done: central.start())

    if standby is not None:
        bus.subscribe(lambda _: standby.show_ended(), ShowEnded)

    stood_down: list[Marker] = []

    def stand_down(marker: Marker) -> None:
        """A standby took the show over while this studio was not answering: it stops driving OBS (once: the guard
        hears it, or the cut gate reads it after a freeze, whichever comes first)."""
        if stood_down:
            return
        stood_down.append(marker)
        if obs is not None:
            obs.stand_down()
        sentence = (f"The studio at {marker.url} took the show over at {marker.since} while this one was not "
                    "answering: this one no longer drives OBS.")
        log.event(engine.show_id, engine.anchor.wall_at(clock.monotonic()), "stood_down", {"by": marker.url})
        bus.publish(StoodDown(clock.monotonic(), marker.url, sentence))

    gate: CutGate | None = None
    if options.obs is not None:
        from studio.standby.gate import CutGate  # with OBS's own modules, only for a show with OBS
        from studio.standby.guard import Guard
    guard = None if options.obs is None else Guard(
        options.obs, lambda: _push_address(listener), lambda: standby is None or standby.took_over.is_set(),
        lambda marker: loop.post(lambda: stand_down(marker)))
    if obs is not None:  # a cut overdue after the loop stood still (a frozen PC) waits for OBS's marker
        gate = CutGate(obs.link, loop, clock, lambda: _push_address(listener), stand_down)
        obs.switching = gate.send

    shop = ShopActions(rundown, bus, engine.anchor.wall_at,  # the rundown's webhooks, on their own thread
                       lambda level, message: control.notice(level, message, "shop"))

    def start_show() -> None:
        loop.start()
        if gate is not None:
            gate.start()
        if resume_point is not None:
            loop.post(lambda: engine.restore(resume_point))
        elif plan.auto_start:
            loop.call_at_wall(plan.planned_start, engine.start)
        if plan.note:
            control.notice("info", plan.note)

    def heartbeat() -> None:
        if engine.show_id is not None and not engine.ended:
            log.heartbeat(engine.show_id, engine.anchor.wall_at(clock.monotonic()))

    def close_log() -> None:
        unfollow()
        log.close()

    osc = options.osc or OscConfig()
    osc_in = None if osc.port is None else OscIn(osc, control)
    osc_out = None if osc.send_to is None else OscOut(osc.send_to, control, bus)
    show = Part("show loop", start_show, loop.stop)
    beats = Part("heartbeat", lambda: loop.every(HEARTBEAT_S, heartbeat))
    def first_tick() -> None:
        engine.tick()

    def start_ticks() -> None:
        loop.post(first_tick)  # the screens show the show at once, not a tick period (100 ms) after start-up
        loop.every(1.0 / options.tick_hz, engine.tick)

    tick = None if options.tick_hz <= 0 else Part("ticks", start_ticks)
    as_run = Part("as-run log", stop=close_log)
    media_part = None if media is None else Part("media", media.start, media.close)
    desk_part = None if desk is None else Part("order desk", stop=desk.close)
    leads_part = None if leads is None else Part("lead desk", stop=leads.close)
    board_part = None if board is None else Part("question board", stop=board.close)
    shop_part = Part("shop actions", shop.start, lambda: _settled(shop.stop, loop))
    starting: list[Service | None] = [listener, osc_in, guard, obs, media_part, shop_part, show, standby, osc_out, beats,
                                      tick, feeds, orders_stream, desk_part, leads_part, board_part, as_run, shipping]
    # the standby first (no takeover into a closing show); the shipper last: it sends what the show wrote at its end
    stopping: list[Service | None] = [standby, guard, listener, osc_in, feeds, orders_stream, desk_part, leads_part,
                                      board_part, shop_part, obs, media_part, osc_out, show, beats, tick, as_run, shipping]
    lifecycle = Lifecycle([s for s in starting if s is not None], [s for s in stopping if s is not None])
    return Composition(clock, bus, loop, log, engine, plan, resume_point, obs, media, desk, listener, lifecycle,
                       osc_in, osc_out, board, standby)


def _settled(stop: Callable[[], None], loop: ShowLoop) -> None:
    """Stop a service, then wait (2 s at most) until the show loop has run what it posted: its last
    notices reach the as-run log before the loop stops (the loop drops work still waiting then)."""
    stop()
    settled: Future[None] = Future()
    loop.post(lambda: settled.set_result(None))
    try:
        settled.result(timeout=SETTLE_S)
    except TimeoutError:
        pass


def _push(config: OrdersConfig, control: ShowControl, bus: EventBus, engine: Engine,
          desk: OrderDesk) -> Callable[[], PushHub]:
    """The push API and views, built when the listener starts (aiohttp is loaded only then)."""
    def build() -> PushHub:
        from studio.api.push import PushHub
        from studio.api.roles import read_tokens

        cut = read_setting("confirm_cut_s")
        return PushHub(control, bus, read_tokens(config.control_token), lambda: engine.anchor.wall_at(engine.clock.monotonic()),
                       engine.anchor.wall_at, desk.snapshot, cut if isinstance(cut, float) else 30.0)
    return build


def _push_address(listener: OrdersListener | None) -> str | None:
    """This studio's push address for OBS's marker (no token): where a primary that comes back finds it."""
    server = None if listener is None else listener.server
    if server is None:
        return None
    host = socket.gethostname() if server.host in ("0.0.0.0", "::", "") else server.host
    return f"ws://{f'[{host}]' if ':' in host else host}:{server.port}/ws"


def _plan(rundown: Rundown, options: ShowOptions, log: AsRunLog, clock: Clock,
          followed: Followed | None) -> tuple[ResumePoint | None, StartPlan]:
    """Where the show resumes (the log's unfinished show), or when it starts (a standby: on the primary's plan, started
    only if it takes over); ResumeError closes the log."""
    if followed is not None:
        return None, StartPlan(followed.planned_start, False)
    if not options.resume:
        return None, plan_start(rundown, options.start, clock.wall(), auto_start=options.auto_start)
    resume_point = log.resume_point(str(rundown.path.resolve()))
    if resume_point is None:
        log.close()
        raise ResumeError(f"There is no unfinished show of {rundown.path} in {log.path} to resume.")
    return resume_point, StartPlan(resume_point.planned_start, False)
