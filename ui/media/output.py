"""The clip output: a full-screen window on the output screen that OBS captures, and the wiring
between the media monitor's controls, the settings and the core's media service."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QStyle, QVBoxLayout, QWidget

from studio.media.service import MediaService
from studio.show.events import Event, MediaReady

from ui.media.monitor import MediaMonitor, VideoSurface
from ui.widgets.screens import choose_screen, place
from ui.settings import Settings, SettingsStore

OUTPUT_WINDOW = QSize(640, 360)  # its size when the output screen is the console's own


class MediaOutputWindow(QWidget):
    """Black, frameless, nothing but the clip: capture it in OBS with a Window or Display Capture."""

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.FramelessWindowHint)
        self.setWindowTitle("studio — media output")
        self.setStyleSheet("background: black;")
        self.setCursor(Qt.CursorShape.BlankCursor)
        self.video = VideoSurface()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.video)


class MediaOutput:
    """Opens the output window on the chosen screen and tells the media service where to draw."""

    def __init__(self, media: MediaService | None, monitor: MediaMonitor, settings: Settings, store: SettingsStore) -> None:
        self.media = media
        self.monitor = monitor
        self.settings = settings
        self.store = store
        self.window = MediaOutputWindow()
        self._console: QScreen | None = None
        monitor.screen_chosen.connect(self.choose_screen)
        monitor.beeps_toggled.connect(self.set_beeps)
        if media is not None:
            monitor.stop_requested.connect(media.stop_clip)

    def open(self, console: QScreen | None) -> None:
        """Place the output window as the settings say (GUI thread, once the console is shown)."""
        self._console = console
        self._place()

    def choose_screen(self, name: str) -> None:
        self.settings.media_screen = name
        self.store.save(self.settings)
        self._place()

    def set_beeps(self, on: bool) -> None:
        self.settings.countdown_beeps = on
        if self.media is not None:
            self.media.set_beeps(on)

    def close(self) -> None:
        """After the show (and so the media service) has closed: VLC no longer draws into the window."""
        self.window.close()

    def _beside_console(self, screen: QScreen) -> None:
        """On the console's own screen: a small window in its bottom-right corner, never full screen over it."""
        self.window.showNormal()
        self.window.setScreen(screen)
        area = screen.availableGeometry()
        self.window.setGeometry(QStyle.alignedRect(Qt.LayoutDirection.LeftToRight,
                                                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                                                   OUTPUT_WINDOW, area))

    def on_event(self, event: Event) -> None:
        """Fed by the bridge: libvlc cannot be used after all, so there is nothing to show."""
        if isinstance(event, MediaReady) and event.off:
            self.window.hide()

    def _place(self) -> None:
        if self.media is None or self.media.known_off:  # never waits for libvlc (MediaReady hides it if it is off)
            return
        if self.settings.media_screen:
            screen = choose_screen(self.settings.media_screen, self._console)
            if screen is not None and screen is self._console:
                self._beside_console(screen)
            else:
                place(self.window, screen)
        else:
            self.window.hide()  # hidden, not destroyed: a clip may still be drawing into it
        output = self.window.video.handle() if self.window.isVisible() else None
        self.media.set_views(output, self.monitor.video.handle())
