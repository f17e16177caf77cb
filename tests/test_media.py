"""Media with real libvlc, headless: clip lengths, rundown checks, the player service on a live show."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Iterator

import pytest

from media_kit import ASSETS, HEADLESS_VLC, write_rundown, write_wav, write_y4m
from studio.app.cli import main
from studio.show.events import (ClipEnded, ClipFailed, ClipPlaying, ClipProgress, CountdownBeep, Event, MediaReady, Notice,
                                 SegmentStarted)
from studio.app.session import LiveShow
from studio.rundown.loader import check_rundown, load_rundown
from studio.media.checks import vt_length_warnings
from studio.media.probe import ClipError, clip_duration
from studio.media.runtime import Vlc, open_vlc
from studio.media.service import MediaConfig

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def vlc() -> Iterator[Vlc]:
    opened = open_vlc(("--no-video", "--no-audio"))
    yield opened
    opened.release()


# --- clip lengths and checks ---------------------------------------------------------------------


def test_a_clip_length_is_read_from_the_file(vlc: Vlc, tmp_path: Path) -> None:
    assert clip_duration(vlc, write_wav(tmp_path / "jingle.wav", 1.5)) == pytest.approx(1.5, abs=0.01)
    assert clip_duration(vlc, write_wav(tmp_path / "long.wav", 83.25)) == pytest.approx(83.25, abs=0.01)
    assert clip_duration(vlc, ASSETS / "lemaire-vt.mp4") == pytest.approx(14.0, abs=0.2)


def test_a_file_that_is_not_a_clip_is_told_plainly(vlc: Vlc, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Lemaire VT: ask the sponsor for the final cut.\n" * 3)
    with pytest.raises(ClipError, match="notes.txt is not a video or audio file VLC can play"):
        clip_duration(vlc, notes)
    with pytest.raises(ClipError, match=f"the clip file is missing: {tmp_path / 'gone.mp4'}"):
        clip_duration(vlc, tmp_path / "gone.mp4")


def test_a_missing_clip_is_a_problem_at_its_clip_value(tmp_path: Path) -> None:
    write_wav(tmp_path / "here.wav", 1)
    path = write_rundown(tmp_path, """\
  - id: vt
    title: VT
    duration: 10s
    clip: missing.mp4
  - id: pitch
    title: Pitch
    duration: 1m
    cues:
      - at: 5s
        clip: here.wav
      - at: 10s
        clip: clips/
""")
    (tmp_path / "clips").mkdir()
    rundown, problems = check_rundown(path)
    assert rundown is None
    assert [str(p) for p in problems] == [
        f"{path}:9:11: clip not found: no file {tmp_path / 'missing.mp4'} (clips are relative to the rundown file)",
        f"{path}:17:15: the clip 'clips/' is a folder, not a media file",
    ]


def test_clips_are_loaded_on_segments_and_cues(tmp_path: Path) -> None:
    write_wav(tmp_path / "a.wav", 1)
    path = write_rundown(tmp_path, "  - {id: a, title: A, duration: 5s, clip: a.wav, cues: [{at: 1s, clip: a.wav, media: VT}]}\n")
    segment = load_rundown(path).segments[0]
    assert (segment.clip, segment.cues[0].clip, segment.cues[0].media) == ("a.wav", "a.wav", "VT")
    assert load_rundown(path).media_path("a.wav") == tmp_path / "a.wav"


def _check(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["check", str(path)])
    return code, capsys.readouterr().out.splitlines()


def test_check_warns_when_a_vt_duration_disagrees_with_its_clip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_wav(tmp_path / "sponsor.wav", 12.2)
    write_wav(tmp_path / "sting.wav", 3)
    path = write_rundown(tmp_path, """\
  - id: sponsor
    title: Sponsor VT
    kind: vt
    duration: 20s
    clip: sponsor.wav
  - id: sting
    title: Stinger
    kind: vt
    duration: 1s
    cues:
      - {at: 0s, clip: sting.wav, media: VT Player}
  - id: fits
    title: Fits, with a second of slate
    kind: vt
    duration: 13s
    clip: sponsor.wav
  - id: pitch
    title: Not a VT
    duration: 1m
    clip: sting.wav
""")
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{path}:9:15: warning: VT 'sponsor' is planned for 20s but its clip sponsor.wav runs 12s: 8s with nothing to show",
        f"{path}:14:15: warning: VT 'sting' is planned for 1s but its clip sting.wav runs 3s: its last 2s cut",
        f"{path}: OK, 4 segments",
    ]


def test_the_demo_vt_fits_its_clip() -> None:
    demo = load_rundown(ROOT / "schedules/demo.yaml")
    assert [s.id for s in demo.segments if s.kind == "vt"] == ["lemaire-vt"]
    assert vt_length_warnings(demo) == []


# --- the player service on a live show (real clock, real libvlc, dummy outputs) -----------------


class Seen:
    """Every event of the show's bus, with the name of the thread that published it."""

    def __init__(self, show: LiveShow) -> None:
        self.events: list[tuple[Event, str]] = []
        show.bus.subscribe(lambda event: self.events.append((event, threading.current_thread().name)))

    def of(self, kind: type) -> list:
        return [event for event, _ in self.events if isinstance(event, kind)]

    def notices(self) -> list[str]:
        return [notice.message for notice in self.of(Notice)]

    def wait(self, done: Callable[[], object], timeout: float = 6.0) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            assert time.monotonic() < deadline, [type(event).__name__ for event, _ in self.events]
            time.sleep(0.01)


