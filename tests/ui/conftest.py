"""Fixtures for the UI tests: offscreen Qt, a short real rundown on disk, a running studio."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

from pathlib import Path  # noqa: E402
from typing import Iterator  # noqa: E402

import pytest  # noqa: E402

from studio.rundown.loader import load_rundown  # noqa: E402
from ui.app import Studio  # noqa: E402
from ui.settings import SettingsStore  # noqa: E402
from ui.widgets.theme import apply_theme  # noqa: E402
from uikit import RUNDOWN  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def themed(qapp) -> None:
    apply_theme(qapp, 13)


@pytest.fixture
def rundown_path(tmp_path: Path) -> Path:
    path = tmp_path / "show.yaml"
    path.write_text(RUNDOWN, encoding="utf-8")
    return path


@pytest.fixture
def make_studio(qtbot, tmp_path: Path) -> Iterator:
    """Build and open a studio on a rundown file (a real LiveShow, real clock, tmp SQLite)."""
    opened: list[Studio] = []

    def factory(path: Path, start: str | None = None) -> Studio:
        studio = Studio(load_rundown(path), tmp_path / "studio.db", start=start, store=SettingsStore(tmp_path / "config"))
        qtbot.addWidget(studio.console)
        qtbot.addWidget(studio.presenter)
        studio.open()
        studio.presenter.show()  # one offscreen screen keeps it closed (it would cover the console): look at it as on a second
        opened.append(studio)
        qtbot.waitUntil(lambda: studio.console.state is not None, timeout=3000)
        return studio

    yield factory
    for studio in opened:
        studio.close()


@pytest.fixture
def studio(make_studio, rundown_path: Path) -> Studio:
    return make_studio(rundown_path)
