"""The console's Report button on a real show (real clock, real SQLite, Qt offscreen): written off the GUI
thread, opened, said in the status bar."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

from pathlib import Path  # noqa: E402

from PySide6.QtCore import Qt, QUrl  # noqa: E402

from studio.rundown.loader import load_rundown  # noqa: E402
from ui.app import Studio  # noqa: E402
from ui.settings import SettingsStore  # noqa: E402

RUNDOWN = """\
show:
  title: Report button show
  timezone: Europe/Paris
  start: "19:30:00"
segments:
  - {id: intro, title: Intro, duration: 1s, end: auto}
  - {id: talk, title: Talk, duration: 5m, end: hold}
"""


def open_studio(qtbot, tmp_path: Path, start: str | None) -> Studio:
    path = tmp_path / "show.yaml"
    path.write_text(RUNDOWN, encoding="utf-8")
    studio = Studio(load_rundown(path), tmp_path / "studio.db", start=start, store=SettingsStore(tmp_path / "config"))
    qtbot.addWidget(studio.console)
    qtbot.addWidget(studio.presenter)
    studio.open()
    return studio


def report_button(studio: Studio):
    return next(button for button in studio.console.findChildren(type(studio.console.buttons["go"]))
                if button.text().startswith("Show report"))


def test_the_report_is_written_off_the_gui_thread_opened_and_said_in_the_status_bar(qtbot, tmp_path) -> None:
    studio = open_studio(qtbot, tmp_path, start="now")
    opened: list[QUrl] = []
    action = studio.console.report
    action.folder, action.open_url = tmp_path / "reports", lambda url: opened.append(url) or True
    try:
        qtbot.waitUntil(lambda: studio.console.state is not None and studio.console.state.on_air == 1, timeout=5000)
        qtbot.mouseClick(report_button(studio), Qt.MouseButton.LeftButton)
        assert action.busy and studio.console.statusBar().currentMessage() == "Writing the show report…"  # not done yet
        qtbot.waitUntil(lambda: not action.busy, timeout=15000)
        path = tmp_path / "reports" / f"show-1-{studio.console.state.segments[0].planned_start.astimezone(studio.show.rundown.show.tz).date()}.html"
        assert studio.console.statusBar().currentMessage() == f"Report written to {path} and opened in the browser."
        assert opened == [QUrl.fromLocalFile(str(path))]
        html = path.read_text(encoding="utf-8")
        assert "Report button show" in html and "Intro" in html and "<svg" in html
    finally:
        studio.close()


def test_before_anything_aired_it_says_there_is_no_report_yet(qtbot, tmp_path) -> None:
    studio = open_studio(qtbot, tmp_path, start=None)
    try:
        qtbot.waitUntil(lambda: studio.console.state is not None, timeout=5000)
        qtbot.mouseClick(report_button(studio), Qt.MouseButton.LeftButton)
        assert studio.console.statusBar().currentMessage() == "No report yet: nothing of this show has aired."
        assert not studio.console.report.busy
    finally:
        studio.close()
