"""The console's moderation list of audience questions (docs/questions.md).

Waiting questions (amber) and approved ones (green, on the presenter's screen and their exhibitor's
view) in the order they came. The buttons never take the keyboard; the list does only when the
director clicks it or presses F7, and then A approves, R rejects, X marks answered (crossed off) and Escape hands
the keyboard back to the rundown. GO's keys are the application's shortcuts, so they still work
while the list has the focus (a list takes no Space, B, S, H, N, D, C or P of its own).
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QSizePolicy, QVBoxLayout, QWidget,
)

from studio.questions.model import Asked

Execute = Callable[[str, Mapping[str, Any]], object]  # the show's execute: a command of the registry
ACTIONS = (("approve_question", "Approve", "A"), ("reject_question", "Reject", "R"), ("answer_question", "Done", "X"))  # D is the delay's
TIPS = {"approve_question": "On the presenter's screen and its exhibitor's view (A)", "reject_question": "Never shown (R)",
        "answer_question": "Answered: off the screens, kept in the report (X)"}
COLOURS = {"waiting": "#ffb020", "approved": "#35e07a"}
LISTED = ("waiting", "approved")


class QuestionsPanel(QWidget):
    finished = Signal()  # Escape: the keyboard goes back to the rundown
    waiting_changed = Signal(int)  # how many wait for a decision (the tab's title shows it)

    def __init__(self, execute: Execute, questions: tuple[Asked, ...] = ()) -> None:
        super().__init__()
        self._execute = execute
        self.list = QListWidget()
        self.list.setObjectName("questions")
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        self.list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab never lands here by surprise
        self.empty = QLabel("No audience questions yet. They come over POST /questions or --questions-file.")
        self.empty.setWordWrap(True)
        self.empty.setObjectName("muted")
        self.empty.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setProperty("density", "compact")  # assets/studio.qss: the buttons' labels fit a laptop's narrow tab
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for name, label, key in ACTIONS:
            button = QPushButton(f"{label}  {key}")
            button.setObjectName(name)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(TIPS[name])
            button.setMinimumWidth(0)
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)  # a narrow tab shrinks them
            button.clicked.connect(lambda _=False, name=name: self.act(name))
            row.addWidget(button)
            self.buttons[name] = button
            shortcut = QShortcut(QKeySequence(key), self.list, lambda name=name: self.act(name))
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)  # only while the list has the focus
        escape = QShortcut(QKeySequence("Escape"), self.list, self.finished.emit)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)  # above the list: on a laptop's short tab the buttons stay in sight, the list scrolls
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        self.list.currentRowChanged.connect(lambda _: self._enable())
        self.show_questions(questions)

    def show_questions(self, questions: tuple[Asked, ...]) -> None:
        """The list as the board says it is now; the selection stays on the same question if it is still listed."""
        selected = self.selected()
        listed = [asked for asked in questions if asked.status in LISTED]
        self.list.clear()
        for asked in listed:
            item = QListWidgetItem(_line(asked))
            item.setData(Qt.ItemDataRole.UserRole, asked.number)
            item.setForeground(QColor(COLOURS[asked.status]))
            self.list.addItem(item)
            if asked.number == selected:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and listed:
            self.list.setCurrentRow(0)
        self.empty.setVisible(not listed)
        self._enable()
        self.waiting_changed.emit(sum(asked.status == "waiting" for asked in listed))

    def selected(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def take_keys(self) -> None:
        """F7: the list takes the keyboard (A, R, X, arrows; Escape gives it back)."""
        self.list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def act(self, name: str) -> None:
        number = self.selected()
        if number is not None:
            self._execute(name, {"question": number})

    def _enable(self) -> None:
        for button in self.buttons.values():
            button.setEnabled(self.selected() is not None)


def _line(asked: Asked) -> str:
    """"#3 waiting · Marie, Lyon · acme (pitch)\nDoes the lift fit a van?"."""
    q = asked.question
    credit = f"{asked.exhibitor_id or 'nobody'}" + (f" ({asked.segment_id})" if asked.segment_id else "")
    who = " · ".join(part for part in (f"#{asked.number} {asked.status}", q.author, credit) if part)
    return f"{who}\n{q.text}"
