"""The director console: rundown table, glance panel, controls, event log, talkback.

The window is passive about time: it only redraws from the ShowState ticks the bridge
hands it, and sends commands to the show (a `ConsoleShow`), which never blocks. Actions that would cut the
on-air segment short by more than the configured threshold, or drop segments that have not
aired, ask once more, inline.

Keys: the show's keys and buttons are the command registry's (studio/show/commands.py, made into
actions by ui/commands.py); `CONSOLE_KEYS` below holds the few that are the console's own (undo,
redo, the prompter). They work everywhere in the application except while the director types in a field; Enter or Escape in a field, and every
edit action, hand the keyboard back to the rundown.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QByteArray, QEvent, QModelIndex, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QFrame, QHBoxLayout, QMainWindow, QPushButton, QScrollArea, QSplitter, QTableView, QTabWidget,
    QVBoxLayout, QWidget,
)

from studio.app.session import ConsoleShow
from studio.obs.events import ObsStatus
from studio.rundown import editing
from studio.rundown.editing import EditError
from studio.rundown.model import Rundown
from studio.show.commands import BadArgument, Binding, command
from studio.show.events import (CueDue, DirectorAction, Event, LogHealth, Notice, PresenterMessage, QuestionsChanged,
                                SegmentStarted, ShowEnded, StoodDown, TookOver)
from studio.show.snapshot import ShowState

from ui.commands import command_actions, command_button
from ui.console.alerts import Action, AlertBanner
from ui.console.confirm import ConfirmBar
from ui.console.describe import describe
from ui.console.edit_bar import EditBar
from ui.console.event_log import EventLog
from ui.console.timers_panel import FreeTimersPanel
from ui.console.glance import GlancePanel
from ui.console.live_edit import LiveEditor
from ui.console.messages import MessageBar, MessageBoard
from ui.console.questions import QuestionsPanel
from ui.console.report_action import ReportAction
from ui.console.row_delegate import RowDelegate
from ui.console.rundown_model import COLUMNS, SEGMENT_COLUMN, RundownModel
from ui.console.status_widgets import ObsStatusWidget, obs_alert, obs_status_text
from ui.media.monitor import MediaMonitor
from ui.presenter.controls import PresenterControls
from ui.rehearsal.action import RehearsalAction
from ui.settings import Settings
from ui.widgets.tables import read_only_table
from ui.widgets.ticker import OrdersPanel
from ui.widgets.timefmt import clock

STANDBY_MESSAGE = "Standby. Space starts the show."
MINIMUM_SIZE = (1280, 720)
WILL_AIR = ("next", "upcoming")
WIDE_TABLE_PX = 1000  # below this the rundown drops OPTIONAL_COLUMNS
OPTIONAL_COLUMNS = ("Scene", "Exhibitor", "Dur.", "Block")


@dataclass(frozen=True)
class ConsoleKey:
    """A key of the console itself, not a show command (those come from studio/show/commands.py)."""

    keys: tuple[str, ...]
    handler: Callable[["ConsoleWindow"], None]


CONSOLE_KEYS = (
    ConsoleKey(("Ctrl+Z",), lambda c: c.undo()),
    ConsoleKey(("Ctrl+Shift+Z", "Ctrl+Y"), lambda c: c.redo()),
    ConsoleKey(("Ctrl+P",), lambda c: c.presenter_controls.prompter_toggle.emit()),  # prompter pause
    ConsoleKey(("PgUp",), lambda c: c.presenter_controls.prompter_step.emit(-1)),  # prompter back
    ConsoleKey(("PgDown",), lambda c: c.presenter_controls.prompter_step.emit(1)),  # prompter on
    ConsoleKey(("Ctrl+Down",), lambda c: c.presenter_controls.nudge_speed(-1)),  # prompter slower
    ConsoleKey(("Ctrl+Up",), lambda c: c.presenter_controls.nudge_speed(1)),  # prompter faster
    ConsoleKey(("F7",), lambda c: c.focus_questions()),  # audience questions: A, R, X; Escape gives the keys back
)
ROW = ("go", "back", "skip", "set_next", "hold", "extend", "pause")  # the button row, in this order; clear's is in the message bar


class ConsoleWindow(QMainWindow):
    closing = Signal()

    def __init__(self, show: ConsoleShow, settings: Settings, board: MessageBoard, screens: list[str]) -> None:
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
        self.orders = OrdersPanel(show.rundown, show.orders_snapshot)
        self.media_monitor = MediaMonitor(show.media, settings, screens)
        self.report = ReportAction(show, self.statusBar())
        self.rehearse = RehearsalAction(show, lambda: self.rundown, self.selected_segment_id, self.statusBar(),
                                        self.closing, self)
        self.log = EventLog()
        self.alerts = AlertBanner()
        self.confirm = ConfirmBar()
        self.edit_bar = EditBar()
        self.messages = MessageBar(board, self._send_message)
        board.now = show.clock.monotonic
        self.presenter_controls = PresenterControls(settings, screens)
        self.questions = QuestionsPanel(show.execute)
        self.questions.finished.connect(self.keys_to_show)
        self.free_timers = FreeTimersPanel(lambda name, arguments: self.live.execute(name, arguments))
        self.buttons: dict[str, QPushButton] = {}
        self.splitters: dict[str, QSplitter] = {}
        self._obs: tuple[ObsStatus, float] | None = None  # the last status and when it came (time.monotonic)
        self._reconnect_obs = show.reconnect_obs  # None: the banner has no Reconnect button

        self.edit_bar.move.connect(lambda offset: self._edit(lambda text, sid: editing.move_segment(text, sid, offset)))
        self.edit_bar.duration.connect(lambda value: self._edit(lambda text, sid: editing.set_duration(text, sid, value)))
        self.edit_bar.insert_break.connect(lambda value: self._edit(lambda text, sid: editing.insert_break(text, sid, value)[0]))
        self.edit_bar.undo.connect(self.undo)
        self.edit_bar.redo.connect(self.redo)
        self.edit_bar.finished.connect(self.keys_to_show)
        self.messages.finished.connect(self.keys_to_show)
        self.presenter_controls.speed.editingFinished.connect(self.keys_to_show)
        self.free_timers.finished.connect(self.keys_to_show)
        self.show_actions = command_actions(self, self.press)  # also while the presenter window is active
        self.messages.ack.clicked.connect(next(a for b, a in self.show_actions.items() if b.command == "clear").trigger)
        self._layout()
        for own in CONSOLE_KEYS:
            for key in own.keys:
                shortcut = QShortcut(QKeySequence(key), self, lambda own=own: own.handler(self))
                shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self.statusBar().showMessage(STANDBY_MESSAGE)

    # ----- fed by the bridge ------------------------------------------------------------

    def show_state(self, state: ShowState) -> None:
        first_on_air = self.state is None or self.state.on_air != state.on_air
        if state.phase != "standby" and self.statusBar().currentMessage() == STANDBY_MESSAGE:
            self.statusBar().clearMessage()
        self.state = state
        self.model.update(state)
        self.glance.show_state(state)
        self.free_timers.show_state(state)
        self._set_text(self.buttons["pause"], "Resume" if state.phase == "paused" else "Pause")
        self._set_text(self.buttons["hold"], "Release" if state.held else "Hold")
        if self._obs is not None:
            self._show_obs_alert()
        if first_on_air and state.on_air is not None:
            self.table.scrollTo(self.model.index(state.on_air, 0), QAbstractItemView.ScrollHint.PositionAtCenter)

    def on_event(self, event: Event) -> None:
        if isinstance(event, LogHealth):
            if event.ok:
                self.alerts.clear("log")
            else:
                self.alerts.raise_alert("log", "error", event.message)
        if isinstance(event, (TookOver, StoodDown)):  # studio/standby/: which studio drives OBS changed
            self.alerts.raise_alert("standby", "error" if isinstance(event, StoodDown) else "warning", event.message)
        board = self.messages.board
        if isinstance(event, ObsStatus):
            self.obs_status.set_status(*obs_status_text(event))
            self._obs = (event, time.monotonic())
            self._show_obs_alert()
        if isinstance(event, (SegmentStarted, ShowEnded)):
            board.segment_changed(event.at)
        if isinstance(event, CueDue) and getattr(event.cue, "message", None):
            board.post_cue(event.cue.message)
        if isinstance(event, PresenterMessage):
            board.post(event.text)
        if isinstance(event, QuestionsChanged):
            self.questions.show_questions(event.questions)
        if isinstance(event, DirectorAction) and event.action == "clear_message" and event.detail.get("by") != "console":
            board.acknowledge(f"director ({event.detail.get('by')})")  # the console's own clear took it down at the press
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

    def raise_alert(self, key: str, severity: str, sentence: str, action: Action | None = None) -> None:
        """A full-width banner line (e.g. key "log" for the as-run log's health); `clear_alert(key)` takes it down."""
        self.alerts.raise_alert(key, severity, sentence, action)

    def _send_message(self, text: str) -> None:
        """A message for the presenter through the show's `message` command: every screen and view gets it."""
        try:
            value = command("message").arguments[0].parse(text)
        except BadArgument as exc:  # empty, or too long to read at a glance
            self.messages.status.setText(str(exc))
            return
        self.live.execute("message", {"text": value}, "console")

    def clear_alert(self, key: str) -> None:
        self.alerts.clear(key)

    # ----- commands ---------------------------------------------------------------------

    def press(self, binding: Binding) -> None:
        """A key or button of the registry: the console's own step (a confirmation, the selection), then the command."""
        name, arguments = binding.command, dict(binding.arguments)
        if name == "set_next":
            self._set_next()
        elif name == "delay":
            self._toggle_delay()
        elif name == "go":
            self.go()
        elif name == "back":
            self._guarded("back", self._cut_if_ended(), "Back will leave the segment on air", lambda: self.execute("back"))
        elif name == "extend":
            seconds = arguments["seconds"]
            cut = min(-seconds, self._cut_if_ended()) if seconds < 0 else 0.0
            self._guarded("extend", cut, f"{seconds:+.0f} s", lambda: self.execute("extend", arguments))
        else:
            if name == "clear":  # down at once here; the show logs it and tells the other screens
                self.messages.board.acknowledge("director")
            self.execute(name, arguments)

    def execute(self, name: str, arguments: dict[str, Any] | None = None) -> None:
        """Send a command to the show (it never waits); what the show did comes back as events."""
        self.live.execute(name, arguments)

    def go(self) -> None:
        if self.state is None or self.state.phase == "standby":
            self.execute("go")
            return
        following = "end the show" if self.state.next is None else f"take {self.state.segments[self.state.next].title}"
        self._guarded("go", self._cut_if_ended(), f"GO will {following}", lambda: self.execute("go"))

    def jump(self, segment_id: str) -> None:
        """Put a segment on air (a double click); the console asks first when it drops segments, so it confirms them."""
        title = self._title(segment_id)
        dropped = self._dropped_by_taking(segment_id)
        what = f"Jump to {title}" + (f" drops {_names(dropped)}" if dropped else "")
        self._guarded(f"jump:{segment_id}", self._cut_if_ended(), what,
                      lambda: self.execute("jump", {"segment": segment_id, "confirm": True}), ask=bool(dropped))

    def undo(self) -> None:
        self._history(self.editor.undo, "Edit undone")

    def redo(self) -> None:
        self._history(self.editor.redo, "Edit redone")

    def selected_segment_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.segment_id(rows[0].row()) if rows else None

    def focus_questions(self) -> None:
        """F7: the audience questions' tab, its list taking the keyboard (A, R, D; Escape gives it back)."""
        self.tabs.setCurrentIndex(self.tabs.indexOf(self.questions_page))
        self.questions.take_keys()

    def keys_to_show(self) -> None:
        """The director stopped typing: the show's keys work again (the rundown takes the focus)."""
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # ----- layout memory ----------------------------------------------------------------

    def save_layout(self, store: QSettings) -> None:
        for name, splitter in self.splitters.items():
            store.setValue(f"console/{name}", splitter.saveState())
        store.setValue("console/table", self.table.horizontalHeader().saveState())

    def restore_layout(self, store: QSettings) -> None:
        for name, splitter in self.splitters.items():
            saved = store.value(f"console/{name}")
            if isinstance(saved, QByteArray):
                splitter.restoreState(saved)
        saved = store.value("console/table")
        if isinstance(saved, QByteArray):
            self.table.horizontalHeader().restoreState(saved)

    # ----- internals ----------------------------------------------------------------------

    def _set_next(self) -> None:
        segment_id = self.selected_segment_id()
        if segment_id is None:
            self.statusBar().showMessage("Select the segment GO should take next, then press N.", 8000)
            return
        if self.state is not None and self.state.next is not None and self.state.segments[self.state.next].segment_id == segment_id:
            segment_id = None  # pressed on what is already next: back to the running order
        self.execute("set_next", {"segment": segment_id})

    def _toggle_delay(self) -> None:
        """D: apply or cancel the delay before the selected row, else the first delay still to come."""
        delays = () if self.state is None else self.state.delays
        selected = self.selected_segment_id()
        row = None if selected is None else self.model.row_of(selected)
        on_air = -1 if self.state is None or self.state.on_air is None else self.state.on_air
        chosen = next((d for d in delays if d.before == row), None) or next((d for d in delays if d.before > on_air), None)
        if chosen is None:
            self.statusBar().showMessage("No delay to apply or cancel: select the row a delay pushes (rundown's delays:), "
                                         "then press D.", 8000)
            return
        self.execute("delay", {"delay": chosen.delay_id})

    def _cut_if_ended(self) -> float:
        """Seconds of the on-air segment lost if it ended now."""
        if self.state is None or self.state.on_air is None:
            return 0.0
        return max(0.0, self.state.remaining)

    def _dropped_by_taking(self, segment_id: str) -> list[str]:
        """Titles of the segments that would never air if `segment_id` were taken now."""
        if self.state is None:
            return []
        target = next((t.index for t in self.state.segments if t.segment_id == segment_id), None)
        first = -1 if self.state.on_air is None else self.state.on_air
        if target is None:
            return []
        return [t.title for t in self.state.segments[first + 1:target] if t.status in WILL_AIR]

    def _guarded(self, key: str, cut_s: float, what: str, action: Callable[[], None], ask: bool = False) -> None:
        if cut_s > self.settings.confirm_cut_s:
            on_air = self.state.on_air_timing if self.state else None
            name = on_air.title if on_air else "the segment"
            self.confirm.request(key, f"{what}: cuts {name} {round(cut_s)} s short", action)
        elif ask:
            self.confirm.request(key, what, action)
        else:
            self.confirm.cancel()
            action()

    def _edit(self, edit: Callable[[str, str], str]) -> None:
        segment_id = self.selected_segment_id()
        if segment_id is None:
            self.edit_bar.show_problem("Select a segment in the rundown first.")
        else:
            self._history(lambda: self.editor.apply(lambda text: edit(text, segment_id)), f"Rundown edited and saved ({segment_id})")
        self.keys_to_show()

    def _history(self, step: Callable[[], Rundown], done: str) -> None:
        try:
            step()
        except EditError as exc:
            self.edit_bar.show_problem(str(exc))
        else:
            self.edit_bar.show_problem("")
            self.log.add("info", f"{done}.", self._stamp(None))
        self.edit_bar.set_history(self.editor.can_undo, self.editor.can_redo)
        self.keys_to_show()

    def _show_obs_alert(self) -> None:
        assert self._obs is not None
        status, received = self._obs
        left = None if status.retry_in_s is None else status.retry_in_s - (time.monotonic() - received)
        alert = obs_alert(status, left)
        if alert is None:
            self.alerts.clear("obs")
            return
        action = None if self._reconnect_obs is None else Action("Reconnect now", self._reconnect_obs)
        self.alerts.raise_alert("obs", *alert, action)

    def _title(self, segment_id: str) -> str:
        return next((s.title for s in self.rundown.segments if s.id == segment_id), segment_id)

    def _stamp(self, event: Event | None) -> str:
        """Wall time of an event."""
        if event is None:
            return "" if self.state is None else clock(self.state.wall, self.rundown.show.tz)
        return clock(self.live.wall_at(event.at), self.rundown.show.tz)

    def _make_table(self) -> QTableView:
        table = read_only_table(self.model, SEGMENT_COLUMN, row_height=30)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setItemDelegate(RowDelegate(table))
        table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # "Serenco — pitch" and "Serenco — demo" stay apart
        table.setWordWrap(False)
        metrics = table.fontMetrics()
        for column, sample in enumerate(("000", "not aired", "", "00:00:00", "≈00:00:00", "0:00:00", "+0:00:00", "+00:00", "Exhibitor Cam", "Exhibitor 00", "Block 0000")):
            if column != SEGMENT_COLUMN:
                table.setColumnWidth(column, max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(COLUMNS[column])) + 24)
        table.horizontalHeader().setMinimumSectionSize(40)
        table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        table.doubleClicked.connect(self._row_double_clicked)
        table.installEventFilter(self)
        return table

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        """A narrow rundown (a laptop) hides the columns a director can do without, so titles stay readable."""
        if watched is self.table and event.type() == QEvent.Type.Resize:
            narrow = self.table.width() < WIDE_TABLE_PX
            for name in OPTIONAL_COLUMNS:
                self.table.setColumnHidden(COLUMNS.index(name), narrow or (name == "Block" and not self.rundown.blocks))
        return False

    def _row_double_clicked(self, index: QModelIndex) -> None:
        segment_id = self.model.segment_id(index.row())
        if segment_id is not None:
            self.jump(segment_id)

    def _set_text(self, button: QPushButton, label: str) -> None:
        keys = button.text().split("\n", 1)[1]
        text = f"{label}\n{keys}"
        if button.text() != text:
            button.setText(text)

    def _layout(self) -> None:
        controls = QHBoxLayout()
        several = Counter(binding.command for binding in self.show_actions)
        row = sorted((b for b in self.show_actions if b.command in ROW), key=lambda b: ROW.index(b.command))
        for binding in row:
            button = command_button(self.show_actions[binding], binding)
            button.setMinimumHeight(48)
            if binding.command == "go":
                button.setMinimumWidth(130)
            self.buttons[binding.label if several[binding.command] > 1 else binding.command] = button
            controls.addWidget(button)
        controls.addStretch(1)
        self.report_button = self.report.button()
        controls.addWidget(self.rehearse.button())
        controls.addWidget(self.report_button)
        self.statusBar().addPermanentWidget(self.obs_status)  # always on screen; a lost link also raises the banner

        # The confirm bar keeps its slot while hidden: asking never moves the rundown under the director's mouse.
        policy = self.confirm.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.confirm.setSizePolicy(policy)

        # Panels a laptop cannot show whole scroll instead of pushing the console off the screen.
        self.tabs = QTabWidget()
        self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # every tab in sight on a laptop's narrow side panel: labels shortened with "…", never scrolled out of view
        self.tabs.tabBar().setUsesScrollButtons(False)
        self.tabs.tabBar().setElideMode(Qt.TextElideMode.ElideMiddle)  # should a label not fit, its start and end (a count) stay
        self.tabs.addTab(self.log, "Log")
        self.tabs.addTab(_scrolled(self.presenter_controls), "Presenter")
        self.tabs.addTab(_scrolled(self.media_monitor), "Media")
        self.questions_page = _scrolled(self.questions)
        questions_tab = self.tabs.addTab(self.questions_page, "Q&&A")  # &&: a literal &, not a mnemonic
        self.questions.waiting_changed.connect(
            lambda waiting: self.tabs.setTabText(questions_tab, f"Q&&A ({waiting})" if waiting else "Q&&A"))
        self.tabs.addTab(_scrolled(self.free_timers), "Timers")
        side = self._splitter("side", Qt.Orientation.Vertical, (self.glance, self.tabs), (0, 1))
        rundown_and_orders = self._splitter("rundown", Qt.Orientation.Vertical, (self.table, _scrolled(self.orders)), (3, 1))
        split = self._splitter("main", Qt.Orientation.Horizontal, (rundown_and_orders, side), (2, 1))  # most of a wide screen goes to the titles
        split.setSizes([1150, 450])

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(6)
        layout.addLayout(controls)
        layout.addWidget(self.alerts)
        layout.addWidget(self.confirm)
        layout.addWidget(split, 1)
        layout.addWidget(self.edit_bar)
        layout.addWidget(self.messages)
        self.setCentralWidget(central)
        self.setMinimumSize(*MINIMUM_SIZE)
        self.resize(1600, 900)

    def _splitter(self, name: str, orientation: Qt.Orientation, widgets: tuple[QWidget, ...], stretch: tuple[int, ...]) -> QSplitter:
        splitter = QSplitter(orientation)
        splitter.setChildrenCollapsible(False)
        for i, (widget, factor) in enumerate(zip(widgets, stretch)):
            splitter.addWidget(widget)
            splitter.setStretchFactor(i, factor)
        self.splitters[name] = splitter
        return splitter

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt)
        self.closing.emit()
        super().closeEvent(event)


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return area


def _names(titles: list[str]) -> str:
    return ", ".join(titles[:3]) + (f" and {len(titles) - 3} more" if len(titles) > 3 else "")
