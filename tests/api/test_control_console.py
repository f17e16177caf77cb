"""Remote control of the running console, through the show's own HTTP listener (as Companion would)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from apikit import TOKEN, Client  # noqa: E402

from showkit import rows  # noqa: E402
from studio.rundown.loader import load_rundown  # noqa: E402
from studio.orders.config import OrdersConfig  # noqa: E402
from ui.app import Studio  # noqa: E402
from ui.settings import SettingsStore  # noqa: E402

RUNDOWN = """\
show: {title: Remote test, timezone: Europe/Paris, start: "19:30:00"}
segments:
  - {id: intro, title: Intro, duration: 90s}
  - {id: pitch, title: Pitch, duration: 90s}
"""


@pytest.fixture
def console(qtbot, tmp_path: Path):
    path = tmp_path / "show.yaml"
    path.write_text(RUNDOWN, encoding="utf-8")
    studio = Studio(load_rundown(path), tmp_path / "studio.db", store=SettingsStore(tmp_path / "config"),
                    orders=OrdersConfig(port=0, control_token=TOKEN))
    qtbot.addWidget(studio.console)
    qtbot.addWidget(studio.presenter)
    studio.open()
    qtbot.waitUntil(lambda: studio.console.state is not None, timeout=3000)
    yield studio, Client(studio.show.api.port)
    studio.close()


def test_a_remote_message_flashes_on_the_presenter_screen_and_is_logged(console, qtbot) -> None:
    studio, client = console
    assert client.post("/control/message", body=b'{"text": "Wrap up"}', content_type="application/json").status == 200
    banner = studio.presenter.banner
    qtbot.waitUntil(lambda: banner.isVisible() and banner.text() == "Wrap up", timeout=3000)
    assert studio.console.messages.status.text() == "On screen: “Wrap up”"
    qtbot.waitUntil(lambda: any("remote: message to the presenter from 127.0.0.1" in line
                                for line in studio.console.log.lines()), timeout=3000)
    studio.show.state_future().result(2)
    kinds = [row["kind"] for row in rows(studio.show, "events")]
    assert "remote.info" in kinds and "console.info" in kinds  # who sent it, and that it was shown


def test_remote_go_moves_the_console_and_status_agrees(console, qtbot) -> None:
    studio, client = console
    assert client.post("/control/go").state["on_air"]["id"] == "intro"
    qtbot.waitUntil(lambda: studio.console.state.phase == "on_air", timeout=3000)
    assert client.get("/status").state["next"]["title"] == "Pitch"
    assert client.get("/status", token="wrong").status == 401


def test_a_remote_clear_takes_the_message_off_the_presenter_screen(console, qtbot) -> None:
    studio, client = console
    client.post("/control/message", body=b"Wrap up", content_type="text/plain")
    banner = studio.presenter.banner
    qtbot.waitUntil(lambda: banner.isVisible(), timeout=3000)
    assert client.post("/control/clear").status == 200
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=3000)
    assert studio.board.current is None
    assert studio.console.messages.status.text() == "“Wrap up” acknowledged by the director (remote 127.0.0.1)"
