"""The director console: rundown table, glance panel, controls, event log, talkback.

The window is passive about time: it only redraws from the ShowState ticks the bridge
hands it, and sends commands to LiveShow, which never blocks. Actions that would cut the
on-air segment short by more than the configured threshold ask once more, inline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QMainWindow, QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget,
)

from studio.rundown import editing
from studio.rundown.editing import EditError
from studio.show.events import CueDue, Event, Notice, PresenterMessage
from studio.app.session import LiveShow
from studio.obs.events import ObsStatus
from studio.rundown.model import Rundown
from studio.show.snapshot import ShowState

from ui.console.confirm import ConfirmBar
from ui.console.describe import describe
from ui.console.edit_bar import EditBar
from ui.console.event_log import EventLog
from ui.console.glance import GlancePanel
from ui.console.live_edit import LiveEditor
from ui.media.monitor import MediaMonitor
from ui.console.messages import MessageBar, MessageBoard
from ui.presenter.controls import PresenterControls
from ui.rehearsal.action import RehearsalAction
from ui.console.report_action import ReportAction
from ui.console.rundown_model import COLUMNS, SEGMENT_COLUMN, RundownModel
from ui.settings import Settings
from ui.console.status_widgets import ObsStatusWidget, obs_status_text
from ui.widgets.tables import read_only_table
from ui.widgets.ticker import OrdersPanel
from ui.widgets.timefmt import clock

NUDGE_S = 30.0
STANDBY_MESSAGE = "Standby. Space starts the show."


@dataclass(frozen=True)
class Command:
    name: str
    label: str
    keys: tuple[str, ...]
    handler: Callable[["ConsoleWindow"], None]


COMMANDS = (
    Command("go", "GO ▶", ("Space",), lambda c: c.go()),
    Command("back", "◀ Back", ("B", "Backspace"), lambda c: c.back()),
    Command("skip", "Skip next", ("S",), lambda c: c.live.skip()),
    Command("hold", "Hold", ("H",), lambda c: c.live.hold()),
    Command("minus", "−30 s", ("-",), lambda c: c.extend(-NUDGE_S)),
    Command("plus", "+30 s", ("+", "="), lambda c: c.extend(NUDGE_S)),
    Command("pause", "Pause", ("P",), lambda c: c.pause_or_resume()),
)


class ConsoleWindow(QMainWindow):
    closing = Signal()

    def __init__(self, show: LiveShow, settings: Settings, board: MessageBoard, screens: list[str]) -> None:
        super().__init__()
        self.live = show
        self.settings = settings
        self.rundown = show.rundown
        self.state: ShowState | None = None
        self.editor = LiveEditor(show, show.rundown.path)
        self.setWindowTitle(f"studio — {show.rundown.show.title}")

        self.model = RundownModel(show.rundown)
        self.table = self._make_table()
        self.glance = GlancePanel(show.rundown)
        self.obs_status = ObsStatusWidget()
        self.orders = OrdersPanel(show.rundown, None if show.desk is None else show.desk.snapshot)
        self.media_monitor = MediaMonitor(show.media, settings, screens)
        self.report = ReportAction(show, self.statusBar())
        self.rehearse = RehearsalAction(show, lambda: self.rundown, self.selected_segment_id, self.statusBar(),
                                        self.closing, self)
        self.log = EventLog()
        self.confirm = ConfirmBar()
        self.edit_bar = EditBar()
        self.messages = MessageBar(board)
        self.presenter_controls = PresenterControls(settings, screens)
        self.buttons: dict[str, QPushButton] = {}

        self.edit_bar.move.connect(lambda offset: self._edit(lambda text, sid: editing.move_segment(text, sid, offset)))
        self.edit_bar.duration.connect(lambda value: self._edit(lambda text, sid: editing.set_duration(text, sid, value)))
        self.edit_bar.insert_break.connect(lambda value: self._edit(lambda text, sid: editing.insert_break(text, sid, value)[0]))
        self._layout()
        for command in COMMANDS:
            for key in command.keys:
                shortcut = QShortcut(QKeySequence(key), self, lambda command=command: command.handler(self))
                shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)  # also while the presenter window is active
        self.statusBar().showMessage(STANDBY_MESSAGE)

    # ----- fed by the bridge ------------------------------------------------------------

    def show_state(self, state: ShowState) -> None:
        first_on_air = self.state is None or self.state.on_air != state.on_air
        if state.phase != "standby" and self.statusBar().currentMessage() == STANDBY_MESSAGE:
            self.statusBar().clearMessage()
        self.state = state
        self.model.update(state)
        self.glance.show_state(state)
        self.buttons["pause"].setText("Resume" if state.phase == "paused" else "Pause")
        self.buttons["hold"].setText("Release" if state.held else "Hold")
        if first_on_air and state.on_air is not None:
            self.table.scrollTo(self.model.index(state.on_air, 0), QAbstractItemView.ScrollHint.PositionAtCenter)

    def on_event(self, event: Event) -> None:
        if isinstance(event, ObsStatus):
            self.obs_status.set_status(*obs_status_text(event))
        if isinstance(event, CueDue) and getattr(event.cue, "message", None):
            self.messages.board.post(event.cue.message)
        if isinstance(event, PresenterMessage):
            self.messages.board.post(event.text)
        told = describe(event, self.rundown)
        if told is None:
            return
        level, sentence = told
        self.log.add(level, sentence, self._stamp(event))
        if isinstance(event, Notice) and level == "error":
            self.statusBar().showMessage(sentence, 15000)

    def set_rundown(self, rundown: Rundown) -> None:
        self.rundown = rundown
        self.model.set_rundown(rundown)
        self.glance.set_rundown(rundown)

    # ----- commands ---------------------------------------------------------------------

    def go(self) -> None:
        if self.state is None or self.state.phase == "standby":
            self.live.go()
            return
        following = "end the show" if self.state.next is None else f"take {self.state.segments[self.state.next].title}"
        self._guarded("go", self._cut_if_ended(), f"GO will {following}", self.live.go)

    def back(self) -> None:
        self._guarded("back", self._cut_if_ended(), "Back will leave the segment on air", self.live.back)

    def jump(self, segment_id: str) -> None:
        title = next((s.title for s in self.rundown.segments if s.id == segment_id), segment_id)
        self._guarded(f"jump:{segment_id}", self._cut_if_ended(), f"Jump to {title}", lambda: self.live.jump(segment_id))

    def extend(self, seconds: float) -> None:
        cut = min(-seconds, self._cut_if_ended()) if seconds < 0 else 0.0
        self._guarded("minus", cut, f"{seconds:+.0f} s", lambda: self.live.extend(seconds))

    def pause_or_resume(self) -> None:
        if self.state is not None and self.state.phase == "paused":
            self.live.resume()
        else:
            self.live.pause()

    def selected_segment_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.segment_id(rows[0].row()) if rows else None

    # ----- internals ----------------------------------------------------------------------

    def _cut_if_ended(self) -> float:
        """Seconds of the on-air segment lost if it ended now."""
        if self.state is None or self.state.on_air is None:
            return 0.0
        return max(0.0, self.state.remaining)

    def _guarded(self, key: str, cut_s: float, what: str, action: Callable[[], None]) -> None:
        if cut_s > self.settings.confirm_cut_s:
            on_air = self.state.on_air_timing if self.state else None
            name = on_air.title if on_air else "the segment"
            self.confirm.request(key, f"{what}: cuts {name} {round(cut_s)} s short", action)
        else:
            self.confirm.cancel()
            action()

    def _edit(self, edit: Callable[[str, str], str]) -> None:
        segment_id = self.selected_segment_id()
        if segment_id is None:
            self.edit_bar.show_problem("Select a segment in the rundown first.")
            return
        try:
            self.editor.apply(lambda text: edit(text, segment_id))
        except EditError as exc:
            self.edit_bar.show_problem(str(exc))
            return
        self.edit_bar.show_problem("")
        self.log.add("info", f"Rundown edited and saved ({segment_id}).", self._stamp(None))

    def _stamp(self, event: Event | None) -> str:
        """Wall time of an event (the engine's anchor never changes, so reading it here is safe)."""
        if event is None:
            return "" if self.state is None else clock(self.state.wall, self.rundown.show.tz)
        return clock(self.live.engine.anchor.wall_at(event.at), self.rundown.show.tz)

    def _make_table(self) -> QTableView:
        table = read_only_table(self.model, SEGMENT_COLUMN, row_height=30)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        metrics = table.fontMetrics()
        for column, sample in enumerate(("000", "not aired", "", "00:00:00", "≈00:00:00", "0:00:00", "+0:00:00", "+00:00", "Exhibitor Cam", "Exhibitor")):
            if column != SEGMENT_COLUMN:
                table.setColumnWidth(column, max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(COLUMNS[column])) + 24)
        table.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        table.doubleClicked.connect(self._row_double_clicked)
        return table

    def _row_double_clicked(self, index: QModelIndex) -> None:
        segment_id = self.model.segment_id(index.row())
        if segment_id is not None:
            self.jump(segment_id)

    def _layout(self) -> None:
        controls = QHBoxLayout()
        for command in COMMANDS:
            button = QPushButton(f"{command.label}\n{' / '.join(command.keys)}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, command=command: command.handler(self))
            button.setMinimumHeight(58)
            if command.name == "go":
                button.setObjectName("go")
                button.setMinimumWidth(160)
            self.buttons[command.name] = button
            controls.addWidget(button)
        controls.addStretch(1)
        controls.addWidget(self.rehearse.button())
        controls.addWidget(self.report.button())
        controls.addWidget(self.obs_status)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.glance)
        side_layout.addWidget(self.media_monitor)
        side_layout.addWidget(self.log, 1)
        rundown_and_orders = QSplitter(Qt.Orientation.Vertical)  # the orders take the room under the rundown
        rundown_and_orders.addWidget(self.table)
        rundown_and_orders.addWidget(self.orders)
        rundown_and_orders.setStretchFactor(0, 3)
        rundown_and_orders.setStretchFactor(1, 2)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(rundown_and_orders)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([1100, 700])

        bottom = QHBoxLayout()
        bottom.addWidget(self.edit_bar, 3)
        bottom.addWidget(self.presenter_controls, 2)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(10, 10, 10, 6)
        layout.addLayout(controls)
        layout.addWidget(self.confirm)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.messages)
        self.setCentralWidget(central)
        self.resize(1600, 900)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt)
        self.closing.emit()
        super().closeEvent(event)
