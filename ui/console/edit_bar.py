"""Live-edit controls for the selected segment, with an inline problem line (never a dialog)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.widgets.theme import caption


class EditBar(QFrame):
    move = Signal(int)  # -1 up, +1 down
    duration = Signal(str)
    insert_break = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        row = QHBoxLayout()
        row.addWidget(caption("EDIT SELECTED"))
        self.up = self._button("Move up", row, lambda: self.move.emit(-1))
        self.down = self._button("Move down", row, lambda: self.move.emit(1))
        self.duration_text = self._field("4m30s", row)
        self.set_duration = self._button("Set duration", row, lambda: self.duration.emit(self.duration_text.text()))
        self.break_text = self._field("2m", row)
        self.add_break = self._button("Insert break after", row, lambda: self.insert_break.emit(self.break_text.text()))
        row.addStretch(1)
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #ff5a4f; font-weight: bold;")
        self.problem.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addLayout(row)
        layout.addWidget(self.problem)

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _button(self, text: str, row: QHBoxLayout, handler) -> QPushButton:
        button = QPushButton(text)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(handler)
        row.addWidget(button)
        return button

    def _field(self, placeholder: str, row: QHBoxLayout) -> QLineEdit:
        field = QLineEdit()
        field.setPlaceholderText(placeholder)
        field.setFixedWidth(90)
        row.addWidget(field)
        return field
