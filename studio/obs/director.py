"""Drives OBS on cue: turns the show's events into requests on the ObsLink.

Every handler runs on the show loop (the link's own events are relayed onto it) and none
waits on OBS: an answer only matters when it is a refusal, which becomes a Notice.

The director keeps "the scene that should be on air now" (the on-air segment's scene,
overridden by the latest scene cue in it), the texts it set and the media it cued, and puts
them back when OBS reconnects, or when a switch sent early (ScenePreroll) turned out not
to happen.
"""

from __future__ import annotations

import concurrent.futures
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Callable

from studio.show.view import ShowView
from studio.show.events import (CueDue, DirectorAction, EventBus, Notice, OrderReceived, ScenePreroll, SegmentStarted, ShowEnded,
                                ShowStarted, StandingBy)
from studio.obs.events import LinkState, ObsStatus, StudioModeChanged
from studio.obs.link import NO_ANSWER, MediaAction, ObsLink, ObsResponse
from studio.obs.settings import ObsConnection
from studio.obs.ticker import ObsTicker
from studio.rundown.model import Cue, Rundown, Segment
from studio.threads import Loop

RESYNC_GRACE_S = 0.5  # a prerolled switch whose segment or cue has not come by due + this is undone
LATENCY_LOG_EVERY_S = 60.0
LATENCY_LOG_STEP_S = 0.005
STOP_GRACE_S = 2.0  # how long stop() lets the last request (e.g. StopRecord) finish


@dataclass(frozen=True)
class _Media:
    """The last cue on a media input: played again from where it should be after a reconnect."""

    clip: str | None  # the rundown's clip loaded into the input, if the cue named one
    path: str | None  # its absolute path
    action: MediaAction
    at: float  # show clock


def lower_third_text(rundown: Rundown, segment: Segment) -> str:
    """The segment's own lower third, else "Exhibitor — product, product", else empty."""
    if segment.lower_third:
        return segment.lower_third
    exhibitor = rundown.exhibitors.get(segment.exhibitor or "")
    if exhibitor is None:
        return ""
    products = ", ".join(product.name for product in exhibitor.products)
    return f"{exhibitor.name} — {products}" if products else exhibitor.name


