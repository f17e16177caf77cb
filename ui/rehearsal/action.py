"""The console's Rehearse action: the rehearsal window for the exhibitor of the selected row.

The window runs on its own clock and its own `Rehearsal`, never the show's engine; it only
shares the show's database writer, so attempts land in the same file as the as-run log.
What goes wrong is said in the status bar, never in a dialog.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Qt, SignalInstance
from PySide6.QtWidgets import QPushButton, QStatusBar, QWidget

from studio.app.session import ConsoleShow
from ui.rehearsal import WINDOW_NAME
from studio.rundown.model import Rundown

MESSAGE_MS = 10000


class RehearsalAction(QObject):
    def __init__(self, show: ConsoleShow, rundown: Callable[[], Rundown], selected: Callable[[], str | None],
                 status: QStatusBar, closing: SignalInstance, parent: QWidget) -> None:
        super().__init__(parent)
        self.window = parent  # rehearsal windows are its children
        self.show = show
        self.rundown = rundown
        self.selected = selected
        self.status = status
        closing.connect(self.close_all)  # connected before the show's own close: attempts in progress are saved first

    def button(self) -> QPushButton:
        button = QPushButton("Rehearse…\nselected exhibitor")
        button.setToolTip("Open the rehearsal window for the exhibitor of the selected row (the live show is not touched)")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setMinimumHeight(58)
        button.clicked.connect(self.trigger)
        return button

    def trigger(self) -> QWidget | None:
        from studio.rehearsal.plan import RehearsalError  # both loaded only when someone rehearses (matplotlib)
        from ui.rehearsal.window import open_rehearsal

        rundown = self.rundown()
        segment_id = self.selected()
        exhibitor = next((s.exhibitor for s in rundown.segments if s.id == segment_id), None)
        if exhibitor is None:
            self.status.showMessage("Select a segment of an exhibitor in the rundown, then Rehearse.", MESSAGE_MS)
            return None
        try:
            window = open_rehearsal(rundown, exhibitor, self.show.writer, self.window)
        except RehearsalError as exc:
            self.status.showMessage(str(exc), MESSAGE_MS)
            return None
        window.show()
        return window

    def close_all(self) -> None:
        for window in self.window.findChildren(QWidget, WINDOW_NAME):
            window.close()
