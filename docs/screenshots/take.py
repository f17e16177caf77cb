"""Screenshots of the console and the presenter screen for the docs (offscreen, software raster).

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/take.py

A real console and presenter window fed by an engine on a fake clock (so every picture shows
a chosen moment of the show), with the garage expo rundown.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from studio.obs.events import LinkState, ObsStatus  # noqa: E402
from studio.rundown.loader import load_rundown  # noqa: E402
from studio.show.clock import FakeClock  # noqa: E402
from studio.show.engine import Engine  # noqa: E402
from studio.show.events import CueDue, EventBus  # noqa: E402
from studio.storage.asrun import AsRunLog  # noqa: E402
from ui.app import Studio  # noqa: E402
from ui.settings import SettingsStore  # noqa: E402
from ui.widgets.theme import apply_theme  # noqa: E402

HERE = Path(__file__).resolve().parent
RUNDOWN = ROOT / "schedules" / "garage-expo-day1.yaml"


class Cue:
    def __init__(self, message: str) -> None:
        self.message = message


def main() -> None:
    app = QApplication([])
    apply_theme(app, 13)
    folder = Path(tempfile.mkdtemp())
    rundown = load_rundown(RUNDOWN)
    studio = Studio(rundown, folder / "studio.db", store=SettingsStore(folder / "config"))
    studio.open()
    studio.bridge.close()  # the pictures show the fake-clock engine's states, not the live one's
    console, presenter = studio.console, studio.presenter
    clock = FakeClock(studio.show.clock.wall())
    log = AsRunLog(folder / "engine.db")
    bus = EventBus()
    engine = Engine(rundown, clock=clock, timers=clock, bus=bus, recorder=log,
                    planned_start=clock.wall() + timedelta(minutes=4, seconds=12))
    studio.show.wall_at = engine.anchor.wall_at  # type: ignore[method-assign]  # the console stamps its log with this engine's times
    bus.subscribe(studio.bridge.dispatch)

    def tick(seconds: float = 0.0) -> None:
        clock.advance(seconds)
        engine.tick()
        app.processEvents()

    def shoot(widget, name: str, size: tuple[int, int]) -> None:
        widget.showNormal()
        widget.resize(*size)
        for _ in range(3):
            app.processEvents()
        widget.grab().save(str(HERE / name))
        print("wrote", name)

    presenter.show()
    tick()
    shoot(presenter, "presenter-standby.png", (1280, 720))

    clock.advance(4 * 60 + 12)
    engine.start()
    tick(62)
    engine.go()  # opening cut short: the pitch
    tick(45)
    shoot(presenter, "presenter-countdown.png", (1280, 720))

    engine.skip()  # the demo goes, the interview follows
    studio.console.messages.board.post("Wrap up")
    bus.publish(CueDue(clock.monotonic(), "serenco-pitch", 0, Cue("Hold the lift brochure to camera 2")))
    tick(1)
    shoot(presenter, "presenter-message.png", (1280, 720))
    studio.console.messages.board.acknowledge("director")

    engine.hold()
    tick(4 * 60 - 46 + 23)  # 23 s past zero, held
    while int(clock.monotonic() * 2) % 2:  # the bright half of the pulse
        tick(0.1)
    shoot(presenter, "presenter-overtime.png", (1280, 720))
    engine.hold()

    engine.pause()
    tick(3)
    shoot(presenter, "presenter-paused.png", (1280, 720))
    engine.resume()

    controls = console.presenter_controls
    controls.mode.setCurrentText("prompter")
    controls.mirror.setChecked(True)
    tick(0.5)
    shoot(presenter, "presenter-prompter-mirrored.png", (1280, 720))
    controls.mirror.setChecked(False)
    controls.mode.setCurrentText("cards")

    engine.set_next("pneumatix-demo")
    console.table.selectRow(engine.state().on_air or 0)
    bus.publish(ObsStatus(clock.monotonic(), LinkState.CONNECTED, "ws://127.0.0.1:4455", 0.031))
    tick(0.5)
    shoot(console, "console-1920x1080.png", (1920, 1080))
    bus.publish(ObsStatus(clock.monotonic(), LinkState.LOST, "ws://127.0.0.1:4455", None, 6.0))
    tick(0.5)
    shoot(console, "console-1366x768.png", (1366, 768))

    for old, new in (("console-1920x1080.png", "console.png"), ("presenter-countdown.png", "presenter.png")):
        shutil.copyfile(HERE / old, HERE / new)  # the names the README shows
    studio.close()
    log.close()


if __name__ == "__main__":
    main()
