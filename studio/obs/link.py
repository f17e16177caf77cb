"""The one connection to OBS, owned by its own threads so no caller ever waits on OBS.

- The worker thread connects, reconnects with backoff, and runs requests one at a time
  from a queue; callers get a Future at once.
- The library's receive thread only stamps OBS events and queues them.
- The publisher thread delivers everything to the EventBus in order, so a slow or
  blocking subscriber never stalls the connection.
- The watchdog thread asks OBS for its statistics twice a second, beside the queue (a
  request stuck on a frozen OBS does not hold it up). No answer within `answer_timeout`
  means OBS is frozen or half-dead (a killed OBS whose socket lives on in its recording
  muxer): the link says "OBS is not answering", drops the connection and reconnects —
  unless the wait overran by STALL_S, when this process, not OBS, stood still: asked again.
  The answers become ObsHealth events.

A request has `request_timeout` from submission to answer; one still queued when that
runs out is not sent at all (a scene switch that late would be wrong on air).
"""

from __future__ import annotations

import logging
import math
import queue
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, replace
from typing import Any, Callable, Literal

import websocket
from obswebsocket import events as obs_events

from studio.show.clock import Clock, SystemClock
from studio.show.events import Event, EventBus, Notice
from studio.obs.backoff import Backoff
from studio.obs.client import Client
from studio.obs.errors import ConnectionLost, PasswordRefused, describe_connect_error
from studio.obs.events import LinkState, ObsStatus, ProgramSceneChanged, StudioModeChanged
from studio.obs.health import FrameLoss, obs_health
from studio.obs.latency import SwitchLatency
from studio.obs.address import split_url
from studio.threads import start_thread

log = logging.getLogger(__name__)

NO_ANSWER = 0  # ObsResponse.code when the link, not OBS, failed the request
NOT_READY = 207  # OBS is still starting: retried until the request's time runs out
NOT_READY_PAUSE_S = 0.2
MIN_TIME_LEFT_S = 0.05  # a request with less time left to be answered is not sent: OBS would act on
# it (a scene switch) while the caller is told it failed
HEALTH_INTERVAL_S = 0.5
ANSWER_TIMEOUT_S = 1.0  # with the interval: a frozen OBS is told within 1.5 s (2 s promised)
HEALTH_REQUESTS = ("GetStats", "GetStreamStatus", "GetRecordStatus")
STALL_S = 0.5  # a health question that took this much longer than its timeout: this process stood still, not OBS

MediaAction = Literal["play", "pause", "stop", "restart", "next", "previous"]


@dataclass(frozen=True)
class ObsResponse:
    name: str
    ok: bool
    code: int  # OBS requestStatus code (100 = success), or NO_ANSWER
    comment: str
    data: dict[str, Any]
    sent_at: float  # monotonic, show clock
    received_at: float


class _Stalled(Exception):
    """This process stood still (a hung PC, SIGSTOP) while it waited for OBS: OBS's answer may sit unread."""


@dataclass
class _Call:
    name: str
    data: dict[str, Any]
    future: Future[ObsResponse]
    deadline: float  # time.monotonic()


@dataclass(frozen=True)
class _Closed:
    client: Client
    reason: str = "OBS lost"


@dataclass(frozen=True)
class _Reconnect:
    client: Client | None  # the connection it was asked for; a newer one is kept


_STOP = object()


def _seconds(delay: float) -> str:
    return f"{delay:.0f} s" if delay >= 1 else f"{delay:.1f} s"


