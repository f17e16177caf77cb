"""What an adapter (OBS, media) may see of the running show, instead of the concrete Engine.

Read on the show loop, from the adapter's event handlers. `set_preroll` is the one thing an
adapter may tune: OBS's measured switch latency, so scene switches are sent that much early.
The Engine satisfies this; the builder (studio/app/builder.py) hands it over as a ShowView.
"""

from __future__ import annotations

from typing import Protocol

from studio.rundown.model import Rundown, Segment
from studio.show.clock import Clock
from studio.show.events import EventBus


class ShowView(Protocol):
    @property
    def rundown(self) -> Rundown: ...  # the live one: it changes when the director edits it

    @property
    def clock(self) -> Clock: ...

    @property
    def bus(self) -> EventBus: ...

    @property
    def on_air(self) -> Segment | None: ...

    @property
    def up_next(self) -> Segment | None: ...

    @property
    def preroll_s(self) -> float: ...

    def set_preroll(self, seconds: float) -> None: ...
