"""What `studio run` hands the console or the headless run, kept apart from the `studio` command
(studio/app/cli.py) so the console's start-up does not import every subcommand."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studio.central.config import CentralConfig
    from studio.obs.settings import ObsConnection
    from studio.orders.config import OrdersConfig
    from studio.osc import OscConfig
    from studio.relay.stream import StreamConfig
    from studio.rundown.model import Rundown
    from studio.standby.config import StandbyConfig


HUNG_UP = "Hung up (SIGHUP: the terminal closed or the ssh session dropped): the show goes on without it."


@dataclass
class RunOptions:
    """Everything `studio run` decided before the show: what the console or the headless run is given."""

    rundown: Rundown
    db: Path
    start: str | None = None
    resume: bool = False
    obs: ObsConnection | None = None
    notices: list[str] = field(default_factory=list)  # warnings for the director, shown once the show runs
    orders: OrdersConfig | None = None  # the order intake, its listener and sources
    relay: StreamConfig | None = None  # orders also read from a relay's Redis stream
    central: CentralConfig | None = None  # the log shipped to the event's PostgreSQL
    osc: OscConfig | None = None  # OSC commands in, state out (docs/osc.md)
    standby: StandbyConfig | None = None  # follow this primary; take the show over when it falls silent


def hold_collections() -> None:
    """The `studio` command's first step (ui/main.py): Python's cyclic collector waits until the show is
    built (`freeze_built`), or until the command is known to build none (`release_collections`).

    A show's start-up makes some 45,000 objects (modules, classes, Qt's enums, the rundown, the
    windows) that live as long as the show. Collected as they piled up, they were walked again and
    again: some 90 collections, 20-45 ms of the console's 0.35 s start (docs/benchmarks-ui.md).
    The 400 or so objects start-up leaves unreachable are frozen with the rest, rather than found
    by a full collection that would cost 20 ms.
    """
    gc.disable()


def release_collections() -> None:
    gc.enable()


def freeze_built() -> None:
    """Call once the show is built, before it runs (both entry points do).

    Everything built so far (Qt, the rundown, the modules) lives as long as the show: moved out of
    the collector's sight, full collections stop pausing every thread for 50-100 ms in an order
    burst (benchmarks/bench_orders_gui.py).
    """
    gc.freeze()
    release_collections()
