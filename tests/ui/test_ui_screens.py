"""The presenter window lands full screen on the named second screen (offscreen with two screens)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from uikit import RUNDOWN

ROOT = Path(__file__).resolve().parents[2]
SCREENS = {"screens": [
    {"name": "Console-1", "x": 0, "y": 0, "width": 1920, "height": 1080},
    {"name": "Prompter-2", "x": 1920, "y": 0, "width": 1280, "height": 720},
]}

SCRIPT = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from studio.rundown.loader import load_rundown
from ui.app import Studio
from ui.settings import Settings, SettingsStore

folder = Path(sys.argv[1])
app = QApplication([])
store = SettingsStore(folder / "config")
store.save(Settings(presenter_screen=sys.argv[2]))
studio = Studio(load_rundown(folder / "show.yaml"), folder / "studio.db", store=store)
studio.open()
app.processEvents()
window = studio.presenter
print(json.dumps({"screen": window.screen().name(), "full": window.isFullScreen(),
                  "console": studio.console.frameGeometry().getRect(),
                  "geometry": window.geometry().getRect(), "screens": [s.name() for s in app.screens()]}))
studio.close()
"""


def run(tmp_path: Path, wanted: str) -> dict:
    (tmp_path / "screens.json").write_text(json.dumps(SCREENS))
    (tmp_path / "show.yaml").write_text(RUNDOWN)
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={tmp_path / 'screens.json'}", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path), wanted], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_presenter_goes_full_screen_on_the_named_screen(tmp_path: Path) -> None:
    placed = run(tmp_path, "Prompter-2")
    assert placed["screens"] == ["Console-1", "Prompter-2"]
    assert placed["screen"] == "Prompter-2" and placed["full"]
    assert placed["geometry"] == [1920, 0, 1280, 720]


def test_an_unknown_name_falls_back_to_a_screen_that_is_not_the_consoles(tmp_path: Path) -> None:
    placed = run(tmp_path, "HDMI-gone")
    assert placed["screen"] == "Prompter-2"


def test_on_a_single_screen_the_presenter_stays_closed_and_never_covers_the_console(tmp_path: Path) -> None:
    (tmp_path / "screens.json").write_text(json.dumps({"screens": SCREENS["screens"][:1]}))
    (tmp_path / "show.yaml").write_text(RUNDOWN)
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={tmp_path / 'screens.json'}", "PYTHONPATH": str(ROOT)}
    script = SCRIPT.replace('"full": window.isFullScreen()', '"full": window.isFullScreen(), "visible": window.isVisible()')
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path), "Console-1"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    placed = json.loads(done.stdout.strip().splitlines()[-1])
    assert placed["screens"] == ["Console-1"] and not placed["visible"]


def test_on_a_laptop_the_console_opens_within_the_screen(tmp_path: Path) -> None:
    """First start (no saved geometry) on a 1366x768 laptop: the whole console is on the screen, GO to the event log."""
    (tmp_path / "screens.json").write_text(json.dumps({"screens": [
        {"name": "Laptop", "x": 0, "y": 0, "width": 1366, "height": 768}]}))
    (tmp_path / "show.yaml").write_text(RUNDOWN)
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={tmp_path / 'screens.json'}", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path), "Laptop"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    x, y, width, height = json.loads(done.stdout.strip().splitlines()[-1])["console"]
    assert x >= 0 and y >= 0 and x + width <= 1366 and y + height <= 768, (x, y, width, height)
