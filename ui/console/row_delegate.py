"""Rundown rows keep their tally colours when selected: the selection is an outline, never a fill.

A filled selection painted over the red ON AIR row hid the one row a director must always see.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

SELECTION = QColor("#58a6ff")
SELECTED = QStyle.StateFlag.State_Selected
MARKED = SELECTED | QStyle.StateFlag.State_HasFocus  # what Qt would fill: left out, the outline drawn instead


class RowDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        state = option.state
        if not state & MARKED:  # most cells: nothing to take out (a copy and Python's flag arithmetic cost each cell)
            super().paint(painter, option, index)
            return
        plain = QStyleOptionViewItem(option)
        plain.state = state & ~MARKED
        super().paint(painter, plain, index)
        if not state & SELECTED:
            return
        painter.save()
        painter.setPen(QPen(SELECTION, 3))
        rect = option.rect.adjusted(1, 1, -2, -2)
        painter.drawLine(rect.topLeft(), rect.topRight())
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        if index.column() == 0:
            painter.drawLine(rect.topLeft(), rect.bottomLeft())
        if index.column() == index.model().columnCount() - 1:
            painter.drawLine(rect.topRight(), rect.bottomRight())
        painter.restore()
