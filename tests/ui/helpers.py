"""Reading the console the way a director does: by the texts on screen."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ui.app import Studio
from ui.rundown_model import COLUMNS


def column(studio: Studio, name: str) -> list[str]:
    model = studio.console.model
    index = COLUMNS.index(name)
    return [model.data(model.index(row, index), Qt.ItemDataRole.DisplayRole) for row in range(model.rowCount())]


def logged(studio: Studio, fragment: str) -> bool:
    return any(fragment in line for line in studio.console.log.lines())
