"""The console's media monitor: the clip's video (drawn by VLC), its name and the time left on it.

VLC draws into a native child window (`VideoSurface`); everything else on the panel is fed
by the core's media events through the bridge. Without libvlc the panel says so plainly
and the console runs as before.
"""

from __future__ import annotations

import math
from pathlib import PurePath

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget,
)

from studio.show.events import ClipEnded, ClipFailed, ClipPlaying, ClipProgress, Event, MediaReady
from studio.media.service import MediaService

from ui.settings import Settings
from ui.widgets.theme import BAD, LEVEL_COLOURS, MUTED, caption
from ui.widgets.timefmt import countdown

EMBEDDABLE = ("xcb", "windows", "cocoa")  # Qt platforms whose native windows VLC can draw into
NO_OUTPUT = "No output window"
WARN_LEFT_S, ALARM_LEFT_S = 10.0, 3.0
VIDEO_SIZE = QSize(256, 144)


class VideoSurface(QWidget):
    """A black native window for VLC to draw into."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        self.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("black"))
        self.setPalette(palette)

    def handle(self) -> int | None:
        """The native window id for libvlc; None where VLC cannot draw into Qt's windows (Wayland, offscreen)."""
        return int(self.winId()) if QGuiApplication.platformName() in EMBEDDABLE else None


class MediaMonitor(QFrame):
    stop_requested = Signal()
    screen_chosen = Signal(str)  # QScreen.name(), or "" for no output window
    beeps_toggled = Signal(bool)

    def __init__(self, media: MediaService | None, settings: Settings, screens: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.video = VideoSurface()
        self.video.setFixedSize(VIDEO_SIZE)
        self.clip = QLabel("No clip")
        self.clip.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.clip.setWordWrap(True)
        self.time_left = QLabel("--:--")
        self.time_left.setStyleSheet(f"font-size: 40pt; font-weight: bold; color: {MUTED};")
        self.time_left.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.stop = QPushButton("Stop clip")
        self.stop.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.stop.setEnabled(False)
        self.stop.clicked.connect(self.stop_requested)
        self.output_label = QLabel("Output")
        self.output = QComboBox()
        self.output.addItems([NO_OUTPUT, *screens])
        if settings.media_screen and settings.media_screen in screens:
            self.output.setCurrentText(settings.media_screen)
        self.output.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.output.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.output.setMinimumContentsLength(10)  # screen names are long; the panel must not squeeze the rundown
        self.output.currentTextChanged.connect(lambda text: self.screen_chosen.emit("" if text == NO_OUTPUT else text))
        self.beeps = QCheckBox("Beeps at 30 s and 10 s left")
        self.beeps.setChecked(settings.countdown_beeps)
        self.beeps.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.beeps.toggled.connect(self.beeps_toggled)
        self._layout()
        # libvlc opens on the media thread while the console starts: MediaReady says when it cannot be used
        self.off = "Media playback is off: not set up for this show." if media is None else media.known_off
        if self.off:
            self._say_off(self.off)

    # ----- fed by the bridge ------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        match event:
            case MediaReady(off=str() as off):
                self.off = off
                self._say_off(off)
            case ClipPlaying(clip=clip, duration_s=duration):
                self._show(clip, duration, "PLAYING", LEVEL_COLOURS["ok"])
                self.stop.setEnabled(True)
            case ClipProgress(clip=clip, time_left_s=left):
                level = "alarm" if left <= ALARM_LEFT_S else "warning" if left <= WARN_LEFT_S else "ok"
                self._show(clip, left, "PLAYING", LEVEL_COLOURS[level])
            case ClipEnded(clip=clip, reason=reason):
                self._show(clip, 0.0, "ENDED" if reason == "end" else "STOPPED", MUTED)
                self.stop.setEnabled(False)
            case ClipFailed(clip=clip, message=message):
                self._name(clip)
                self.time_left.setText("--:--")
                self._status(f"Cannot play: {message}", BAD)
                self.stop.setEnabled(False)

    # ----- internals ----------------------------------------------------------------------

    def _show(self, clip: str, left_s: float, status: str, colour: str) -> None:
        self._name(clip)
        self.time_left.setText(countdown(math.ceil(left_s)))
        self.time_left.setStyleSheet(f"font-size: 40pt; font-weight: bold; color: {colour};")
        self._status(status, colour)

    def _name(self, clip: str) -> None:
        """The file's name, big; the path as the rundown writes it in the tooltip."""
        self.clip.setText(PurePath(clip).name)
        self.clip.setToolTip(clip)

    def _status(self, text: str, colour: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {colour}; font-weight: bold;")

    def _say_off(self, sentence: str) -> None:
        self.video.hide()
        self.clip.setText(sentence)
        self.clip.setStyleSheet(f"font-size: 13pt; color: {MUTED};")
        self.time_left.hide()
        for control in (self.stop, self.output_label, self.output, self.beeps):
            control.setEnabled(False)
            control.hide()

    def _layout(self) -> None:
        """Video on the left at 16:9, what a director reads on the right: compact, so the event log keeps its room."""
        readout = QGridLayout()
        readout.addWidget(self.clip, 0, 0, 1, 2)
        readout.addWidget(self.status, 1, 0, Qt.AlignmentFlag.AlignBottom)
        readout.addWidget(self.time_left, 1, 1)
        readout.setColumnStretch(0, 1)
        controls = QHBoxLayout()
        controls.addWidget(self.stop)
        controls.addWidget(self.output_label)
        controls.addWidget(self.output, 1)
        side = QVBoxLayout()
        side.addLayout(readout)
        side.addLayout(controls)
        side.addWidget(self.beeps)
        row = QHBoxLayout()
        row.addWidget(self.video, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(side, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(caption("Media"))
        layout.addLayout(row)
