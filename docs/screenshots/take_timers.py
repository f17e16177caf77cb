"""Screenshots of timer types, stand-by-on-next and free timers on the console and the presenter screen.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/take_timers.py [OUT]

Writes presenter-timers.png and console-timers.png here (1366x768), and every window at 1920x1080
and 1366x768 into OUT (default: a temporary folder) for a look. A real console and presenter window
fed by an engine on a fake clock, as docs/screenshots/take.py does.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import replace
from datetime import time, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from studio.rundown.loader import load_rundown  # noqa: E402
from studio.rundown.model import FreeTimer  # noqa: E402
from studio.show.clock import FakeClock  # noqa: E402
from studio.show.engine import Engine  # noqa: E402
from studio.show.events import EventBus  # noqa: E402
from studio.storage.asrun import AsRunLog  # noqa: E402
from ui.app import Studio  # noqa: E402
from ui.settings import SettingsStore  # noqa: E402
from ui.widgets.theme import apply_theme  # noqa: E402

HERE = Path(__file__).resolve().parent
RUNDOWN = ROOT / "schedules" / "garage-expo-day1.yaml"
SIZES = ((1920, 1080), (1366, 768))


def main(out: Path) -> None:
    app = QApplication([])
    apply_theme(app, 13)
    folder = Path(tempfile.mkdtemp())
    rundown = load_rundown(RUNDOWN)
    first, *rest = rundown.segments
    rundown = replace(rundown, segments=(replace(first, end="standby", timer="count_up"), *rest),
                      timers=(FreeTimer("Q&A", "down", 300.0, presenter=True), FreeTimer("Speaker", presenter=True),
                              FreeTimer("Doors", "to", to=time(21, 0))))
    studio = Studio(rundown, folder / "studio.db", store=SettingsStore(folder / "config"))
    studio.open()
    studio.bridge.close()  # the pictures show the fake-clock engine's states
    clock = FakeClock(studio.show.clock.wall())
    log = AsRunLog(folder / "engine.db")
    bus = EventBus()
    engine = Engine(rundown, clock=clock, timers=clock, bus=bus, recorder=log, planned_start=clock.wall())
    studio.show.wall_at = engine.anchor.wall_at  # type: ignore[method-assign]
    bus.subscribe(studio.bridge.dispatch)

    def tick(seconds: float = 0.0) -> None:
        clock.advance(seconds)
        engine.tick()
        app.processEvents()

    def shoot(widget, name: str) -> None:
        widget.showNormal()
        for size in SIZES:
            widget.resize(*size)
            for _ in range(3):
                app.processEvents()
            picture = widget.grab()
            picture.save(str(out / f"{name}-{size[0]}x{size[1]}.png"))
            if size == (1366, 768):
                picture.save(str(HERE / f"{name}.png"))

    studio.presenter.show()
    engine.start()
    engine.timer("start", "Q&A")
    tick(first.duration + 25)  # the opening counted up past its length: the pitch is loaded, waiting for GO
    engine.timer("start", "Speaker")
    tick(timedelta(minutes=1, seconds=12).total_seconds())
    engine.timer("pause", "Speaker")
    tick(0.5)
    shoot(studio.presenter, "presenter-timers")
    studio.console.tabs.setCurrentWidget(studio.console.tabs.widget(studio.console.tabs.count() - 1))  # Timers
    shoot(studio.console, "console-timers")
    print("wrote into", out)
    studio.close()
    log.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp()))
