"""The media monitor and output window on a running console: real libvlc (dummy outputs), real bridge."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from uikit import RUNDOWN, logged
from media_kit import HEADLESS_VLC, write_rundown, write_y4m
from studio.show.events import ClipProgress
from studio.rundown.loader import load_rundown
from ui.app import Studio
from ui.settings import Settings, SettingsStore

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path: Path) -> SettingsStore:
    """The console's settings (where make_studio reads them), with libvlc's outputs set to dummy."""
    settings_store = SettingsStore(tmp_path / "config")
    settings_store.save(Settings(media_vlc_options=" ".join(HEADLESS_VLC)))
    return settings_store


def test_a_clip_plays_to_its_end_on_the_console(make_studio, store: SettingsStore, tmp_path: Path, qtbot) -> None:
    write_y4m(tmp_path / "sting.y4m", 1.5)
    studio = make_studio(write_rundown(tmp_path, "  - {id: sting, title: Sting, kind: vt, duration: 10s, clip: sting.y4m}\n"),
                         start="now")
    monitor = studio.console.media_monitor
    seen: list[tuple[float, bool]] = []
    studio.bridge.event.connect(lambda event: seen.append((event.time_left_s, threading.current_thread() is threading.main_thread()))
                                if isinstance(event, ClipProgress) else None)
    qtbot.waitUntil(lambda: monitor.status.text() == "PLAYING", timeout=5000)
    assert monitor.clip.text() == "sting.y4m" and monitor.stop.isEnabled()
    qtbot.waitUntil(lambda: monitor.status.text() == "ENDED", timeout=5000)
    assert (monitor.time_left.text(), monitor.stop.isEnabled()) == ("00:00", False)
    lefts = [left for left, _ in seen]
    assert lefts and lefts == sorted(lefts, reverse=True) and all(on_gui for _, on_gui in seen)
    assert logged(studio, "media: Clip playing: sting.y4m (00:02)")


def test_the_director_stops_a_clip(make_studio, store: SettingsStore, tmp_path: Path, qtbot) -> None:
    write_y4m(tmp_path / "long.y4m", 6.0)
    studio = make_studio(write_rundown(tmp_path, "  - {id: vt, title: VT, kind: vt, duration: 6s, clip: long.y4m}\n"), start="now")
    monitor = studio.console.media_monitor
    qtbot.waitUntil(lambda: monitor.status.text() == "PLAYING", timeout=5000)
    qtbot.mouseClick(monitor.stop, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: monitor.status.text() == "STOPPED", timeout=5000)
    qtbot.waitUntil(lambda: logged(studio, "media: Clip stopped at 00:0"), timeout=2000)
    # the show goes on (the console's state is a tick's, at most a tick period behind)
    qtbot.waitUntil(lambda: studio.console.state is not None and studio.console.state.on_air == 0, timeout=1000)


def test_a_missing_clip_is_told_in_the_console(qtbot, store: SettingsStore, tmp_path: Path) -> None:
    clip = write_y4m(tmp_path / "vt.y4m", 1.0)
    rundown = load_rundown(write_rundown(tmp_path, "  - {id: vt, title: VT, kind: vt, duration: 5s, clip: vt.y4m}\n"))
    clip.unlink()  # gone between the check and the show
    studio = Studio(rundown, tmp_path / "studio.db", start="now", store=store)
    qtbot.addWidget(studio.console)
    qtbot.addWidget(studio.presenter)
    studio.open()
    try:
        monitor = studio.console.media_monitor
        qtbot.waitUntil(lambda: monitor.status.text().startswith("Cannot play"), timeout=5000)
        assert monitor.status.text() == f"Cannot play: the clip file is missing: {clip}"
        assert logged(studio, f"media: Clip vt.y4m cannot play: the clip file is missing: {clip}")
        assert studio.console.statusBar().currentMessage().startswith("media: Clip vt.y4m cannot play")
    finally:
        studio.close()


def test_without_libvlc_the_console_runs_and_says_media_is_off(make_studio, monkeypatch, tmp_path: Path, qtbot) -> None:
    monkeypatch.setitem(sys.modules, "vlc", None)  # as if python-vlc were not installed
    write_y4m(tmp_path / "vt.y4m", 1.0)
    studio = make_studio(write_rundown(tmp_path, "  - {id: vt, title: VT, kind: vt, duration: 1s, end: auto, clip: vt.y4m}\n"
                                                 "  - {id: next, title: Next, duration: 1m}\n"), start="now")
    monitor = studio.console.media_monitor
    off = "Media playback is off: the python-vlc package is not installed."
    qtbot.waitUntil(lambda: monitor.clip.text() == off, timeout=3000)  # told by MediaReady: the console never waits for libvlc
    assert monitor.video.isHidden() and not monitor.stop.isEnabled() and not monitor.output.isEnabled()
    qtbot.waitUntil(lambda: logged(studio, f"media: {off} 1 clip in this rundown will not play."), timeout=3000)
    qtbot.waitUntil(lambda: studio.console.state.on_air == 1, timeout=5000)  # the show ran on past the VT
    assert studio.console.state.phase == "on_air"


OUTPUT_SCRIPT = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from studio.rundown.loader import load_rundown
from ui.app import Studio
from ui.media.monitor import NO_OUTPUT
from ui.settings import Settings, SettingsStore

folder = Path(sys.argv[1])
app = QApplication([])
store = SettingsStore(folder / "config")
store.save(Settings(presenter_screen="Prompter-2", media_screen="Output-3", media_vlc_options="--vout=dummy --aout=dummy"))
studio = Studio(load_rundown(folder / "show.yaml"), folder / "studio.db", store=store)
studio.open()
window, choice = studio.media_output.window, studio.console.media_monitor.output
seen = []
for chosen in (None, "Console-1", NO_OUTPUT):
    if chosen:
        choice.setCurrentText(chosen)
    app.processEvents()
    seen.append([window.isVisible() and window.screen().name(), window.isFullScreen(), store.load().media_screen])
print(json.dumps({"presenter": studio.presenter.screen().name(), "output": seen}))
studio.close()
"""


def test_the_output_window_goes_full_screen_on_the_chosen_screen(tmp_path: Path) -> None:
    screens = [{"name": name, "x": 1920 * i, "y": 0, "width": 1920, "height": 1080}
               for i, name in enumerate(("Console-1", "Prompter-2", "Output-3"))]
    (tmp_path / "screens.json").write_text(json.dumps({"screens": screens}))
    (tmp_path / "show.yaml").write_text(RUNDOWN)
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={tmp_path / 'screens.json'}", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", OUTPUT_SCRIPT, str(tmp_path)], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    placed = json.loads(done.stdout.strip().splitlines()[-1])
    assert placed == {"presenter": "Prompter-2", "output": [
        ["Output-3", True, "Output-3"],
        ["Console-1", False, "Console-1"],  # the console's own screen: a window beside it, never full screen over it
        [False, False, ""],
    ]}


def test_beeps_are_switched_from_the_monitor(make_studio, store: SettingsStore, rundown_path: Path) -> None:
    studio = make_studio(rundown_path)
    assert studio.show.media is not None and not studio.show.media.beeps
    studio.console.media_monitor.beeps.setChecked(True)
    assert studio.show.media.beeps and studio.settings.countdown_beeps
