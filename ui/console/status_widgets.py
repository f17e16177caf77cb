"""Small status areas fed by signals, so later issues can wire them without touching the console."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from studio.obs.events import LinkState, ObsStatus

from ui.widgets.theme import BAD, GOOD, MUTED

_OBS_COLOURS = {"ok": GOOD, "warning": "#ffb020", "error": BAD, "off": MUTED}


def obs_status_text(status: ObsStatus) -> tuple[str, str]:
    """(level, text) for the status widget: the link's state, and the measured switch latency."""
    if status.state is LinkState.CONNECTED:
        latency = "" if status.switch_latency_s is None else f", cut latency {status.switch_latency_s * 1000:.0f} ms"
        return "ok", f"connected{latency}"
    if status.state is LinkState.CONNECTING:
        return "warning", "connecting…"
    retry = "" if status.retry_in_s is None else f", retrying in {status.retry_in_s:.0f} s"
    return "error", ("LOST" if status.state is LinkState.LOST else "not connected") + retry


def obs_alert(status: ObsStatus, retry_left_s: float | None) -> tuple[str, str] | None:
    """(severity, sentence) for the console's banner, or None while OBS is fine or still connecting.

    `retry_left_s` is what remains of the link's retry countdown now (the banner counts it down)."""
    if status.state in (LinkState.CONNECTED, LinkState.CONNECTING):
        return None
    state = {LinkState.LOST: "LOST", LinkState.DISCONNECTED: "not connected"}.get(status.state, str(status.state.value).replace("_", " "))
    what = f"OBS is {state}"
    retry = "" if retry_left_s is None else f" Retrying in {max(0, round(retry_left_s))} s."
    return "error", f"{what} ({status.url}): cuts and graphics are not reaching the switcher; the show clock runs on.{retry}"


class ObsStatusWidget(QFrame):
    """'OBS: ...' with a coloured dot; connect any signal carrying (level, text) to `set_status`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.dot = QLabel("●")
        self.label = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.addWidget(self.dot)
        layout.addWidget(self.label, 1)
        self.set_status("off", "not configured")

    @Slot(str, str)
    def set_status(self, level: str, text: str) -> None:
        self.label.setText(f"OBS: {text}")
        self.dot.setStyleSheet(f"color: {_OBS_COLOURS.get(level, MUTED)}; font-size: 13pt;")

