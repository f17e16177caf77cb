"""Plays the show's clips with libvlc on cue, and tells the show what VLC does.

The show loop decides: a segment with a `clip` goes on air, a cue with a `clip` falls due,
the show ends. The libvlc calls run on the media thread, one at a time (stopping a player
waits for VLC). VLC reports on its own threads; each report is posted to the show loop as
a typed event (ClipPlaying, ClipProgress, ClipEnded, ClipFailed) and nothing else is done
there. The console shows the clip on up to two native windows it hands over with
`set_views`: the output window that OBS captures (the program, with sound) and the
console's monitor (a silent twin) — or only the monitor, which then plays the program.
"""

from __future__ import annotations

import logging
import math
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from studio.rundown.durations import format_duration
from studio.show.view import ShowView
from studio.show.events import (
    ClipEnded, ClipFailed, ClipPlaying, ClipProgress, CountdownBeep, CueDue, Event, MediaReady, Notice, SegmentStarted,
    ShowEnded,
)

from studio.media.beeps import CountdownBeeper, beep_sound
from studio.rundown.clips import named_clips
from studio.media.probe import ClipError, check_file, clip_duration
from studio.media.runtime import MediaOff, Vlc, embed, open_vlc
from studio.threads import Loop

log = logging.getLogger(__name__)

PROGRESS_EVERY_S = 0.2  # ClipProgress at most this often
LATE_START_S = 0.5  # a segment found on air later than this (resume) plays its clip from there
OPEN_AFTER_S = 1.0  # libvlc is opened this long after the show starts (MediaService.start)


@dataclass(frozen=True)
class MediaConfig:
    vlc_options: tuple[str, ...] = ()  # extra libvlc options, e.g. ("--aout=pulse",) or ("--vout=dummy",)
    beeps: bool = False  # countdown beeps at 30 s and 10 s left


class _Playback:
    """One clip being played. VLC's threads and the media thread both may end it: the first wins."""

    def __init__(self, clip: str, segment_id: str, duration_s: float) -> None:
        self.clip = clip
        self.segment_id = segment_id
        self.duration_s = duration_s
        self.players: list[Any] = []
        self.position_s = 0.0
        self.posted_s = -math.inf
        self._ended = False
        self._lock = threading.Lock()

    def end(self) -> bool:
        """True for the first caller only."""
        with self._lock:
            ended, self._ended = self._ended, True
            return not ended


