"""Screenshots of the audience questions for docs/questions.md: the console's Q&A tab and Role links window
(offscreen Qt, at 1920x1080 and 1366x768) and the browser views (Debian's chromium), from a real show.

    PYTHONPATH=. .venv/bin/python tests/questions/shoot_questions.py     # writes docs/screenshots/questions-*.png
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "push"), str(HERE.parent)]

import pytest  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from pushkit import CONTROL, CREW, EXHIBITORS, set_tokens  # noqa: E402
from questionkit import SECRET, ask  # noqa: E402
from shoot_views import OUT, PHONE, DESKTOP, show_rundown  # noqa: E402

from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (tests/push/conftest.py, first on the path)
from studio.orders.config import OrdersConfig  # noqa: E402
from ui.app import Studio  # noqa: E402
from ui.settings import SettingsStore  # noqa: E402
from ui.widgets.theme import apply_theme  # noqa: E402

SIZES = ((1920, 1080), (1366, 768))
QUESTIONS = (("q-1", "Can the 3-tonne lift be delivered to Belgium?", "Jan, Gent"),
             ("q-2", "Is installation included in the 3 490 € offer?", "Garage Dupont"),
             ("q-3", "Buy cheap watches here!!!", None),
             ("q-4", "Does Serenco's tester read electric cars?", "Marie, Lyon"))


def main() -> None:
    set_tokens(pytest.MonkeyPatch())
    app = QApplication.instance() or QApplication([])
    apply_theme(app, 13)
    with tempfile.TemporaryDirectory() as folder:
        rundown_path = Path(folder) / "show.yaml"
        rundown = show_rundown()
        studio = Studio(rundown, Path(folder) / "studio.db", store=SettingsStore(Path(folder) / "config"),
                        orders=OrdersConfig(port=0, secret=SECRET, control_token=CONTROL))
        studio.open()
        try:
            live = studio.show
            live.go().result(2)
            live.go().result(2)  # acme's pitch
            numbers = [ask(live.api.url, SECRET, qid, text, **({"author": who} if who else {})).body["question"]["number"]
                       for qid, text, who in QUESTIONS]
            live.execute("approve_question", {"question": numbers[0]}).result(2)
            _settle(app, lambda: "approved" in studio.console.questions.list.item(0).text())
            studio.console.focus_questions()
            studio.links.open()
            for width, height in SIZES:
                for window, name in ((studio.console, "console"), (studio.links.window, "links")):
                    window.resize(width, height)
                    _settle(app, lambda: True)
                    window.grab().save(str(OUT / f"questions-{name}-{width}x{height}.png"))
            studio.presenter.resize(1280, 720)
            _settle(app, lambda: studio.question_strip.isVisible())
            studio.presenter.grab().save(str(OUT / "questions-presenter-qt.png"))
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                for view, token, size in (("operator", CONTROL, PHONE), ("presenter", CREW, DESKTOP),
                                          ("exhibitor", EXHIBITORS["acme"], DESKTOP)):
                    page = browser.new_page(viewport=size)
                    page.goto(f"{live.api.url}/views/{view}?token={token}")
                    page.wait_for_function("() => window.studio && window.studio.live()")
                    time.sleep(0.5)
                    page.screenshot(path=str(OUT / f"questions-view-{view}.png"), full_page=view == "operator")
                    page.close()
                browser.close()
        finally:
            studio.close()


def _settle(app: QApplication, done, timeout_s: float = 3.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        app.processEvents()
        if done():
            break
        time.sleep(0.02)
    for _ in range(5):
        app.processEvents()


if __name__ == "__main__":
    main()
