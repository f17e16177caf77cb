"""Live-edit controls for the selected segment, with an inline problem line (never a dialog).

The two fields are the only places the director types: Enter applies, Escape cancels, and
either way `finished` hands the keyboard back to the show (the console focuses the rundown).
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.widgets.theme import caption
from ui.widgets.typing import typing_field


class EditBar(QFrame):
    move = Signal(int)  # -1 up, +1 down
    duration = Signal(str)
    insert_break = Signal(str)
    undo = Signal()
    redo = Signal()
    finished = Signal()  # an edit action was taken or a field was left: keys belong to the show again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        row = QHBoxLayout()
        row.addWidget(caption("EDIT SELECTED"))
        self.up = self._button("Move up", row, lambda: self.move.emit(-1))
        self.down = self._button("Move down", row, lambda: self.move.emit(1))
        self.duration_text = self._field("4m30s", row, lambda: self.duration.emit(self.duration_text.text()))
        self.set_duration = self._button("Set duration", row, lambda: self.duration.emit(self.duration_text.text()))
        self.break_text = self._field("2m", row, lambda: self.insert_break.emit(self.break_text.text()))
        self.add_break = self._button("Insert break after", row, lambda: self.insert_break.emit(self.break_text.text()))
        row.addStretch(1)
        self.undo_button = self._button("Undo", row, self.undo.emit)
        self.redo_button = self._button("Redo", row, self.redo.emit)
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #ff5a4f; font-weight: bold;")
        self.problem.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        self.set_history(False, False)

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def set_history(self, can_undo: bool, can_redo: bool) -> None:
        self.undo_button.setEnabled(can_undo)
        self.redo_button.setEnabled(can_redo)

    def _button(self, text: str, row: QHBoxLayout, handler: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda _=False: handler())
        row.addWidget(button)
        return button

    def _field(self, placeholder: str, row: QHBoxLayout, apply: Callable[[], None]) -> QLineEdit:
        field = QLineEdit()
        field.setPlaceholderText(placeholder)
        field.setToolTip("Enter applies, Escape cancels")
        field.setFixedWidth(90)
        field.returnPressed.connect(apply)
        typing_field(field, self.finished.emit)
        row.addWidget(field)
        return field
