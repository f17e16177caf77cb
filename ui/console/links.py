"""The role links to hand out: each browser view's address with its token, a Copy button and a QR code.

A separate, non-modal window (never a dialog over the console): GO's keys keep working while it is
open, even while it is the active window (they are application shortcuts, and nothing here takes
the keyboard). QR codes by segno (pure Python, no Pillow; SVG and PNG, the QR standard's error
correction): a phone's camera opens the view.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QLabel, QPushButton, QScrollArea, QSizePolicy, QVBoxLayout, QWidget,
)

if TYPE_CHECKING:
    from studio.api.roles import ViewLink

QR_SCALE = 4  # pixels a module: a 33-module code is 148 px with its border, read from a phone at arm's length
QR_BORDER = 2  # modules of quiet zone
NO_LINKS = ("No browser views: set a control, crew or exhibitor token and start the listener "
            "(docs/views.md, docs/push-api.md).")
LOOPBACK = ("These links work on this computer only (loopback). To hand them out on the LAN, start with "
            "--orders-host 0.0.0.0 and name this computer in STUDIO_API_HOSTS (docs/views.md).")


def qr_pixmap(url: str) -> QPixmap:
    """The QR code of `url` as a PNG made by segno, `QR_SCALE` pixels a module."""
    import segno  # when the window opens, not at the console's start-up

    png = io.BytesIO()
    segno.make(url, error="m").save(png, kind="png", scale=QR_SCALE, border=QR_BORDER)
    pixmap = QPixmap()
    pixmap.loadFromData(png.getvalue(), "PNG")
    return pixmap


class LinksWindow(QWidget):
    def __init__(self, links: list[ViewLink], loopback: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)  # its own window, modeless
        self.setWindowTitle("Role links — studio")
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.links = links
        self.said = QLabel("")
        self.said.setObjectName("muted")
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(10)
        self.codes: dict[str, QLabel] = {}  # url -> its QR code
        self.copy_buttons: list[QPushButton] = []
        for row, link in enumerate(links):
            title = QLabel(f"<b>{link.label}</b><br><span style='color:#9aa4b2'>{link.role} token</span>")
            address = QLabel(link.url)
            address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # selectable, never focused
            address.setWordWrap(True)
            address.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            copy = QPushButton("Copy")
            copy.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            copy.clicked.connect(lambda _=False, link=link: self.copy(link))
            code = QLabel()
            code.setPixmap(qr_pixmap(link.url))
            code.setToolTip(f"Scan to open {link.label}")
            self.codes[link.url] = code
            self.copy_buttons.append(copy)
            for column, widget in enumerate((title, address, copy, code)):
                grid.addWidget(widget, row, column)
        page = QWidget()
        page.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidget(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        intro = QLabel(NO_LINKS if not links else
                       "Whoever has a link opens that view with its role's rights: hand each one only to its person."
                       + (f"<br>{LOOPBACK}" if loopback else ""))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.said)
        self.resize(980, 720)

    def copy(self, link: ViewLink) -> None:
        QGuiApplication.clipboard().setText(link.url)
        self.said.setText(f"Copied the link of {link.label}.")


class LinksAction:
    """The status bar's "Role links" button: opens (or raises) the links window; the links are read then."""

    def __init__(self, links: Callable[[], tuple[list[ViewLink], bool]], parent: QWidget) -> None:
        self._links = links
        self._parent = parent
        self.window: LinksWindow | None = None

    def button(self) -> QPushButton:
        button = QPushButton("Role links / QR")
        button.setObjectName("roleLinks")
        button.setToolTip("Each browser view's link with its token, and its QR code, to hand out")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(self.open)
        return button

    def open(self) -> None:
        if self.window is None:
            links, loopback = self._links()
            self.window = LinksWindow(links, loopback, self._parent)
        self.window.show()
        self.window.raise_()
