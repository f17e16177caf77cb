"""Every studio that drives OBS listens, on a connection of its own, for a standby's takeover (marker.py broadcasts
it): a primary that was frozen or cut off and comes back hears that another studio has the show, and stands down
rather than fight it. Its own overdue cuts, fired in the instant it wakes, are held by gate.py until OBS's marker says
whether it still has the show.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable

from obswebsocket import events as obs_events

from studio.obs.client import Client
from studio.obs.link import split_url
from studio.obs.settings import ObsConnection
from studio.standby.marker import Marker
from studio.threads import start_thread

log = logging.getLogger(__name__)

RETRY_S = 1.0
CONNECT_S = 2.0


class Guard:
    """A service (start/stop): `replaced` is called once, on the guard's thread, when a studio other than `own()`
    takes the show over while `driving()` says this one drives OBS."""

    def __init__(self, connection: ObsConnection, own: Callable[[], str | None], driving: Callable[[], bool],
                 replaced: Callable[[Marker], None]) -> None:
        self._host, self._port = split_url(connection.url)
        self._password = connection.password
        self._own = own
        self._driving = driving
        self._replaced = replaced
        self._told = False
        self._stopping = threading.Event()
        self._closed = threading.Event()
        self._client: Client | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = start_thread("standby-guard", self._run)

    def stop(self) -> None:
        self._stopping.set()
        self._closed.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _run(self) -> None:
        while not self._stopping.is_set():
            closed = self._closed = threading.Event()  # this connection's: set when it closes, or on stop()
            client = Client(self._host, self._port, self._password, on_closed=lambda c: closed.set())
            client.register(self._heard, obs_events.CustomEvent)
            try:
                client.open(CONNECT_S)
            except Exception:  # OBS away: the show's own link says so; try again
                self._stopping.wait(RETRY_S)
                continue
            if self._stopping.is_set():
                closed.set()
            closed.wait()
            client.close()
            self._stopping.wait(RETRY_S)

    def _heard(self, event: Any) -> None:
        """On the client's receive thread: be quick, never raise."""
        try:
            data = event.datain.get("eventData") or event.datain
            url = data.get("url")
            if data.get("studio") != "took_over" or not isinstance(url, str) or url == self._own():
                return
            if self._driving() and not self._told:
                self._told = True
                self._replaced(Marker(url, str(data.get("title", "")), str(data.get("since", ""))))
        except Exception:
            log.exception("could not read an OBS custom event")
