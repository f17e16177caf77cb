"""Blocks, delays and custom fields on the console and the presenter screen (a real studio, real clock)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from uikit import RUNDOWN, column, logged

BLOCKS = RUNDOWN.replace("""segments:
""", """blocks:
  - {id: acme-slot, title: Acme slot, budget: 4m}
fields:
  - {name: camera, type: choice, title: Camera, choices: [Cam 1, Jib]}

segments:
""").replace("""    exhibitor: acme
    duration: 2s
""", """    exhibitor: acme
    duration: 2s
    block: acme-slot
    fields: {camera: Jib}
""").replace("""    exhibitor: acme
    duration: 90s
""", """    exhibitor: acme
    duration: 90s
    block: acme-slot
""")


def test_the_console_shows_the_block_budget_the_delays_and_the_custom_fields(make_studio, tmp_path: Path, qtbot) -> None:
    path = tmp_path / "blocks.yaml"
    path.write_text(BLOCKS, encoding="utf-8")
    studio = make_studio(path)
    console, glance = studio.console, studio.console.glance
    assert not glance.block.isHidden()
    qtbot.waitUntil(lambda: glance.block.value.full_text == "Acme slot next  04:00 · -02:28")  # 92 s planned in 4 min
    studio.show.execute("jump", {"segment": "pitch", "confirm": True})
    qtbot.waitUntil(lambda: " left · " in glance.block.value.full_text, timeout=3000)
    assert glance.block.value.full_text.startswith("Acme slot  0")  # counting down from 04:00
    assert "Acme slot" in studio.presenter.clock_line.text() and " left" in studio.presenter.clock_line.text()
    assert column(studio, "Block") == ["", "Acme slot", "Acme slot", ""]
    assert column(studio, "Segment")[3] == "Closing"
    model = console.model
    tip = model.data(model.index(1, 0), Qt.ItemDataRole.ToolTipRole)
    assert tip.splitlines() == ["Acme pitch", "Block: Acme slot", "Camera: Jib"]
    assert "+05:00 delay (doors, cancelled) — doors open late" in model.data(model.index(3, 0), Qt.ItemDataRole.ToolTipRole)
    studio.show.execute("delay", {"delay": "doors", "on": True})
    qtbot.waitUntil(lambda: column(studio, "Segment")[3] == "+05:00 delay · Closing", timeout=3000)
    studio.show.execute("delay", {"delay": "doors", "on": False})
    qtbot.waitUntil(lambda: column(studio, "Segment")[3] == "Closing", timeout=3000)
    assert logged(studio, "Director: delay doors applied.") and logged(studio, "Director: delay doors cancelled.")
    QApplication.processEvents()
