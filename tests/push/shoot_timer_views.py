"""Screenshots of the views' timers for docs/views.md: a count-up segment standing by, free timers.

    PYTHONPATH=. .venv/bin/python tests/push/shoot_timer_views.py [OUT]   # docs/screenshots/views-presenter-timers.png
                                                                         # and views-operator-timers.png (a phone)
Also writes each view at 1920×1080 and 1366×768 into OUT (default: a temporary folder) for a look.
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
from pushkit import CONTROL, CREW, set_tokens, start_show  # noqa: E402

from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from shoot_views import PHONE, show_rundown  # noqa: E402
from studio.rundown.model import FreeTimer  # noqa: E402

DOCS = HERE.parent.parent / "docs" / "screenshots"
SIZES = {"1920x1080": {"width": 1920, "height": 1080}, "1366x768": {"width": 1366, "height": 768}}


def main(out: Path) -> None:
    set_tokens(pytest.MonkeyPatch())
    out.mkdir(parents=True, exist_ok=True)
    rundown = show_rundown()
    opening, *rest = rundown.segments
    rundown = replace(rundown, segments=(replace(opening, duration=3.0, end="standby", timer="count_up"), *rest),
                      timers=(FreeTimer("Q&A", "down", 300.0, presenter=True), FreeTimer("Speaker", presenter=True),
                              FreeTimer("Green room", "up")))
    with tempfile.TemporaryDirectory() as folder:
        live = start_show(rundown, Path(folder) / "studio.db")
        try:
            for name in ("Q&A", "Speaker", "Green room"):
                live.execute("timer_start", {"timer": name}).result(2)
            live.go().result(2)
            time.sleep(5)  # the opening runs past its 3 s: the pitch is loaded, not taken
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                for view, token in (("presenter", CREW), ("clock", CREW), ("greenroom", CREW), ("operator", CONTROL)):
                    for size_name, size in SIZES.items():
                        page = browser.new_page(viewport=size)
                        page.goto(f"{live.api.url}/views/{view}?token={token}")
                        page.wait_for_function("() => window.studio && window.studio.live()")
                        time.sleep(0.5)
                        page.screenshot(path=str(out / f"{view}-timers-{size_name}.png"))
                        if (view, size_name) == ("presenter", "1366x768"):
                            page.screenshot(path=str(DOCS / "views-presenter-timers.png"))
                        page.close()
                page = browser.new_page(viewport=PHONE)  # the operator's start / pause and reset beside each timer
                page.goto(f"{live.api.url}/views/operator?token={CONTROL}")
                page.wait_for_function("() => window.studio && window.studio.live()")
                time.sleep(0.5)
                page.screenshot(path=str(DOCS / "views-operator-timers.png"), full_page=True)
                browser.close()
        finally:
            live.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp()))
