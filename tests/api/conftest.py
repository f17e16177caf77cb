"""Fixtures for the HTTP API: a real LiveShow on a small rundown, served on loopback."""

from __future__ import annotations

from typing import Iterator

import pytest
from apikit import Client

from showkit import Recorded, make_rundown, seg
from studio.api.server import ApiServer
from studio.app.session import LiveShow


@pytest.fixture
def show(db_dir) -> Iterator[LiveShow]:
    """A running show waiting for GO: intro 60 s, pitch 60 s (acme), closing 60 s."""
    rundown = make_rundown(seg("intro", 60), seg("pitch", 60, exhibitor="acme"), seg("closing", 60))
    live = LiveShow(rundown, db_dir / "studio.db", auto_start=False)
    live.recorded = Recorded(live.bus)  # type: ignore[attr-defined]
    live.run()
    yield live
    live.close()


@pytest.fixture
def serve() -> Iterator:
    """Serve a list of routes with the show's ApiServer on 127.0.0.1 (any free port); returns a Client."""
    servers: list[ApiServer] = []

    def start(routes: list) -> Client:
        server = ApiServer(routes, "127.0.0.1", 0)
        server.start()
        servers.append(server)
        return Client(server.port)

    yield start
    for server in servers:
        server.stop()