class ObsLink:
    def __init__(
        self,
        url: str,
        password: str | None,
        bus: EventBus,
        clock: Clock = SystemClock(),
        *,
        request_timeout: float = 5.0,
        connect_timeout: float = 3.0,
        backoff: Backoff | None = None,
        health_interval: float = HEALTH_INTERVAL_S,
        answer_timeout: float = ANSWER_TIMEOUT_S,
    ) -> None:
        self._host, self._port = split_url(url)
        self.url = url
        # Runs on the worker thread after every (re)connect, e.g. to put the right scene on
        # air again. It may submit requests but must not wait on them: they run after it.
        self.on_connected: Callable[[], None] | None = None
        self._password = password
        self._bus = bus
        self._clock = clock
        self._request_timeout = request_timeout
        self._connect_timeout = connect_timeout
        self._backoff = backoff or Backoff.for_host(self._host)
        self._health_interval = health_interval
        self._answer_timeout = answer_timeout
        self._calls: queue.Queue[Any] = queue.Queue()
        self._out: queue.Queue[Event | None] = queue.Queue()
        self._lock = threading.Lock()
        self._state = LinkState.DISCONNECTED
        self._client: Client | None = None
        self._problem: str | None = None  # the last connect problem told to the operator
        self._connect_error: BaseException | None = None
        self._latency = SwitchLatency(request_timeout)
        self._transition: str | None = None  # OBS's current transition, when known
        self._frames = FrameLoss()
        self._silent: Client | None = None  # the connection the watchdog found not answering
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    # -- lifecycle ---------------------------------------------------------------

    def start(self) -> None:
        with self._lock:
            if self._threads:
                return
            self._stopping.clear()
            self._threads = [start_thread("obs-link", self._work), start_thread("obs-events", self._publish),
                             start_thread("obs-watchdog", self._watch)]

    def stop(self) -> None:
        with self._lock:
            threads, self._threads = self._threads, []
        if not threads:
            return
        self._stopping.set()
        self._calls.put(_STOP)
        client = self._client
        if client is not None:
            client.interrupt()  # a request in flight fails now, not at its timeout
        worker, publisher, watchdog = threads
        watchdog.join()
        worker.join()
        self._out.put(None)
        publisher.join()

    @property
    def state(self) -> LinkState:
        return self._state

    @property
    def connect_error(self) -> BaseException | None:
        """Why the last connection attempt failed; None once connected."""
        return self._connect_error

    @property
    def switch_latency_s(self) -> float | None:
        """Median request → CurrentProgramSceneChanged of Cut switches (shown to the operator)."""
        return self._latency.event_median_s

    @property
    def preroll_s(self) -> float | None:
        """How early the engine announces a known cut (studio.obs.latency)."""
        return self._latency.preroll_s

    def aim(self, due: float) -> float | None:
        """When to send a cut due at `due` (show clock) to air on the frame nearest it."""
        return self._latency.aim(due)

    def reconnect_now(self) -> None:
        """Retry at once instead of waiting out the countdown; when connected, drop the
        connection and make a new one. For the console's and the control API's button."""
        self._calls.put(_Reconnect(self._client))

    # -- requests ----------------------------------------------------------------

    def request(self, name: str, data: dict[str, Any] | None = None) -> Future[ObsResponse]:
        """Queue one obs-websocket v5 request; the Future always gets an ObsResponse."""
        call = _Call(name, dict(data or {}), Future(), time.monotonic() + self._request_timeout)
        with self._lock:
            if self._state is LinkState.CONNECTED:
                self._calls.put(call)
                return call.future
        self._fail(call, "OBS is not connected")
        return call.future

    def set_program_scene(self, scene: str) -> Future[ObsResponse]:
        return self.request("SetCurrentProgramScene", {"sceneName": scene})

    def set_preview_scene(self, scene: str) -> Future[ObsResponse]:
        return self.request("SetCurrentPreviewScene", {"sceneName": scene})

    def set_text(self, input_name: str, text: str) -> Future[ObsResponse]:
        return self.request("SetInputSettings", {"inputName": input_name, "inputSettings": {"text": text}})

    def set_media_file(self, input_name: str, path: str) -> Future[ObsResponse]:
        """Point a media source (ffmpeg_source) at a local file; its other settings are kept."""
        return self.request("SetInputSettings", {"inputName": input_name, "inputSettings": {"local_file": path}})

    def media_action(self, input_name: str, action: MediaAction) -> Future[ObsResponse]:
        return self.request(
            "TriggerMediaInputAction",
            {"inputName": input_name, "mediaAction": f"OBS_WEBSOCKET_MEDIA_INPUT_ACTION_{action.upper()}"},
        )

    def set_transition(self, name: str, duration_ms: int | None = None) -> Future[ObsResponse]:
        """Make `name` the current transition, then set its duration if given.

        Both requests are queued at once, so a scene switch requested next runs after both.
        """
        chosen = self.request("SetCurrentSceneTransition", {"transitionName": name})
        if duration_ms is None:
            return chosen
        timed = self.request("SetCurrentSceneTransitionDuration", {"transitionDuration": duration_ms})
        done: Future[ObsResponse] = Future()
        # requests run in order: when the duration is answered, the choice was too
        timed.add_done_callback(lambda f: done.set_result(chosen.result() if not chosen.result().ok else f.result()))
        return done

    def set_media_cursor(self, input_name: str, position_ms: int) -> Future[ObsResponse]:
        return self.request("SetMediaInputCursor", {"inputName": input_name, "mediaCursor": max(0, position_ms)})

    def start_stream(self) -> Future[ObsResponse]:
        return self.request("StartStream")

    def stop_stream(self) -> Future[ObsResponse]:
        return self.request("StopStream")

    def start_record(self) -> Future[ObsResponse]:
        return self.request("StartRecord")

    def stop_record(self) -> Future[ObsResponse]:
        return self.request("StopRecord")

    def list_scenes(self) -> Future[ObsResponse]:
        return self.request("GetSceneList")

    def list_inputs(self) -> Future[ObsResponse]:
        return self.request("GetInputList")

    def studio_mode(self) -> Future[ObsResponse]:
        return self.request("GetStudioModeEnabled")

    # -- worker thread -----------------------------------------------------------

    def _work(self) -> None:
        while not self._stopping.is_set():
            if self._client is None:
                delay = self._connect()
                if delay is not None:
                    self._retry_after(LinkState.DISCONNECTED, delay)
                continue
            item = self._calls.get()
            if isinstance(item, _Call):
                self._execute(item)
            elif isinstance(item, _Closed) and item.client is self._client:
                self._lose(item.reason)
            elif isinstance(item, _Reconnect) and item.client is self._client:
                self._notice("info", "Reconnecting to OBS now, as asked")
                self._drop_client()
                self._backoff.reset()
        self._drop_client()
        with self._lock:
            self._set_state(LinkState.DISCONNECTED)
        while True:  # fail what is left; nothing new can be queued now
            try:
                item = self._calls.get_nowait()
            except queue.Empty:
                return
            if isinstance(item, _Call):
                self._fail(item, "The OBS link was stopped")

    def _connect(self) -> float | None:
        """Try once. Returns None when connected, else the delay before the next try."""
        self._set_state(LinkState.CONNECTING)
        client = Client(self._host, self._port, self._password, lambda c: self._calls.put(_Closed(c)))
        client.register(self._on_program_scene, obs_events.CurrentProgramSceneChanged)
        client.register(self._on_studio_mode, obs_events.StudioModeStateChanged)
        client.register(self._on_transition, obs_events.CurrentSceneTransitionChanged)
        try:
            client.open(self._connect_timeout)
        except Exception as exc:
            self._connect_error = exc
            delay = self._backoff.next()
            self._state = LinkState.DISCONNECTED
            problem = describe_connect_error(exc, self.url, self._connect_timeout)
            if problem != self._problem:  # say it once, not on every retry
                self._problem = problem
                level = "error" if isinstance(exc, PasswordRefused) else "warning"
                self._notice(level, f"{problem} — retrying in {_seconds(delay)}")
            return delay
        self._client = client
        self._problem = self._connect_error = None
        self._backoff.reset()
        self._transition = None
        self._latency.forget_pending()
        self._set_state(LinkState.CONNECTED)
        self._notice("info", f"OBS connected ({self.url})")
        self._run_on_connected()
        return None

    def _run_on_connected(self) -> None:
        if self.on_connected is None:
            return
        try:
            self.on_connected()
        except Exception as exc:
            log.exception("on_connected hook failed")
            self._notice("error", f"Could not bring OBS up to date after connecting: {exc}")

    def _retry_after(self, state: LinkState, delay: float) -> None:
        """Wait `delay` seconds (real time), failing requests that were queued in time to
        see the link drop and publishing the seconds left each second; return early on
        stop or reconnect_now()."""
        until = time.monotonic() + delay
        retry_at = self._clock.monotonic() + delay
        self._set_state(state, retry_in_s=delay, retry_at=retry_at)
        while (left := until - time.monotonic()) > 0:
            whole = math.ceil(left) - 1  # the next whole second of the countdown to publish
            try:
                item = self._calls.get(timeout=left - whole if whole > 0 else left)
            except queue.Empty:
                if whole > 0:
                    self._set_state(self._state, retry_in_s=float(whole), retry_at=retry_at)
                continue
            if item is _STOP:
                return
            if isinstance(item, _Reconnect):
                self._backoff.reset()
                return
            if isinstance(item, _Call):
                self._fail(item, "OBS is not connected")

    def _execute(self, call: _Call) -> None:
        if not call.future.set_running_or_notify_cancel():
            return
        try:
            call.future.set_result(self._send(call))
        except ConnectionLost:
            self._fail(call, "OBS connection was lost before it answered")
            if not self._stopping.is_set():
                self._lose(self._silence() if self._silent is self._client else "OBS lost")

    def _send(self, call: _Call) -> ObsResponse:
        """Send, and again while OBS says "not ready" and the call has time left."""
        if time.monotonic() >= call.deadline - MIN_TIME_LEFT_S:
            return self._no_answer(call.name, f"Not sent: it waited over {self._request_timeout:g} s behind earlier requests")
        client = self._client
        assert client is not None
        scene = call.data.get("sceneName") if call.name == "SetCurrentProgramScene" else None
        cut = self._transition == "Cut"
        while True:
            sent_at = self._clock.monotonic()
            if scene is not None and cut:
                self._latency.sent(scene, sent_at)
            try:
                reply = client.call_raw(call.name, call.data, call.deadline - time.monotonic())
            except TimeoutError:
                return self._no_answer(call.name, f"OBS did not answer within {self._request_timeout:g} s")
            except (websocket.WebSocketException, OSError) as exc:
                raise ConnectionLost() from exc
            response = self._response(call.name, reply, sent_at)
            if scene is not None and self._latency.replied(scene, sent_at, response.received_at, response.ok, cut):
                self._out.put(self._status())
            elif call.name == "SetCurrentSceneTransition" and response.ok:
                self._transition_is(call.data["transitionName"])
            if (response.code != NOT_READY or time.monotonic() + NOT_READY_PAUSE_S >= call.deadline
                    or self._stopping.wait(NOT_READY_PAUSE_S)):
                return response

    def _response(self, name: str, reply: dict[str, Any], sent_at: float) -> ObsResponse:
        status = reply.get("requestStatus", {})
        return ObsResponse(
            name=name,
            ok=bool(status.get("result")),
            code=int(status.get("code", NO_ANSWER)),
            comment=status.get("comment", ""),
            data=reply.get("responseData") or {},
            sent_at=sent_at,
            received_at=self._clock.monotonic(),
        )

    def _lose(self, reason: str) -> None:
        self._drop_client()
        delay = self._backoff.next()
        self._notice("warning", f"{reason} — retrying in {_seconds(delay)}")
        self._retry_after(LinkState.LOST, delay)

    def _drop_client(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            client.close()

    def _fail(self, call: _Call, comment: str) -> None:
        future = call.future
        if future.running() or future.set_running_or_notify_cancel():
            future.set_result(self._no_answer(call.name, comment))

    def _no_answer(self, name: str, comment: str) -> ObsResponse:
        now = self._clock.monotonic()
        return ObsResponse(name, False, NO_ANSWER, comment, {}, now, now)

    def _set_state(self, state: LinkState, retry_in_s: float | None = None, retry_at: float | None = None) -> None:
        self._state = state
        self._out.put(self._status(retry_in_s, retry_at))

    def _status(self, retry_in_s: float | None = None, retry_at: float | None = None) -> ObsStatus:
        return ObsStatus(self._clock.monotonic(), self._state, self.url, self.switch_latency_s, retry_in_s, retry_at,
                         self.preroll_s)

    def _transition_is(self, name: str | None) -> None:
        self._transition = name

    def _notice(self, level: str, message: str) -> None:
        self._out.put(Notice(self._clock.monotonic(), level, message, "obs"))

    # -- the library's receive thread: be quick, never raise ------------------------

    def _on_program_scene(self, event: Any) -> None:
        try:
            now = self._clock.monotonic()
            scene = event.datain.get("sceneName")
            if scene is None:
                return
            self._out.put(ProgramSceneChanged(now, scene))
            if self._latency.event(scene, now):
                self._out.put(self._status())
        except Exception:
            log.exception("could not handle an OBS event")

    def _on_studio_mode(self, event: Any) -> None:
        try:
            self._out.put(StudioModeChanged(self._clock.monotonic(), bool(event.datain.get("studioModeEnabled"))))
        except Exception:
            log.exception("could not handle an OBS event")

    def _on_transition(self, event: Any) -> None:
        try:
            self._transition_is(event.datain.get("transitionName"))
        except Exception:
            log.exception("could not handle an OBS event")

    # -- watchdog thread ---------------------------------------------------------

    def _watch(self) -> None:
        learned: Client | None = None  # the connection whose transition and frame rate are known
        while not self._stopping.wait(self._health_interval):
            client = self._client
            if client is None or self._state is not LinkState.CONNECTED:
                continue
            try:
                if learned is not client and self._learn(client):
                    learned = client
                data = [self._ask(client, name) for name in HEALTH_REQUESTS]
            except _Stalled:
                continue  # not OBS's silence: asked again in the next interval
            except TimeoutError:
                self._silent = client
                self._calls.put(_Closed(client, self._silence()))
                client.interrupt()  # a request stuck on the frozen OBS fails now
                continue
            except (ConnectionLost, websocket.WebSocketException, OSError):
                continue  # the worker hears of the close too
            self._report_health(*data)

    def _silence(self) -> str:
        return f"OBS is not answering (no reply within {self._answer_timeout:g} s)"

    def _ask(self, client: Client, name: str) -> dict[str, Any]:
        """OBS's answer (`responseData`; empty when it refused, e.g. not ready yet)."""
        asked_at = time.monotonic()
        try:
            reply = client.call_raw(name, {}, self._answer_timeout)
        except TimeoutError:
            if time.monotonic() - asked_at > self._answer_timeout + STALL_S:
                raise _Stalled() from None
            raise
        return reply.get("responseData") or {}

    def _learn(self, client: Client) -> bool:
        """What the link keeps about OBS, asked beside the queue (never delaying the
        resync): the transition (only Cuts are timed) and the frame rate (cuts aim at a frame)."""
        transition = self._ask(client, "GetCurrentSceneTransition").get("transitionName")
        video = self._ask(client, "GetVideoSettings")
        if transition is None or not video:
            return False
        self._transition_is(transition)
        self._latency.set_fps(video.get("fpsNumerator", 0) / max(1, video.get("fpsDenominator", 1)))
        return True

    def _report_health(self, stats: dict[str, Any], stream: dict[str, Any], record: dict[str, Any]) -> None:
        health = obs_health(self._clock.monotonic(), stats, stream, record)
        dropping, warning = self._frames.sample(health)
        if warning is not None:
            self._notice("warning", warning)
        self._out.put(replace(health, dropping=dropping))

    # -- publisher thread --------------------------------------------------------

    def _publish(self) -> None:
        while (event := self._out.get()) is not None:
            self._bus.publish(event)
