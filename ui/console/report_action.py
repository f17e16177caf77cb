"""The console's Report action: the HTML report of the show on air, written off the GUI thread and opened
in the browser; what happened is said in the status bar, never in a dialog."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from platformdirs import user_documents_path
from PySide6.QtCore import QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QPushButton, QStatusBar

from studio.app.session import ConsoleShow
from studio.threads import start_thread

MESSAGE_MS = 15000
log = logging.getLogger(__name__)


def reports_folder() -> Path:
    return user_documents_path() / "studio reports"


class ReportAction(QObject):
    _written = Signal(object, str)  # (Path | None, problem): emitted on the worker thread, delivered on the GUI thread

    def __init__(self, show: ConsoleShow, status: QStatusBar, folder: Path | None = None,
                 open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl) -> None:
        super().__init__(status)
        self.show = show
        self.status = status
        self.folder = folder or reports_folder()
        self.open_url = open_url
        self.busy = False
        self._written.connect(self._on_written, Qt.ConnectionType.QueuedConnection)

    def button(self) -> QPushButton:
        button = QPushButton("Show report\nHTML")
        button.setToolTip(f"Write the HTML report of this show to {self.folder} and open it")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setMinimumHeight(58)
        button.clicked.connect(self.trigger)
        return button

    @Slot()
    def trigger(self) -> None:
        show_id = self.show.show_id
        if show_id is None:
            self.status.showMessage("No report yet: nothing of this show has aired.", MESSAGE_MS)
            return
        if self.busy:
            return
        self.busy = True
        self.status.showMessage("Writing the show report…")
        start_thread("report", self._write, show_id)

    def _write(self, show_id: int) -> None:  # worker thread: nothing Qt but the signal
        from studio.report.command import write_html_report  # the report's modules only when one is written
        from studio.report.log import ReportError

        try:
            self._written.emit(write_html_report(self.show.db_path, show_id, self.folder), "")
        except ReportError as exc:
            self._written.emit(None, str(exc))
        except OSError as exc:
            self._written.emit(None, f"Could not write the report in {self.folder}: {exc.strerror or exc}.")
        except Exception as exc:  # the show goes on; the director reads why in the status bar
            log.exception("writing the report failed")
            self._written.emit(None, f"Could not write the report: {exc}")

    @Slot(object, str)
    def _on_written(self, path: Path | None, problem: str) -> None:
        self.busy = False
        if path is None:
            self.status.showMessage(problem, MESSAGE_MS)
        elif self.open_url(QUrl.fromLocalFile(str(path))):
            self.status.showMessage(f"Report written to {path} and opened in the browser.", MESSAGE_MS)
        else:
            self.status.showMessage(f"Report written to {path} (no browser could open it).", MESSAGE_MS)