@pytest.fixture
def run_show(db_dir: Path) -> Iterator[Callable[..., tuple[LiveShow, Seen]]]:
    shows: list[LiveShow] = []

    def factory(path: Path, *, beeps: bool = False, tick_hz: float = 0.0, obs_plays_media: bool = False) -> tuple[LiveShow, Seen]:
        show = LiveShow(load_rundown(path), db_dir / "studio.db", start="now", tick_hz=tick_hz,
                        media=MediaConfig(HEADLESS_VLC, beeps))
        assert show.media is not None and show.media.available, show.media and show.media.off
        show.media.obs_plays_media = obs_plays_media  # as LiveShow sets it when it drives OBS
        seen = Seen(show)
        shows.append(show)
        show.run()
        return show, seen

    yield factory
    for show in shows:
        show.close()


def test_a_segment_clip_plays_to_its_end_and_vlc_is_heard_on_the_show_loop(tmp_path: Path, run_show) -> None:
    write_y4m(tmp_path / "sting.y4m", 1.0)
    show, seen = run_show(write_rundown(tmp_path, "  - {id: vt, title: Sting, kind: vt, duration: 1s, clip: sting.y4m}\n"
                                                  "  - {id: next, title: Next, duration: 1m}\n"))
    seen.wait(lambda: seen.of(ClipEnded))
    clip_events = [(event, thread) for event, thread in seen.events if type(event).__name__.startswith("Clip")]
    assert {thread for _, thread in clip_events} == {"show-loop"}
    kinds = [type(event).__name__ for event, _ in clip_events]
    assert kinds[0] == "ClipPlaying" and kinds[-1] == "ClipEnded" and "ClipProgress" in kinds, kinds
    playing, ended = seen.of(ClipPlaying)[0], seen.of(ClipEnded)[0]
    assert (playing.clip, playing.segment_id, ended.reason) == ("sting.y4m", "vt", "end")
    assert playing.duration_s == pytest.approx(1.0, abs=0.01)
    assert 0.7 < ended.at - playing.at < 2.0  # played in real time
    positions = [progress.position_s for progress in seen.of(ClipProgress)]
    assert positions == sorted(positions) and 0 < positions[-1] <= 1.0
    assert all(p.time_left_s == pytest.approx(1.0 - p.position_s) for p in seen.of(ClipProgress))
    assert "Clip playing: sting.y4m (00:01)" in seen.notices()


def test_libvlc_is_opened_only_once_the_show_needs_it(tmp_path: Path, db_dir: Path) -> None:
    show = LiveShow(load_rundown(write_rundown(tmp_path, "  - {id: a, title: A, duration: 1m}\n")), db_dir / "s.db",
                    start="now", media=MediaConfig(HEADLESS_VLC))
    seen = Seen(show)
    try:
        show.run()
        seen.wait(lambda: seen.of(SegmentStarted))
        assert show.media is not None and show.media.known_off is None and not seen.of(MediaReady)  # no clip, no beeps
        show.media.set_beeps(True)  # the director ticks the beeps: now it is needed
        seen.wait(lambda: seen.of(MediaReady))
        assert [ready.off for ready in seen.of(MediaReady)] == [None] and show.media.available
    finally:
        show.close()


def test_the_next_segment_stops_the_clip(tmp_path: Path, run_show) -> None:
    write_y4m(tmp_path / "long.y4m", 3.0)
    show, seen = run_show(write_rundown(tmp_path, "  - {id: a, title: A, duration: 1s, end: hold, clip: long.y4m}\n"
                                                  "  - {id: b, title: B, duration: 1m}\n"))
    # The next segment is taken once VLC has played 0.75 s of the clip, not 1 s after the take: under load VLC
    # may start the clip late, and where it stopped would depend on that, not on the segment that stopped it.
    seen.wait(lambda: any(progress.position_s >= 0.75 for progress in seen.of(ClipProgress)))
    show.go()
    seen.wait(lambda: seen.of(ClipEnded))
    assert [(e.clip, e.segment_id, e.reason) for e in seen.of(ClipEnded)] == [("long.y4m", "a", "stopped")]
    assert "Clip stopped at 00:01 of 00:03: long.y4m" in seen.notices()


