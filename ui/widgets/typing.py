"""Fields the director types into: the only widgets allowed to keep the show's keys.

Enter applies (the caller connects `returnPressed` first), Escape cancels, and either way
`done` gives the keyboard back to the show.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLineEdit


def typing_field(field: QLineEdit, done: Callable[[], None]) -> None:
    def cancel() -> None:
        field.clear()
        done()

    escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), field, cancel)
    escape.setContext(Qt.ShortcutContext.WidgetShortcut)
    field.returnPressed.connect(done)