class MediaService:
    """libvlc is opened on the media thread, and only for a show that needs it: OPEN_AFTER_S after the
    start when the rundown names a clip or the beeps are on, else with the first clip or beep asked for (a
    live edit, the beeps ticked). A show without either never imports python-vlc (60-90 ms). `vlc`,
    `available` and `off` open it if needed and wait (the media thread's work all comes after the open);
    `known_off` never waits (the console), and MediaReady on the bus says when it is known."""

    def __init__(self, config: MediaConfig, engine: ShowView, loop: Loop, *, obs_plays_media: bool = False) -> None:
        self.engine = engine
        self.loop = loop
        self.obs_plays_media = obs_plays_media  # a cue naming an OBS `media` input has OBS play its clip
        self._off: str | None = None  # why media playback is off, as a sentence
        self._views: tuple[int | None, int | None] = (None, None)  # (output, monitor); media thread
        self._current: _Playback | None = None  # media thread
        self._beep_player: Any = None  # media thread
        bus = engine.bus
        self._beeper: CountdownBeeper | None = CountdownBeeper(bus, config.beeps)
        self._unsubscribe: list[Callable[[], None]] = [
            bus.subscribe(self._segment_started, SegmentStarted),
            bus.subscribe(self._cue_due, CueDue),
            bus.subscribe(self._show_ended, ShowEnded),
            bus.subscribe(self._beep, CountdownBeep),
        ]
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="media")
        self._vlc_options = config.vlc_options
        self._opened: Future[Vlc | None] = Future()  # set on the media thread by _open
        self._opening = threading.Lock()
        self._asked = False  # _open submitted
        self._wanted = config.beeps or any(named_clips(engine.rundown))  # opened soon after start, not on demand

    @property
    def vlc(self) -> Vlc | None:
        self._need_vlc()
        return self._opened.result()

    @property
    def off(self) -> str | None:
        """Why media playback is off, as a sentence; None when it is on. Opens libvlc if needed, and waits."""
        self._need_vlc()
        self._opened.result()
        return self._off

    @property
    def known_off(self) -> str | None:
        """Why media playback is off, if that is known yet; never waits (the GUI thread: MediaReady tells when)."""
        return self._off

    @property
    def available(self) -> bool:
        """Whether libvlc opens here. Opens it if needed, and waits."""
        return self.vlc is not None

    @property
    def version(self) -> str | None:
        vlc = self.vlc
        return None if vlc is None else vlc.version

    # ----- any thread -----------------------------------------------------------------------

    def start(self) -> None:
        """A show with clips or beeps has libvlc opened OPEN_AFTER_S from now: not while the console starts
        (importing python-vlc holds the GIL for 60-90 ms), and at once if a clip or beep is asked for sooner."""
        if self._wanted:
            self.loop.call_at(self.engine.clock.monotonic() + OPEN_AFTER_S, self._need_vlc)

    def close(self) -> None:
        self._stop_listening()
        self._submit(self._release)
        self._worker.shutdown(wait=True)

    def set_views(self, output: int | None, monitor: int | None) -> None:
        """Native window handles to draw into (see runtime.embed); taken by the next clip."""
        self._submit(self._take_views, output, monitor)

    def stop_clip(self) -> None:
        """The director stops the clip that plays."""
        self._submit(self._stop_current)

    @property
    def beeps(self) -> bool:
        return self.available and self._beeper is not None and self._beeper.enabled

    def set_beeps(self, on: bool) -> None:
        if self._beeper is not None:
            if on:
                self._need_vlc()
            self._beeper.enabled = on

    def _stop_listening(self) -> None:
        unsubscribe, self._unsubscribe = self._unsubscribe, []
        for each in unsubscribe:
            each()
        beeper, self._beeper = self._beeper, None
        if beeper is not None:
            beeper.close()

    # ----- show events (show loop) ----------------------------------------------------------

    def _segment_started(self, event: SegmentStarted) -> None:
        segment = self.engine.rundown.segments[event.index]
        late = self.engine.clock.monotonic() - event.at
        if segment.clip:
            self._play(segment.clip, segment.id, late if late > LATE_START_S else 0.0)
        else:
            self._submit(self._stop_current)  # the previous segment's clip does not run over this one

    def _cue_due(self, event: CueDue) -> None:
        cue = event.cue
        if cue.clip and not (cue.media and self.obs_plays_media):
            self._play(cue.clip, event.segment_id, 0.0)

    def _show_ended(self, event: ShowEnded) -> None:
        self._submit(self._stop_current)

    def _beep(self, event: CountdownBeep) -> None:
        self._need_vlc()
        self._submit(self._play_beep, beep_sound(event.seconds_left))

    def _play(self, clip: str, segment_id: str, offset_s: float) -> None:
        self._need_vlc()
        self._submit(self._start, clip, segment_id, self.engine.rundown.media_path(clip), offset_s)

    def _need_vlc(self) -> None:
        """Have the media thread open libvlc, once, before the work submitted after this call."""
        with self._opening:
            if self._asked:
                return
            self._asked = True
        self._worker.submit(self._open)

    # ----- media thread -----------------------------------------------------------------------

    def _open(self) -> None:
        try:
            self._opened.set_result(open_vlc(self._vlc_options))
        except MediaOff as off:
            self._off = str(off)
            self._stop_listening()  # nothing to play: no beeps, no clips
            self._opened.set_result(None)
            self._tell_off()
        self._post(MediaReady(self.engine.clock.monotonic(), self._off))

    def _tell_off(self) -> None:
        """Say once, in the log, that the rundown's clips will not play."""
        count = len(list(named_clips(self.engine.rundown)))
        if self._off and count:
            clips = "1 clip" if count == 1 else f"{count} clips"
            self._post(Notice(self.engine.clock.monotonic(), "warning", f"{self._off} {clips} in this rundown will not play.",
                              "media"))

    def _take_views(self, output: int | None, monitor: int | None) -> None:
        self._views = (output, monitor)

    def _start(self, clip: str, segment_id: str, path: Path, offset_s: float) -> None:
        self._stop_current()
        if self.vlc is None:
            return
        try:
            duration = clip_duration(self.vlc, path)
        except ClipError as exc:
            self._fail(clip, segment_id, str(exc))
            return
        if offset_s >= duration:
            return  # resumed after the clip's end: nothing left to play
        playback = _Playback(clip, segment_id, duration)
        output, monitor = self._views
        program, twin = (output, monitor) if output is not None else (monitor, None)
        playback.players.append(self._player(path, program, offset_s, playback))
        if twin is not None:
            playback.players.append(self._player(path, twin, offset_s, None))
        self._current = playback
        for player in playback.players:
            player.play()

    def _player(self, path: Path, view: int | None, offset_s: float, reports: _Playback | None) -> Any:
        """A player for `path` in `view`; the one that `reports` has sound and sends VLC's events, a twin is silent."""
        assert self.vlc is not None
        player = self.vlc.instance.media_player_new()
        embed(player, view)
        media = self.vlc.instance.media_new_path(str(path))
        if offset_s > 0:
            media.add_option(f":start-time={offset_s:.3f}")
        if reports is None:
            media.add_option(":no-audio")
        player.set_media(media)
        media.release()
        if reports is not None:
            self._attach(player, reports)
        return player

    def _attach(self, player: Any, playback: _Playback) -> None:
        """VLC calls these on its own threads: each only posts a typed event to the show loop."""
        assert self.vlc is not None
        kind = self.vlc.module.EventType
        events = player.event_manager()
        events.event_attach(kind.MediaPlayerPlaying, lambda _e: self._playing(playback))
        events.event_attach(kind.MediaPlayerTimeChanged, lambda e: self._progress(playback, e.u.new_time / 1000))
        events.event_attach(kind.MediaPlayerEndReached, lambda _e: self._ended(playback))
        events.event_attach(kind.MediaPlayerEncounteredError, lambda _e: self._error(playback))

    def _stop_current(self) -> None:
        playback, self._current = self._current, None
        if playback is None:
            return
        if playback.end():
            now = self.engine.clock.monotonic()
            self._post(ClipEnded(now, playback.clip, playback.segment_id, "stopped"))
            where = f"{format_duration(playback.position_s)} of {format_duration(playback.duration_s)}"
            self._post(Notice(now, "info", f"Clip stopped at {where}: {playback.clip}", "media"))
        for player in playback.players:
            player.stop()
            player.release()

    def _play_beep(self, sound: Path) -> None:
        if self.vlc is None:
            return
        try:
            check_file(sound)
        except ClipError as exc:
            self._post(Notice(self.engine.clock.monotonic(), "warning", f"No countdown beep: {exc}", "media"))
            return
        if self._beep_player is None:
            self._beep_player = self.vlc.instance.media_player_new()
        media = self.vlc.instance.media_new_path(str(sound))
        self._beep_player.stop()
        self._beep_player.set_media(media)
        media.release()
        self._beep_player.play()

    def _release(self) -> None:
        if not self._opened.done() or self.vlc is None:  # never needed, or off
            return
        self._stop_current()
        if self._beep_player is not None:
            self._beep_player.stop()
            self._beep_player.release()
        self.vlc.release()

    def _fail(self, clip: str, segment_id: str, message: str) -> None:
        now = self.engine.clock.monotonic()
        self._post(ClipFailed(now, clip, segment_id, message))
        self._post(Notice(now, "error", f"Clip {clip} cannot play: {message}", "media"))

    # ----- VLC's threads ------------------------------------------------------------------------

    def _playing(self, playback: _Playback) -> None:
        now = self.engine.clock.monotonic()
        self._post(ClipPlaying(now, playback.clip, playback.segment_id, playback.duration_s))
        self._post(Notice(now, "info", f"Clip playing: {playback.clip} ({format_duration(playback.duration_s)})", "media"))

    def _progress(self, playback: _Playback, position_s: float) -> None:
        playback.position_s = position_s
        if position_s - playback.posted_s >= PROGRESS_EVERY_S:
            playback.posted_s = position_s
            self._post(ClipProgress(self.engine.clock.monotonic(), playback.clip, playback.segment_id,
                                    position_s, playback.duration_s))

    def _ended(self, playback: _Playback) -> None:
        if playback.end():
            self._post(ClipEnded(self.engine.clock.monotonic(), playback.clip, playback.segment_id, "end"))

    def _error(self, playback: _Playback) -> None:
        if playback.end():
            self._fail(playback.clip, playback.segment_id, "VLC reported an error while playing it")

    def _post(self, event: Event) -> None:
        self.loop.post(lambda: self.engine.bus.publish(event))

    def _submit(self, fn: Callable[..., None], *args: Any) -> None:
        """Run `fn` on the media thread; what it raises is told, never lost in the executor."""
        def run() -> None:
            try:
                fn(*args)
            except Exception as exc:
                log.exception("media thread: %s failed", getattr(fn, "__name__", fn))
                self._post(Notice(self.engine.clock.monotonic(), "error", f"Media error, the show goes on: {exc}", "media"))
        self._worker.submit(run)
