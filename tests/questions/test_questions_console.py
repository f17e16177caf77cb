"""The console's moderation list and Role links window (pytest-qt, offscreen) on a real studio with its listener."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

from pathlib import Path  # noqa: E402
from typing import Iterator  # noqa: E402

import pytest  # noqa: E402
import segno  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from pushkit import CONTROL, CREW, EXHIBITORS, set_tokens  # noqa: E402
from questionkit import SECRET, ask  # noqa: E402

from studio.orders.config import OrdersConfig  # noqa: E402
from uikit import logged  # noqa: E402
from studio.rundown.loader import load_rundown  # noqa: E402
from ui.app import Studio  # noqa: E402
from ui.console.links import QR_BORDER, QR_SCALE  # noqa: E402
from ui.settings import SettingsStore  # noqa: E402
from ui.widgets.theme import apply_theme  # noqa: E402

SHOW = """\
show:
  title: Questions test show
  timezone: Europe/Paris
  start: "19:30:00"
exhibitors:
  - id: acme
    name: Acme Lifts
  - id: serenco
    name: Serenco
segments:
  - {id: intro, title: Intro, kind: opening, duration: 90s}
  - {id: pitch, title: Acme pitch, kind: pitch, exhibitor: acme, duration: 90s}
  - {id: closing, title: Closing, kind: closing, duration: 60s}
"""


@pytest.fixture
def studio(qtbot, qapp, tmp_path: Path, monkeypatch) -> Iterator[Studio]:
    apply_theme(qapp, 13)
    set_tokens(monkeypatch)
    path = tmp_path / "show.yaml"
    path.write_text(SHOW, encoding="utf-8")
    opened = Studio(load_rundown(path), tmp_path / "studio.db", store=SettingsStore(tmp_path / "config"),
                    orders=OrdersConfig(port=0, secret=SECRET, control_token=CONTROL))
    qtbot.addWidget(opened.console)
    qtbot.addWidget(opened.presenter)
    opened.open()
    opened.presenter.show()
    opened.console.activateWindow()
    qtbot.waitExposed(opened.console)
    qtbot.waitUntil(lambda: opened.console.state is not None, timeout=3000)
    yield opened
    if opened.links.window is not None:
        opened.links.window.close()
    opened.close()


def test_the_list_is_moderated_by_keys_and_space_still_takes_go(studio, qtbot):
    panel = studio.console.questions
    assert not panel.empty.isHidden() and not panel.buttons["approve_question"].isEnabled()
    ask(studio.show.api.url, SECRET, "k-1", "Does it fit a van?", author="Marie")
    ask(studio.show.api.url, SECRET, "k-2", "Buy now!!! cheap watches")
    qtbot.waitUntil(lambda: panel.list.count() == 2, timeout=3000)
    tabs = studio.console.tabs
    assert tabs.tabText(tabs.indexOf(studio.console.questions_page)) == "Q&&A (2)"
    qtbot.keyClick(studio.console, Qt.Key.Key_F7)  # the list takes the keyboard
    assert panel.list.hasFocus() and tabs.currentWidget() is studio.console.questions_page and panel.selected() == 1
    qtbot.keyClick(panel.list, Qt.Key.Key_A)  # approve #1
    qtbot.waitUntil(lambda: "approved" in panel.list.item(0).text(), timeout=3000)
    qtbot.waitUntil(lambda: studio.question_strip.isVisible(), timeout=3000)
    assert "Does it fit a van?" in studio.question_strip.text() and "Marie" in studio.question_strip.text()
    qtbot.keyClick(panel.list, Qt.Key.Key_Down)
    qtbot.keyClick(panel.list, Qt.Key.Key_R)  # reject #2: off the list
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=3000)
    assert tabs.tabText(tabs.indexOf(studio.console.questions_page)) == "Q&&A"
    assert panel.list.hasFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_Space)  # GO's key, with the list focused: the show starts
    qtbot.waitUntil(lambda: studio.console.state.phase == "on_air", timeout=3000)
    qtbot.keyClick(panel.list, Qt.Key.Key_X)  # #1 answered: off the list and the presenter screen
    qtbot.waitUntil(lambda: panel.list.count() == 0 and not studio.question_strip.isVisible(), timeout=3000)
    qtbot.keyClick(panel.list, Qt.Key.Key_Escape)
    assert studio.console.table.hasFocus()
    assert logged(studio, "Director: question 1 approved.") and logged(studio, "Director: question 2 rejected.")
    statuses = {a.question.question_id: a.status for a in studio.show.questions.questions()}
    assert statuses == {"k-1": "answered", "k-2": "rejected"}


def test_the_links_window_lists_each_role_with_a_copy_button_and_its_qr_code_and_is_never_modal(studio, qtbot):
    button = studio.console.statusBar().findChild(type(studio.links.button()), "roleLinks")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    window = studio.links.window
    qtbot.waitExposed(window)
    assert not window.isModal() and QApplication.activeModalWidget() is None
    urls = [link.url for link in window.links]
    base = studio.show.api.url
    assert urls == [f"{base}/views/operator?token={CONTROL}",
                    *(f"{base}/views/{view}?token={CREW}" for view in ("presenter", "greenroom", "clock", "cuesheet")),
                    *(f"{base}/views/exhibitor?token={EXHIBITORS[who]}" for who in ("acme", "serenco"))]
    for url in urls:  # each code is the QR of its link, module for module
        assert _modules(window.codes[url].pixmap().toImage()) == [list(row) for row in segno.make(url, error="m").matrix]
    qtbot.mouseClick(window.copy_buttons[-1], Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == urls[-1]
    assert "Exhibitor view: serenco" in window.said.text()
    qtbot.keyClick(window, Qt.Key.Key_Space)  # the window is open (even active): Space is still GO
    qtbot.waitUntil(lambda: studio.console.state.phase == "on_air", timeout=3000)


def _modules(image) -> list[list[int]]:
    """The dark (1) and light (0) modules of a QR image drawn QR_SCALE pixels a module inside a QR_BORDER border."""
    size = image.width() // QR_SCALE - 2 * QR_BORDER
    centre = lambda i: (QR_BORDER + i) * QR_SCALE + QR_SCALE // 2  # noqa: E731
    return [[int(image.pixelColor(centre(x), centre(y)).lightness() < 128) for x in range(size)] for y in range(size)]
