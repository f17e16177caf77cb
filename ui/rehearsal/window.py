"""The rehearsal window: an exhibitor runs their segments alone against the clock, as often as they like.

Made to be read from a couple of metres: a big countdown of the current segment's slot, the
current cue card, where the plan says to be next, big Start / Next card / Stop buttons
(Space, N — or a clicker's Page Down / Right —, Esc), the presenter's interview questions.
After an attempt it shows the result; the History tab charts every attempt against the slot.

The window has its own clock and its own `Rehearsal`, never the show's engine; opened from
the console it writes through the show's database writer. Its keys are taken before the
console's application-wide shortcuts, so Space here never takes the show's next segment.
"""

from __future__ import annotations

import sqlite3
import sys

from ui import qt  # noqa: F401  (first: PySide6 imported the way the windows want it)
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QApplication, QComboBox, QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow, QPushButton,
    QSizePolicy, QStackedWidget, QTabWidget, QVBoxLayout, QWidget,
)

from studio.show.clock import SystemClock
from studio.show.events import Event, EventBus, Notice
from studio.rehearsal.command import RehearsalOptions
from studio.rehearsal.log import AttemptLogged, RehearsalLog
from studio.rehearsal.plan import RehearsalPlan, first_line, minutes, plan_for
from studio.rehearsal.run import Rehearsal, RehearsalState
from studio.rundown.model import Rundown
from studio.storage.writer import Writer

from ui.bridge import ShowBridge
from ui.widgets.countdown import CountdownLabel
from ui.widgets.fit_text import FittedLabel
from ui.rehearsal import WINDOW_NAME
from ui.rehearsal.history import HistoryView
from ui.rehearsal.result import ResultView
from ui.settings import SettingsStore
from ui.widgets.theme import LEVEL_COLOURS, OVERTIME_DIM, apply_theme, caption
from ui.widgets.timefmt import countdown

REFRESH_MS = 100
KEYS = {Qt.Key.Key_Space: "start", Qt.Key.Key_N: "next_card", Qt.Key.Key_PageDown: "next_card",
        Qt.Key.Key_Right: "next_card", Qt.Key.Key_Escape: "stop"}
LATE = "#ffb020"
HERE = "#2d4a6b"  # the time mark you are on: a neutral blue, not the red of on air or of an alarm
LOOK = """
QLabel#rehearsalSegment { font-size: 26px; font-weight: bold; color: #c9d1d9; }
QLabel#rehearsalProgress { font-size: 22px; color: #9aa4b2; }
QLabel#rehearsalCard { color: #ffffff; }
QLabel#rehearsalMark { font-size: 24px; color: #9aa4b2; }
QLabel#rehearsalHeadline { font-size: 34px; font-weight: bold; }
QLabel#rehearsalHints { font-size: 21px; }
QLabel#rehearsalTitle { font-size: 24px; font-weight: bold; }
QPushButton[role="big"] { font-size: 24px; min-height: 76px; min-width: 220px; }
QPushButton#rehearsalStart { background: #1a7f37; border-color: #35e07a; color: #ffffff; }
QPushButton#rehearsalStop { background: #6e1414; border-color: #ff5a4f; }
QPushButton[role="big"]:disabled, QPushButton#rehearsalStart:disabled, QPushButton#rehearsalStop:disabled {
    background: #161b22; border-color: #30363d; color: #5b636d; }
QListWidget { font-size: 18px; background: #0b0f14; border: 1px solid #30363d; }
QListWidget::item { padding: 4px 6px; }
QListWidget::item:selected { background: %(here)s; color: #ffffff; }
QTabBar::tab { background: #161b22; color: #9aa4b2; padding: 10px 28px; font-size: 18px; font-weight: bold;
               border: 1px solid #30363d; border-bottom: none; border-top-left-radius: 6px; border-top-right-radius: 6px; }
QTabBar::tab:selected { background: #21262d; color: #ffffff; }
QTabWidget::pane { border: 1px solid #30363d; }
QTableWidget { font-size: 17px; }
QComboBox { font-size: 18px; min-height: 36px; }
""" % {"here": HERE}


