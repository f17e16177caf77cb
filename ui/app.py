"""The console application: builds the show, the bridge and both windows, and wires them in one place."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any, Sequence

from ui import qt  # noqa: F401  (first: PySide6 imported the way the windows want it)
from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QApplication

from studio.app.running import HUNG_UP, RunOptions, freeze_built
from studio.app.session import LiveShow
from studio.app.start import ResumeError
from studio.storage.asrun import LogInUse
from studio.obs.settings import ObsConnection
from studio.orders.config import OrdersConfig
from studio.relay.stream import StreamConfig
from studio.central.config import CentralConfig
from studio.osc import OscConfig
from studio.standby.config import StandbyConfig
from studio.standby.errors import FeedError
from studio.media.service import MediaConfig
from studio.rundown.model import Rundown

from ui.bridge import ShowBridge
from ui.media.output import MediaOutput
from ui.console.links import LinksAction
from ui.console.window import ConsoleWindow
from ui.console.messages import MessageBoard
from ui.presenter.controls import presenter_links
from ui.presenter.questions import QuestionsStrip
from ui.presenter.window import PresenterWindow
from ui.widgets.screens import place_presenter, screen_names
from ui.settings import Settings, SettingsStore
from ui.widgets.signals import quit_on_signals
from ui.widgets.theme import apply_theme, styled_once

TICK_HZ = 10


class Studio:
    """Everything a running console is made of; `close()` undoes `open()`."""

    def __init__(self, rundown: Rundown, db_path: Path, *, start: str | None = None, resume: bool = False,
                 store: SettingsStore | None = None, obs: ObsConnection | None = None, notices: Sequence[str] = (),
                 orders: OrdersConfig | None = None, relay: StreamConfig | None = None,
                 central: CentralConfig | None = None, osc: OscConfig | None = None,
                 standby: StandbyConfig | None = None) -> None:
        self.store = store or SettingsStore()
        self.settings = self.store.load()
        self.show = LiveShow(rundown, db_path, start=start, resume=resume, auto_start=start is not None, tick_hz=TICK_HZ,
                             obs=obs, orders=orders, media=_media_config(self.settings), relay=relay, central=central,
                             osc=osc, standby=standby)
        for notice in notices:
            self.show.notice("warning", notice, "obs")
        self.bridge = ShowBridge(self.show.bus)
        self.board = MessageBoard()
        with styled_once():
            self.console = ConsoleWindow(self.show, self.settings, self.board, screen_names())
            self.presenter = PresenterWindow(rundown, self.settings.presenter_scale)
            self.media_output = MediaOutput(self.show.media, self.console.media_monitor, self.settings, self.store)
            self.presenter.set_prompter_speed(self.settings.prompter_speed)
            self.presenter.set_mirrored(self.settings.prompter_mirror)
            self._add_questions_and_links()
        self._connections: list[tuple[Any, Any]] = []
        self._closed = False

    def open(self) -> None:
        """Connect everything, show both windows, start the show loop."""
        bridge, console, presenter, board, controls = self.bridge, self.console, self.presenter, self.board, self.console.presenter_controls
        self._connect(
            (bridge.tick, console.show_state),
            (bridge.tick, presenter.show_state),
            (bridge.event, console.on_event),
            (bridge.rundown_changed, console.set_rundown),
            (bridge.rundown_changed, presenter.set_rundown),
            (bridge.orders, console.orders.show_orders),
            (bridge.event, console.orders.on_event),  # the leads count
            (bridge.orders, presenter.ticker.show_orders),
            (bridge.orders, presenter.shop.show_orders),
            (bridge.tick, console.orders.show_state),
            (bridge.rundown_changed, console.orders.set_rundown),
            (board.posted, presenter.show_message),
            (board.posted, console.messages.showing),
            (board.posted, self._log_message),
            (board.acknowledged, presenter.clear_message),
            (board.acknowledged, console.messages.cleared),
            (board.acknowledged, self._log_ack),
            (presenter.clicked, self._presenter_clicked),
            (controls.screen_chosen, self._choose_screen),
            (controls.mode_chosen, presenter.set_mode),
            (controls.speed_chosen, self._choose_speed),
            (controls.mirror_chosen, self._choose_mirror),
            (console.closing, self.close),
            (bridge.event, console.media_monitor.on_event),
            (bridge.event, self.question_strip.on_event),
            (bridge.event, self.media_output.on_event),
            *presenter_links(controls, presenter, board),
        )
        self._restore_geometry()
        self.console.show()
        self._fit_to_screen()
        place_presenter(self.presenter, self.settings.presenter_screen, self.console.screen())
        self.media_output.open(self.console.screen())
        self.show.run()
        if self.show.orders_snapshot is not None:
            self.presenter.shop.set_totals(self.show.orders_snapshot())  # a resumed show's sales so far

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.console.rehearse.close_all()  # an attempt still running is saved before the show's writer closes
        self._save_geometry()
        self.store.save(self.settings)
        for signal, slot in self._connections:
            signal.disconnect(slot)
        self.bridge.close()
        self.show.close()
        self.presenter.close()
        self.media_output.close()
        self.console.close()

    def _add_questions_and_links(self) -> None:
        """The questions a resumed show had (the console's moderation tab follows the bridge from now on), the approved
        ones on the presenter screen, and the Role links window's button in the status bar (docs/questions.md)."""
        console, board = self.console, self.show.questions
        self.question_strip = QuestionsStrip()
        if board is not None:
            console.questions.show_questions(board.questions())
            self.question_strip.show_questions(board.questions())
        self.presenter.add_strip(self.question_strip)
        self.links = LinksAction(self.show.view_links, console)
        console.statusBar().addPermanentWidget(self.links.button())

    # ----- slots --------------------------------------------------------------------------

    def _connect(self, *pairs: tuple[Any, Any]) -> None:
        for signal, slot in pairs:
            signal.connect(slot)
            self._connections.append((signal, slot))

    def hung_up(self) -> None:
        """The terminal the console was started from closed (SIGHUP): noted, nothing else."""
        self.show.notice("warning", HUNG_UP, "terminal")

    def _log_message(self, text: str) -> None:
        self.show.notice("info", f"Message to the presenter: “{text}”", source="console")

    def _log_ack(self, text: str, by: str) -> None:
        said = "taken down at the end of its segment" if by == "end of segment" else f"acknowledged by the {by}"
        self.show.notice("info", f"“{text}” {said}.", source="console")

    def _presenter_clicked(self) -> None:
        self.board.acknowledge("presenter")

    def _choose_screen(self, name: str) -> None:
        self.settings.presenter_screen = name
        place_presenter(self.presenter, name, self.console.screen())
        self.store.save(self.settings)

    def _choose_speed(self, speed: int) -> None:
        self.settings.prompter_speed = speed
        self.presenter.set_prompter_speed(speed)

    def _choose_mirror(self, mirrored: bool) -> None:
        self.settings.prompter_mirror = mirrored
        self.presenter.set_mirrored(mirrored)

    def _geometry(self) -> QSettings:
        return QSettings(str(self.store.geometry_path), QSettings.Format.IniFormat)

    def _restore_geometry(self) -> None:
        saved = self._geometry().value("console")
        if isinstance(saved, QByteArray):
            self.console.restoreGeometry(saved)
        self.console.restore_layout(self._geometry())

    def _fit_to_screen(self) -> None:
        """Never past the screen's edges (a 1366x768 laptop, or sizes saved on a larger screen); once shown,
        when the window frame is known."""
        room, frame = self.console.screen().availableGeometry(), self.console.frameGeometry()
        if not room.contains(frame):
            margins = frame.size() - self.console.size()
            self.console.resize((room.size() - margins).expandedTo(self.console.minimumSize()))
            self.console.move(room.topLeft())

    def _save_geometry(self) -> None:
        self._geometry().setValue("console", self.console.saveGeometry())
        self.console.save_layout(self._geometry())


def _media_config(settings: Settings) -> MediaConfig:
    try:
        options = tuple(shlex.split(settings.media_vlc_options))
    except ValueError:  # an unbalanced quote in a hand-edited file: play with VLC's defaults
        options = ()
    return MediaConfig(options, settings.countdown_beeps)


def run_console(options: RunOptions) -> int:
    """The `studio run` console: returns the process exit code."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("studio")
    store = SettingsStore()
    apply_theme(app, store.load().console_font_pt)
    try:
        studio = Studio(options.rundown, options.db, start=options.start, resume=options.resume, store=store,
                        obs=options.obs, notices=options.notices, orders=options.orders, relay=options.relay,
                        central=options.central, osc=options.osc, standby=options.standby)
    except (ResumeError, LogInUse, FeedError) as exc:
        print(f"studio: {exc}", file=sys.stderr)
        return 1
    freeze_built()
    studio.open()
    app.aboutToQuit.connect(studio.close)
    quit_on_signals(app, studio.hung_up)  # Ctrl-C, SIGTERM: closed like the window's close button (resumable); SIGHUP: noted
    return app.exec()