class ObsDirector:
    def __init__(self, link: ObsLink, engine: ShowView, loop: Loop, *, compensate: bool = True) -> None:
        self.link = link
        self.engine = engine
        self.loop = loop
        self.compensate = compensate  # feed OBS's measured switch latency into engine.preroll_s
        self.scene_on_air: str | None = None  # the scene that should be on program now
        self._asked: str | None = None  # the last scene requested for program
        self._prerolled: dict[tuple[str, str], float] = {}  # (segment id, scene) sent early -> due
        self._texts: dict[str, str] = {}  # text source -> the text it should show
        self._media: dict[str, _Media] = {}  # media input -> its last cue
        self._recording = False
        self._streaming = False
        self._studio_mode = False
        self._latency_logged: tuple[float, float] | None = None  # (estimate, when)
        self._last: Future[ObsResponse] | None = None
        self._adopted: tuple[str | None, str] | None = None  # (segment id, scene on program) taken over (adopt)
        # sends a program switch: at once, or held after the loop stood still (studio/standby/gate.py)
        self.switching: Callable[[Callable[[], None]], None] = lambda switch: switch()
        bus = engine.bus
        # subscribed now, ahead of anyone who stops the show on ShowEnded (StopRecord goes first)
        self._unsubscribe = [
            bus.subscribe(self._show_started, ShowStarted),
            bus.subscribe(self._segment_started, SegmentStarted),
            bus.subscribe(self._cue_due, CueDue),
            bus.subscribe(self._preroll, ScenePreroll),
            bus.subscribe(self._show_ended, ShowEnded),
            bus.subscribe(self._status, ObsStatus),
            bus.subscribe(self._studio_mode_changed, StudioModeChanged),
            bus.subscribe(lambda event: self._preview_next(), StandingBy),  # loaded at zero: in Preview again
            bus.subscribe(self._director_action, DirectorAction),
            bus.subscribe(ObsTicker(self._ticker_text, lambda: engine.rundown.show.locale, engine.clock, loop),
                          OrderReceived),
        ]
        link.on_connected = lambda: loop.post(self._resync)

    @classmethod
    def connect(cls, connection: ObsConnection, engine: ShowView, loop: Loop) -> ObsDirector:
        """A director with its own link, whose events reach the show's bus on the loop."""
        relay = EventBus()
        relay.subscribe(lambda event: loop.post(lambda: engine.bus.publish(event)))
        return cls(connection.link(relay, engine.clock), engine, loop)

    def start(self) -> None:
        self.link.start()

    def reconnect_now(self) -> None:
        """The console's and the control API's "reconnect now" (the `reconnect_obs` command); any thread, returns at once."""
        self.link.reconnect_now()

    def adopt(self, program_scene: str | None, segment_id: str | None) -> None:
        """This studio takes over a show another studio drove (studio/standby/): OBS already has `program_scene` on
        program for `segment_id`, and records or streams as that studio left it. The resumed segment's start sends
        no switch when it is that segment or its scene is on program already (no double cut), nor a start of recording
        or streaming; later cues and segments drive OBS as ever."""
        self._adopted = None if program_scene is None else (segment_id, program_scene)

    def stand_down(self) -> None:
        """Another studio drives OBS now (studio/standby/guard.py): this director sends nothing more. Show loop."""
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe = []
        self.link.on_connected = None

    def _director_action(self, event: DirectorAction) -> None:
        if event.action == "reconnect_obs":
            self.reconnect_now()

    def stop(self) -> None:
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        if self._last is not None:  # requests run in order: this one is the last to finish
            try:
                self._last.result(timeout=STOP_GRACE_S)
            except concurrent.futures.TimeoutError:
                pass
        self.link.stop()

    # ----- show events (show loop) ------------------------------------------------------

    def _show_started(self, event: ShowStarted) -> None:
        if self.engine.rundown.show.obs.get("record"):
            self._recording = True
            if self._adopted is None:
                self._send(self.link.start_record(), "start recording")
        if self.engine.rundown.show.obs.get("stream"):
            self._streaming = True
            if self._adopted is None:
                self._send(self.link.start_stream(), "start streaming")

    def _show_ended(self, event: ShowEnded) -> None:
        self._prerolled.clear()
        if self._recording:
            self._recording = False
            self._send(self.link.stop_record(), "stop recording")
        if self._streaming:
            self._streaming = False
            self._send(self.link.stop_stream(), "stop streaming")

    def _segment_started(self, event: SegmentStarted) -> None:
        segment = self.engine.rundown.segments[event.index]
        adopted, self._adopted = self._adopted, None
        if adopted is not None and adopted[0] == segment.id or adopted is not None and adopted[1] == segment.scene:
            self.scene_on_air = self._asked = adopted[1]  # on program already: kept as it is
            if source := self.engine.rundown.show.obs.get("lower_third"):
                self._texts[source] = lower_third_text(self.engine.rundown, segment)  # shown already; put back on a reconnect
            self._preview_next()
            return
        prerolled = self._prerolled.pop((segment.id, segment.scene or ""), None) is not None
        self._prerolled.clear()  # anything else sent early will not happen now
        if segment.scene:
            self.scene_on_air = segment.scene
        if segment.scene and not prerolled:
            self._transition(segment)
            self._program(segment.scene)
        else:
            self._correct()
        source = self.engine.rundown.show.obs.get("lower_third")
        if source:
            self._text(source, lower_third_text(self.engine.rundown, segment))
        self._preview_next()

    def _cue_due(self, event: CueDue) -> None:
        cue: Cue = event.cue
        if cue.scene:
            self.scene_on_air = cue.scene
            if self._prerolled.pop((event.segment_id, cue.scene), None) is None:
                self._program(cue.scene)
        for source, text in cue.texts:
            self._text(source, text)
        if cue.media:
            # OBS plays the rundown's file, not whatever its source last had
            path = str(self.engine.rundown.media_path(cue.clip).resolve()) if cue.clip else None
            action: MediaAction = cue.media_action  # type: ignore[assignment]  # the loader checks it
            self._cue_media(cue.media, _Media(cue.clip, path, action, event.at))

    def _preroll(self, event: ScenePreroll) -> None:
        on_air = self.engine.on_air
        if on_air is None or on_air.id != event.segment_id:  # the next segment's start, not a cue
            self._transition(self.engine.rundown.segments[self.engine.rundown.index_of(event.segment_id)])
        send_at = self.link.aim(event.due)  # the instant that makes it air on the frame nearest `due`
        if send_at is not None and send_at > self.engine.clock.monotonic():
            self.loop.call_at(send_at, lambda: self._program(event.scene))
        else:
            self._program(event.scene)
        key = (event.segment_id, event.scene)
        self._prerolled[key] = event.due
        self.loop.call_at(event.due + RESYNC_GRACE_S, lambda: self._preroll_deadline(key, event.due))

    def _preroll_deadline(self, key: tuple[str, str], due: float) -> None:
        if self._prerolled.get(key) != due:
            return  # its segment or cue came
        del self._prerolled[key]
        if self._correct():
            self._notice("info", f'OBS: "{key[1]}" was sent early but did not come on cue (held or extended); '
                                 f'back to "{self.scene_on_air}"')

    # ----- OBS events (show loop, relayed) ----------------------------------------------

    def _status(self, status: ObsStatus) -> None:
        latency = status.preroll_s
        if latency is None:
            return
        if self.compensate and latency != self.engine.preroll_s:
            self.engine.set_preroll(latency)
        logged = self._latency_logged
        if (logged is None or abs(latency - logged[0]) > LATENCY_LOG_STEP_S
                or (status.at - logged[1] >= LATENCY_LOG_EVERY_S and latency != logged[0])):
            self._latency_logged = (latency, status.at)
            early = " — scene switches are sent that much early" if self.compensate else ""
            self._notice("info", f"OBS switch latency {latency * 1000:.0f} ms{early}")

    def _studio_mode_changed(self, event: StudioModeChanged) -> None:
        if event.enabled != self._studio_mode:
            self._studio_mode = event.enabled
            self._preview_next()

    def _resync(self) -> None:
        """OBS (re)connected: put back what should be on air now."""
        self.link.studio_mode().add_done_callback(lambda f: self.loop.post(lambda: self._studio_mode_is(f.result())))
        if self.scene_on_air:
            self._program(self.scene_on_air)
        for source, text in list(self._texts.items()):
            self._text(source, text)
        for source, media in list(self._media.items()):
            self._cue_media(source, media, resume=True)
        # OBS came back mid-show; refused (harmlessly) if it still records or streams
        if self._recording:
            self.link.start_record()
        if self._streaming:
            self.link.start_stream()

    def _studio_mode_is(self, response: ObsResponse) -> None:
        self._studio_mode = response.ok and bool(response.data.get("studioModeEnabled"))
        self._preview_next()

    # ----- requests -----------------------------------------------------------------------

    def _correct(self) -> bool:
        """Request the scene that should be on air if the last one asked for is another."""
        if self.scene_on_air is None or self._asked == self.scene_on_air:
            return False
        self._program(self.scene_on_air)
        return True

    def _program(self, scene: str) -> None:
        self._asked = scene
        self.switching(lambda: self._send(self.link.set_program_scene(scene), f'switch to scene "{scene}"'))

    def _transition(self, segment: Segment) -> None:
        if segment.transition is not None:
            name = segment.transition.name
            self._send(self.link.set_transition(name, segment.transition.duration_ms), f'use the transition "{name}"')

    def _text(self, source: str, text: str) -> None:
        self._texts[source] = text
        self._send(self.link.set_text(source, text), f'set the text of "{source}"')

    def _cue_media(self, source: str, media: _Media, resume: bool = False) -> None:
        """Load the cue's clip, then act; on a reconnect a clip that was playing is played
        on from where it should be now."""
        self._media[source] = media
        if media.path is not None:
            self._send(self.link.set_media_file(source, media.path), f'load "{media.clip}" into "{source}"')
        self._send(self.link.media_action(source, media.action), f'{media.action} "{source}"')
        if resume and media.action in ("play", "restart"):
            elapsed_ms = int((self.engine.clock.monotonic() - media.at) * 1000)
            self._send(self.link.set_media_cursor(source, elapsed_ms), f'play "{source}" on from where it was')

    def _ticker_text(self, text: str) -> None:
        source = self.engine.rundown.show.obs.get("ticker")
        if source:
            self._text(source, text)

    def _preview_next(self) -> None:
        if not self._studio_mode:
            return
        following = self.engine.up_next
        scene = None if following is None else following.scene
        if scene:
            self._send(self.link.set_preview_scene(scene), f'preview scene "{scene}"')

    def _send(self, future: Future[ObsResponse], what: str) -> None:
        self._last = future
        future.add_done_callback(lambda f: self._answered(f.result(), what))

    def _answered(self, response: ObsResponse, what: str) -> None:
        """Any thread. OBS's refusals and timeouts are told; "not connected" was told once already."""
        if response.ok or (response.code == NO_ANSWER and self.link.state is not LinkState.CONNECTED):
            return
        self.loop.post(lambda: self._notice("warning", f"OBS could not {what}: {response.comment}"))

    def _notice(self, level: str, message: str) -> None:
        self.engine.bus.publish(Notice(self.engine.clock.monotonic(), level, message, "obs"))