class RehearsalCountdown(CountdownLabel):
    """The presenter screen's countdown, fed by a rehearsal instead of the show."""

    def show_rehearsal(self, state: RehearsalState) -> None:
        colour = LEVEL_COLOURS[state.level if state.phase == "running" else "idle"]
        if state.phase == "running" and state.level == "overtime" and int(state.elapsed * 2) % 2:
            colour = OVERTIME_DIM
        text = countdown(state.remaining)
        if text != self.text():
            self.setText(text)
        if colour != self.colour:
            self._restyle(colour)


class RehearsalWindow(QMainWindow):
    def __init__(self, plan: RehearsalPlan, log: RehearsalLog, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName(WINDOW_NAME)
        self.setStyleSheet(LOOK)
        self.full_plan = plan
        self.log = log
        self.rehearsal = Rehearsal(plan, log.clock, log.record)
        self.attempts: dict[str, int] = {}  # segment id -> attempt number, for the last attempt
        self.bridge = ShowBridge(log.bus, self)
        self.bridge.event.connect(self.on_event)
        show = plan.rundown.show
        self.setWindowTitle(f"Rehearsal — {plan.exhibitor.name} — {show.title}")

        self.choice = QComboBox()
        self.choice.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.choice.addItem(f"Whole slot  ·  {minutes(plan.length)}", [p.segment.id for p in plan.segments])
        for planned in plan.segments if len(plan.segments) > 1 else ():
            self.choice.addItem(f"{planned.segment.title} only  ·  {minutes(planned.segment.duration)}", [planned.segment.id])
        self.choice.currentIndexChanged.connect(self._choose)
        self.segment_line = self._label("rehearsalSegment")
        self.countdown = RehearsalCountdown(136)
        self.progress = self._label("rehearsalProgress")
        self.card = FittedLabel(30, 84)
        self.card.setObjectName("rehearsalCard")
        self.card.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)  # it fits its box, never sizes it
        self.result = ResultView()
        self.centre = QStackedWidget()
        self.centre.addWidget(self._panel(self.card))
        self.centre.addWidget(self.result)
        self.centre.currentChanged.connect(self._size_by_current_page)
        self._size_by_current_page(0)
        self.next_mark = self._label("rehearsalMark")
        self.next_mark.setWordWrap(True)
        self.next_mark.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)  # two lines, set below
        self.status = self._label("rehearsalProgress")
        self.status.hide()  # until something goes wrong
        self.marks = QListWidget()
        self.questions = QListWidget()
        for listing in (self.marks, self.questions):
            listing.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            listing.setWordWrap(True)
            listing.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.buttons = {name: self._button(label, name, key)
                        for name, label, key in (("start", "Start", "Space"), ("next_card", "Next card", "N"), ("stop", "Stop", "Esc"))}
        self.history = HistoryView(show.tz)
        self.tabs = QTabWidget()
        self.tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._layout()
        self.next_mark.ensurePolished()  # its font comes from the window's style sheet
        self.next_mark.setMinimumHeight(2 * self.next_mark.fontMetrics().lineSpacing() + 6)

        # The chart is drawn only while the History tab shows (a redraw takes about 0.2 s of the GUI thread,
        # which the console shares), and once for the segments of one attempt.
        self._history_stale = True
        self._history_due = QTimer(self, singleShot=True, interval=150)
        self._history_due.timeout.connect(self.refresh_history)
        self.tabs.currentChanged.connect(self._history_if_stale)
        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._show_plan()
        self.refresh()
        self._timer.start()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.resize(1280, 800)

    # ----- the exhibitor's buttons -------------------------------------------------------

    def start(self) -> None:
        if self.rehearsal.start():
            self.attempts = {}
            self.tabs.setCurrentIndex(0)
            self.centre.setCurrentIndex(0)
            self.refresh()

    def next_card(self) -> None:
        if self.rehearsal.next_card():
            self.refresh()

    def stop(self) -> None:
        if self.rehearsal.stop():
            self.refresh()

    # ----- fed by the timer and the bridge ---------------------------------------------------

    def refresh(self) -> None:
        state = self.rehearsal.state()
        plan = self.rehearsal.plan
        self.countdown.show_rehearsal(state)
        self.countdown.setVisible(state.phase != "done")  # the result takes its room
        running = state.phase == "running"
        self.buttons["start"].setEnabled(not running)
        self.buttons["start"].setText(("Start" if state.phase == "ready" else "Start again") + "\nSpace")
        self.buttons["next_card"].setEnabled(running)
        self.buttons["stop"].setEnabled(running)
        self.choice.setEnabled(not running)
        if state.phase == "ready":
            first = plan.segments[0]
            self._set(self.segment_line, f"{first.segment.title}  ·  slot {minutes(plan.length)}")
            count = len(plan.segments)
            self._set(self.progress, f"{len(plan.marks)} cards, {count} segment{'s' if count > 1 else ''}")
            self.card.set_fitted_text(f"Ready? Press Start (Space).\nFirst card: {first.cards[0].text}")
            self._set(self.next_mark, "The clock starts when you press Start.")
            return
        if state.segment is None or state.card is None:  # set from the first start on: not "ready"
            return
        planned = plan.segments[state.segment]
        self._set(self.segment_line, f"{planned.segment.title}  ·  segment {state.segment + 1} of {len(plan.segments)}")
        self._set(self.progress, f"card {state.card + 1} of {len(planned.cards)}  ·  "
                                 f"{minutes(state.run_elapsed)} of {minutes(plan.length)}")
        self._highlight(plan.mark_index(state.segment, state.card))
        if running:
            self.card.set_fitted_text(planned.cards[state.card].text)
            self.buttons["next_card"].setText(("Next card" if state.next_mark else "Finish") + "\nN")
            self._show_next_mark(state)
        elif self.centre.currentIndex() == 0:  # the attempt just ended
            self.result.show_results(self.rehearsal.results, self.attempts)
            self.centre.setCurrentIndex(1)
            self._set(self.next_mark, "Press Start (Space) to try again; the History tab compares your attempts.")
            self.next_mark.setStyleSheet("")

    def on_event(self, event: Event) -> None:
        if isinstance(event, AttemptLogged):
            logged = event.logged
            if any(r is logged.result for r in self.rehearsal.results):
                self.attempts[logged.result.segment_id] = logged.attempt
                if self.rehearsal.phase == "done":
                    self.result.show_results(self.rehearsal.results, self.attempts)
            self._history_stale = True
            self._history_if_stale()
        elif isinstance(event, Notice):
            self._set(self.status, event.message)
            self.status.show()
            self.status.setStyleSheet(f"color: {LEVEL_COLOURS['alarm']};" if event.level == "error" else "")

    def refresh_history(self) -> None:
        self._history_stale = False
        self.history.show_history(self.full_plan.segments, self.log.history(self.full_plan.exhibitor.id))

    def _history_if_stale(self) -> None:
        if self._history_stale and self.tabs.currentWidget() is self.history:
            self._history_due.start()

    # ----- keys: taken before any application-wide shortcut (the console's Space = GO) ------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and self._action(event) is not None:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt)
        action = self._action(event)
        if action is None:
            super().keyPressEvent(event)
        else:
            getattr(self, action)()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt)
        super().resizeEvent(event)
        self.countdown.set_pixel_size(max(90, int(self.height() * 0.17)))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt)
        self.rehearsal.stop()  # an attempt cut short by closing is still logged
        self._timer.stop()
        self.bridge.close()
        self.log.close()
        super().closeEvent(event)

    # ----- internals ---------------------------------------------------------------------

    @staticmethod
    def _action(event: QEvent) -> str | None:
        if not isinstance(event, QKeyEvent) or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return None
        return KEYS.get(Qt.Key(event.key()))

    def _choose(self, index: int) -> None:
        if self.rehearsal.phase == "running":
            return
        plan = self.full_plan.with_segments(self.choice.itemData(index))
        self.rehearsal = Rehearsal(plan, self.log.clock, self.log.record)
        self.centre.setCurrentIndex(0)
        self._show_plan()
        self.refresh()

    def _show_plan(self) -> None:
        plan = self.rehearsal.plan
        self.marks.clear()
        for mark in plan.marks:
            planned = plan.segments[mark.segment]
            text = planned.segment.title if mark.first_of_segment() else first_line(planned.cards[mark.card].text)
            item = QListWidgetItem(f"{minutes(mark.at):>5}   {text}")
            if mark.first_of_segment():
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.marks.addItem(item)
        self.questions.clear()
        self.questions.addItems([f"{i}. {question}" for i, question in enumerate(plan.questions, 1)])
        self.questions_box.setVisible(bool(plan.questions))

    def _size_by_current_page(self, index: int) -> None:
        """Only the page on show counts for the window's minimum size (the result is taller than the card)."""
        for i in range(self.centre.count()):
            policy = QSizePolicy.Policy.Preferred if i == index else QSizePolicy.Policy.Ignored
            page = self.centre.widget(i)
            if page is not None:
                page.setSizePolicy(policy, policy)

    def _show_next_mark(self, state: RehearsalState) -> None:
        mark = state.next_mark
        if mark is None:
            text, colour = "Last card: press Next card (N) or Stop (Esc) when you are done.", ""
        elif state.late_s >= 1:
            text, colour = f"Behind — {self.rehearsal.plan.describe(mark)} ({minutes(state.late_s)} late)", LATE
        else:
            text, colour = f"Next — {self.rehearsal.plan.describe(mark)} (in {minutes(mark.at - state.run_elapsed)})", ""
        self._set(self.next_mark, text)
        style = f"color: {colour};" if colour else ""
        if self.next_mark.styleSheet() != style:
            self.next_mark.setStyleSheet(style)

    def _highlight(self, row: int) -> None:
        if self.marks.currentRow() != row:
            self.marks.setCurrentRow(row)

    @staticmethod
    def _set(label: QLabel, text: str) -> None:
        if label.text() != text:
            label.setText(text)

    @staticmethod
    def _label(name: str) -> QLabel:
        label = QLabel("")
        label.setObjectName(name)
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # long texts never widen the window
        return label

    @staticmethod
    def _panel(inner: QWidget) -> QFrame:
        frame = QFrame()
        frame.setObjectName("panel")
        layout = QVBoxLayout(frame)
        layout.addWidget(inner)
        return frame

    def _button(self, label: str, name: str, key: str) -> QPushButton:
        button = QPushButton(f"{label}\n{key}")
        button.setProperty("role", "big")
        button.setObjectName({"start": "rehearsalStart", "stop": "rehearsalStop"}.get(name, ""))
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(getattr(self, name))
        return button

    def _layout(self) -> None:
        header = QHBoxLayout()
        title = QLabel(f"{self.full_plan.exhibitor.name} — rehearsal")
        title.setObjectName("rehearsalTitle")
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.choice)

        buttons = QHBoxLayout()
        for button in self.buttons.values():
            buttons.addWidget(button)

        left = QVBoxLayout()
        left.addWidget(self.segment_line)
        left.addWidget(self.countdown)
        left.addWidget(self.progress)
        left.addWidget(self.centre, 1)
        left.addWidget(self.next_mark)
        left.addLayout(buttons)
        left.addWidget(self.status)

        right = QVBoxLayout()
        right.addWidget(caption("Time marks"))
        right.addWidget(self.marks, 3)
        self.questions_box = QWidget()
        questions = QVBoxLayout(self.questions_box)
        questions.setContentsMargins(0, 8, 0, 0)
        questions.addWidget(caption("The presenter will ask"))
        questions.addWidget(self.questions)
        right.addWidget(self.questions_box, 2)

        page = QWidget()
        body = QHBoxLayout(page)
        body.addLayout(left, 5)
        body.addLayout(right, 2)
        self.tabs.addTab(page, "Rehearse")
        self.tabs.addTab(self.history, "History")

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)


def open_rehearsal(rundown: Rundown, exhibitor_id: str, writer: Writer, parent: QWidget | None = None) -> RehearsalWindow:
    """The window for an exhibitor of a running show (console): the show's writer, a clock of its own."""
    window = RehearsalWindow(plan_for(rundown, exhibitor_id), RehearsalLog(writer, EventBus(), SystemClock()), parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    return window


def run_rehearsal(options: RehearsalOptions) -> int:
    """`studio rehearse`: returns the process exit code."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("studio")
    apply_theme(app, SettingsStore().load().console_font_pt)
    try:
        log = RehearsalLog.open(options.db, EventBus(), SystemClock())
    except (OSError, sqlite3.Error) as exc:
        print(f"studio: cannot open the database {options.db}: {exc}", file=sys.stderr)
        return 1
    window = RehearsalWindow(options.plan, log)
    app.aboutToQuit.connect(window.close)  # an attempt still running is logged, and the writer closed
    window.show()
    return app.exec()
