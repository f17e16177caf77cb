"""Ctrl-C and SIGTERM end the console like its close button: exit 0, no traceback, the log closed, the show resumable.
SIGHUP (the terminal the console was started from closed) does not end it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlite_utils

from studio.app.running import HUNG_UP

from studio.storage.asrun import AsRunLog
from uikit import RUNDOWN

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from studio.rundown.loader import load_rundown
from ui.app import Studio
from ui.settings import SettingsStore
from ui.widgets.signals import quit_on_signals

folder = Path(sys.argv[1])
app = QApplication([])
studio = Studio(load_rundown(folder / "show.yaml"), folder / "studio.db", start="now", store=SettingsStore(folder / "config"))
studio.open()
app.aboutToQuit.connect(studio.close)
quit_on_signals(app, studio.hung_up)
def ready():
    if studio.console.state is not None and studio.console.state.on_air is not None:
        print("on air", flush=True)
    else:
        QTimer.singleShot(50, ready)
ready()
sys.exit(app.exec())
"""


def console_on_air(folder: Path) -> subprocess.Popen:
    (folder / "show.yaml").write_text(RUNDOWN, encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-c", SCRIPT, str(folder)], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    while process.stdout.readline().strip() != "on air":
        assert process.poll() is None and time.monotonic() < deadline, process.stderr.read() if process.stderr else ""
    return process


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_closes_the_console_cleanly(tmp_path: Path, number: int) -> None:
    process = console_on_air(tmp_path)
    process.send_signal(number)
    _, errors = process.communicate(timeout=30)
    assert process.returncode == 0, errors
    assert "Traceback" not in errors
    log = AsRunLog(tmp_path / "studio.db")  # the writer closed: another process opens the file and finds the show open
    try:
        point = log.resume_point(str((tmp_path / "show.yaml").resolve()))
    finally:
        log.close()
    assert point is not None and [run.segment_id for run in point.runs] == ["intro"]


def test_a_hang_up_is_noted_and_the_console_goes_on(tmp_path: Path) -> None:
    process = console_on_air(tmp_path)
    process.send_signal(signal.SIGHUP)
    time.sleep(1.5)
    still_running = process.poll() is None
    process.send_signal(signal.SIGTERM)
    _, errors = process.communicate(timeout=30)
    assert still_running and process.returncode == 0, errors
    said = [json.loads(e["detail"])["message"] for e in sqlite_utils.Database(tmp_path / "studio.db")["events"].rows
            if e["kind"] == "terminal.warning"]
    assert said == [HUNG_UP]