def test_a_cue_plays_its_clip_unless_it_names_an_obs_media_input_and_obs_plays_it(tmp_path: Path, run_show) -> None:
    write_wav(tmp_path / "for-obs.wav", 1.0)
    write_y4m(tmp_path / "sting.y4m", 0.5)
    show, seen = run_show(write_rundown(tmp_path, """\
  - id: pitch
    title: Pitch
    duration: 1m
    cues:
      - {at: 0.3s, clip: for-obs.wav, media: VT Player}
      - {at: 0.6s, clip: sting.y4m}
"""), obs_plays_media=True)
    seen.wait(lambda: seen.of(ClipEnded))
    assert [(e.clip, e.segment_id) for e in seen.of(ClipPlaying)] == [("sting.y4m", "pitch")]


def test_a_clip_gone_since_the_rundown_was_loaded_is_told(tmp_path: Path, run_show) -> None:
    clip = write_wav(tmp_path / "vt.wav", 1.0)
    path = write_rundown(tmp_path, "  - {id: vt, title: VT, kind: vt, duration: 1s, clip: vt.wav}\n")
    rundown = load_rundown(path)
    clip.unlink()
    show = LiveShow(rundown, tmp_path / "studio.db", start="now", media=MediaConfig(HEADLESS_VLC))
    seen = Seen(show)
    show.run()
    try:
        seen.wait(lambda: seen.of(ClipFailed))
    finally:
        show.close()
    assert seen.of(ClipFailed)[0].message == f"the clip file is missing: {clip}"
    assert f"Clip vt.wav cannot play: the clip file is missing: {clip}" in seen.notices()
    assert not seen.of(ClipPlaying)


def test_a_segment_found_on_air_late_plays_its_clip_from_there(tmp_path: Path, db_dir: Path) -> None:
    """After a crash, --resume puts the segment back on air with its real elapsed time: the VT follows."""
    write_y4m(tmp_path / "vt.y4m", 4.0)
    rundown = load_rundown(write_rundown(tmp_path, "  - {id: vt, title: VT, kind: vt, duration: 4s, clip: vt.y4m}\n"))
    show = LiveShow(rundown, db_dir / "studio.db", auto_start=False, media=MediaConfig(HEADLESS_VLC))
    seen = Seen(show)
    show.run()
    try:
        resumed = SegmentStarted(show.clock.monotonic() - 2.5, 0, "vt", 0.0, "resume")
        show.loop.post(lambda: show.bus.publish(resumed))
        seen.wait(lambda: seen.of(ClipProgress))
    finally:
        show.close()
    assert seen.of(ClipProgress)[0].position_s >= 2.5


def test_countdown_beeps_at_ten_seconds_left(tmp_path: Path, run_show) -> None:
    show, seen = run_show(write_rundown(tmp_path, "  - {id: count, title: Count, duration: 10.4s}\n"), beeps=True, tick_hz=20)
    seen.wait(lambda: seen.of(CountdownBeep))
    time.sleep(0.3)
    assert [(b.segment_id, b.seconds_left) for b in seen.of(CountdownBeep)] == [("count", 10)]
    assert not [n for n in seen.notices() if "beep" in n]


def test_no_beeps_unless_switched_on(tmp_path: Path, run_show) -> None:
    show, seen = run_show(write_rundown(tmp_path, "  - {id: count, title: Count, duration: 10.3s}\n"), tick_hz=20)
    seen.wait(lambda: any(type(e).__name__ == "Tick" and e.state.remaining < 9.9 for e, _ in seen.events))
    assert not seen.of(CountdownBeep)


# --- without libvlc ---------------------------------------------------------------------------------

WITHOUT_VLC = """
import sys, time
from pathlib import Path
{breakage}
from studio.show.events import Notice, ShowStarted
from studio.app.session import LiveShow
from studio.rundown.loader import load_rundown
from studio.media.service import MediaConfig
show = LiveShow(load_rundown(sys.argv[1]), Path(sys.argv[2]), start="now", media=MediaConfig())
told, started = [], []
show.bus.subscribe(lambda notice: told.append(notice.message), Notice)
show.bus.subscribe(started.append, ShowStarted)
show.run()
deadline = time.monotonic() + 10
while not (started and told) and time.monotonic() < deadline:
    time.sleep(0.02)
show.close()
print(show.media.available, bool(started), *told, sep="\\n")
"""


@pytest.mark.parametrize(("breakage", "env", "reason"), [
    ("sys.modules['vlc'] = None", {}, "the python-vlc package is not installed"),
    ("", {"PYTHON_VLC_LIB_PATH": "/etc/hostname"}, "libvlc could not be loaded (install libvlc5 and vlc-plugin-base, or VLC)"),
], ids=["no python-vlc", "libvlc not loadable"])
def test_without_libvlc_the_show_runs_and_says_media_is_off(tmp_path: Path, breakage: str, env: dict, reason: str) -> None:
    write_wav(tmp_path / "vt.wav", 1.0)
    path = write_rundown(tmp_path, "  - {id: vt, title: VT, kind: vt, duration: 1s, clip: vt.wav}\n")
    done = subprocess.run([sys.executable, "-c", WITHOUT_VLC.format(breakage=breakage), str(path), str(tmp_path / "s.db")],
                          capture_output=True, text=True, timeout=60, env={**os.environ, **env}, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["False", "True",
                                        f"Media playback is off: {reason}. 1 clip in this rundown will not play."]
