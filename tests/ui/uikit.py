"""What the UI tests share besides fixtures: the test show, and reading the console the way a director
does, by the texts on screen. (Named uniquely: `conftest` or `helpers` may be another folder's module
when several test folders run together.)"""

from __future__ import annotations

from PySide6.QtCore import Qt

from ui.app import Studio
from ui.console.rundown_model import COLUMNS

RUNDOWN = """\
# UI test show: short segments so real-clock tests finish quickly.
show:
  title: UI test show
  timezone: Europe/Paris
  start: "19:30:00"
  warning: 2s
  alarm: 1s

exhibitors:
  - id: acme
    name: Acme Lifts

delays:   # prepared, not applied: D on the closing's row applies it
  - {id: doors, before: closing, duration: 5m, applied: false, note: doors open late}

segments:
  - id: intro   # the opening
    title: Intro
    kind: opening
    duration: 90s
    scene: Host Cam
    cards:
      - text: Welcome to the show
  - id: pitch
    title: Acme pitch
    kind: pitch
    exhibitor: acme
    duration: 2s
    scene: Exhibitor Cam
    cards:
      - text: Acme lifts since 1987
      - at: 1s
        text: Three tonnes tonight
  - id: demo
    title: Acme demo
    kind: demo
    exhibitor: acme
    duration: 90s
  - id: closing
    title: Closing
    kind: closing
    duration: 60s
"""


def column(studio: Studio, name: str) -> list[str]:
    model = studio.console.model
    index = COLUMNS.index(name)
    return [model.data(model.index(row, index), Qt.ItemDataRole.DisplayRole) for row in range(model.rowCount())]


def logged(studio: Studio, fragment: str) -> bool:
    return any(fragment in line for line in studio.console.log.lines())
