"""The show's start-up imports nothing it does not use: no plotting, spreadsheet, HTTP server or
template stack before it is needed (each costs tens to hundreds of milliseconds of start-up).

Each check runs a fresh Python process: this test process has imported everything already.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("numpy", "matplotlib", "openpyxl", "aiohttp", "jinja2",
         # a show without clips, OBS, OSC, live edits or a wall-clock appointment (started now) needs none of these
         "vlc", "ctypes", "ruamel", "websocket", "obswebsocket", "pythonosc", "asyncio", "apscheduler",
         # a QR code is drawn when the role links open; a shop action's HTTP client starts with its sender
         "segno", "urllib.request",
         # "did you mean" compares names only for a rundown with a mistake
         "difflib")
# Still on the start-up path in this branch, each with who takes it off; remove a line when it is gone
# (strict xfail: the test fails as soon as the module is no longer imported, so this list only shrinks).

SHORT_SHOW = """\
show:
  title: Import diet
  timezone: Europe/Paris
  start: "19:00:00"
segments:
  - {id: a, title: A, duration: 1s, end: auto}
  - {id: b, title: B, duration: 1s, end: auto}
"""

CONSOLE = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from studio.rundown.loader import load_rundown
from ui.app import Studio
from ui.settings import SettingsStore
app = QApplication([])
studio = Studio(load_rundown(Path("show.yaml")), Path("console.db"), start="now", store=SettingsStore(Path("config")))
studio.open()
while studio.console.state is None:
    app.processEvents()
studio.console.grab()
studio.close()
"""
STUDIO = "import sys; from ui.main import main; sys.exit(main(sys.argv[1:]))"
# run first: writes every module the process imported, in any thread, when it exits
LISTING = "import atexit, sys; atexit.register(lambda: open('modules.txt', 'w').write(' '.join(sys.modules)))\n"


def imported_by(code: str, args: list[str], folder: Path) -> set[str]:
    """Every module a fresh process running `code` (with `args`) in `folder` had imported when it exited."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", LISTING + code, *args], cwd=folder, env=env, capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr[-2000:]
    return set((folder / "modules.txt").read_text().split())


@pytest.fixture(scope="module")
def started(tmp_path_factory) -> dict[str, set[str]]:
    """What each way of starting studio imported: the modules alone, the console to its first tick, a headless show."""
    folder = tmp_path_factory.mktemp("diet")
    (folder / "show.yaml").write_text(SHORT_SHOW, encoding="utf-8")
    return {
        "imports": imported_by("import ui.main, ui.app, studio.app.cli, studio.app.headless, studio.app.session", [], folder),
        "console": imported_by(CONSOLE, [], folder),
        "headless": imported_by(STUDIO, ["run", "--headless", "--start", "now", "--db", "headless.db", "show.yaml"], folder),
    }


@pytest.mark.parametrize("way", ["imports", "console", "headless"])
@pytest.mark.parametrize("module", HEAVY)
def test_starting_studio_does_not_import(started, way: str, module: str) -> None:
    assert module not in started[way], f"{module} is imported when studio starts ({way})"


@pytest.mark.parametrize("way", ["imports", "console"])  # the CLI's headless show takes orders (files, simulator)
def test_a_show_without_orders_loads_no_order_desk(started, way: str) -> None:
    assert not {"studio.app.orders", "studio.orders.desk", "studio.leads.desk", "studio.questions.board"} & started[way]


@pytest.mark.parametrize("way", ["imports", "console"])
def test_the_console_writes_no_money_before_it_runs(started, way: str) -> None:
    """Babel and its locale data load after the first tick (ui/widgets/ticker.py warms them up), or at the first order."""
    assert "babel" not in started[way]


def test_the_check_sees_the_modules_a_start_imports(started) -> None:
    """The checks above would see a heavy module: each way imported the show's own and what it uses."""
    for way in ("console", "headless"):
        assert {"studio.show.engine", "sqlite3"} <= started[way]
    assert "studio.report.command" in started["headless"]  # the CLI registers `studio report`; the console writes one on demand
    assert "PySide6.QtWidgets" in started["console"] and "PySide6" not in started["headless"]


def test_an_html_report_needs_no_plotting_library(tmp_path) -> None:
    (tmp_path / "show.yaml").write_text(SHORT_SHOW, encoding="utf-8")
    imported_by(STUDIO, ["run", "--headless", "--start", "now", "--db", "studio.db", "show.yaml"], tmp_path)
    modules = imported_by(STUDIO, ["report", "--db", "studio.db", "-o", "report.html"], tmp_path)
    assert "<svg" in (tmp_path / "report.html").read_text(encoding="utf-8") and "jinja2" in modules
    assert "matplotlib" not in modules


@pytest.mark.parametrize("way", ["imports", "console", "headless"])
def test_the_report_command_loads_its_figures_only_for_a_report(started, way: str) -> None:
    assert not {"studio.report.figures", "studio.report.look", "studio.report.charts"} & started[way]
