"""Screenshots of the browser views for docs/views.md, from a real show in Debian's chromium.

    PYTHONPATH=. .venv/bin/python tests/push/shoot_views.py     # writes docs/screenshots/views-*.png
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import pytest  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from pushkit import CONTROL, CREW, EXHIBITORS, order, set_tokens, start_show  # noqa: E402

from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from showkit import make_rundown, seg  # noqa: E402
from studio.rundown.model import Card, Exhibitor  # noqa: E402

OUT = HERE.parent.parent / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 780}


def titled(segment_id: str, duration: float, title: str, **extra):
    return replace(seg(segment_id, duration, end="hold", **extra), title=title)


def show_rundown():
    rundown = make_rundown(
        titled("opening", 120, "Opening: welcome to the Salon", cards=(Card("Welcome to the Salon de l'Atelier!"),)),
        titled("pitch", 300, "Acme Lifts: the 3-tonne lift", exhibitor="acme", kind="pitch",
               cards=(Card("Lift 3T\n3 490 € tonight only"), Card("Ask about delivery", 120))),
        titled("demo", 240, "Serenco: diagnostics live", exhibitor="serenco", kind="demo"),
        titled("break", 180, "Break", kind="break"),
        titled("interview", 300, "Interview: a garage owner", kind="interview"),
        titled("closing", 120, "Closing", kind="closing"))
    return replace(rundown, exhibitors={"acme": Exhibitor("acme", "Acme Lifts"), "serenco": Exhibitor("serenco", "Serenco")})


def main() -> None:
    set_tokens(pytest.MonkeyPatch())  # for this process only
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        live = start_show(show_rundown(), Path(folder) / "studio.db")
        try:
            live.go().result(2)
            live.extend(-100).result(2)  # the opening closes in on its end
            for n, (who, amount) in enumerate((("acme", 3490.0), ("acme", 3490.0), ("serenco", 890.0))):
                live.desk.take(order(n, who, amount)).result(5)
            views = [("presenter", CREW, DESKTOP), ("clock", CREW, DESKTOP), ("greenroom", CREW, DESKTOP),
                     ("cuesheet", CREW, DESKTOP), ("exhibitor", EXHIBITORS["acme"], DESKTOP), ("operator", CONTROL, PHONE)]
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                shoot = lambda view, token, size, name: _shoot(browser, live, view, token, size, name)  # noqa: E731
                for view, token, size in views:
                    shoot(view, token, size, f"views-{view}")
                live.go().result(2)  # acme's pitch on air
                live.message("Two minutes: go to the offer", "console")
                shoot("exhibitor", EXHIBITORS["acme"], DESKTOP, "views-exhibitor-on-air")
                shoot("presenter", CREW, DESKTOP, "views-presenter-message")
                page = browser.new_page(viewport=DESKTOP)
                page.goto(f"{live.api.url}/views/presenter?token={CREW}")
                page.wait_for_function("() => window.studio && window.studio.live()")
                live.api.stop()
                page.wait_for_selector("#link", state="visible")
                page.wait_for_timeout(2500)
                page.screenshot(path=str(OUT / "views-disconnected.png"))
                live.api.start()
                browser.close()
        finally:
            live.close()


def _shoot(browser, live, view: str, token: str, size: dict, name: str) -> None:
    page = browser.new_page(viewport=size)
    page.goto(f"{live.api.url}/views/{view}?token={token}")
    page.wait_for_function("() => window.studio && window.studio.live()")
    time.sleep(0.5)
    page.screenshot(path=str(OUT / f"{name}.png"))
    page.close()


if __name__ == "__main__":
    main()
