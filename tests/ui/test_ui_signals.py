"""Ctrl-C and SIGTERM end the console like its close button: exit 0, no traceback, the log closed, the show resumable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

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
quit_on_signals(app)
def ready():
    if studio.console.state is not None and studio.console.state.on_air is not None:
        print("on air", flush=True)
    else:
        QTimer.singleShot(50, ready)
ready()
sys.exit(app.exec())
"""


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_closes_the_console_cleanly(tmp_path: Path, number: int) -> None:
    (tmp_path / "show.yaml").write_text(RUNDOWN, encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-c", SCRIPT, str(tmp_path)], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    while process.stdout.readline().strip() != "on air":
        assert process.poll() is None and time.monotonic() < deadline, process.stderr.read() if process.stderr else ""
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
