"""OBS's note of which studio has the show: how a primary that comes back learns it was replaced.

A standby that takes over writes its push address into OBS's persistent data (global realm,
slot `studio.on_air`) and broadcasts it as a custom event; the studio whose show ends clears it.
A studio that starts without `--standby-of` reads the slot first (studio/standby/config.py):
when the studio named there answers with a show on air, it follows it as its standby instead of
driving OBS. The slot holds no token: the follower uses its own (both studios share the tokens).
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from studio.obs.client import Client
from studio.obs.link import ObsLink, ObsResponse, split_url
from studio.obs.settings import ObsConnection

REALM = "OBS_WEBSOCKET_DATA_REALM_GLOBAL"
SLOT = "studio.on_air"


@dataclass(frozen=True)
class Marker:
    url: str  # the push address (ws://HOST:PORT/ws) of the studio that has the show
    title: str
    since: str  # ISO-8601, when it took the show over


def mark(link: ObsLink, marker: Marker | None) -> Future[ObsResponse]:
    """Write (or clear, with None) the slot, and tell every OBS client (a primary that was only frozen hears it)."""
    value: dict[str, Any] | None = None if marker is None else {"url": marker.url, "title": marker.title,
                                                                  "since": marker.since}
    if value is not None:
        link.request("BroadcastCustomEvent", {"eventData": {"studio": "took_over", **value}})
    return link.request("SetPersistentData", {"realm": REALM, "slotName": SLOT, "slotValue": value})


def marker_now(url: str, title: str, now: datetime) -> Marker:
    return Marker(url, title, now.isoformat(timespec="milliseconds"))


def read_marker(connection: ObsConnection, timeout: float = 1.0) -> Marker | None:
    """The slot as OBS holds it now, through a connection of its own; None when empty or OBS cannot be asked."""
    host, port = split_url(connection.url)
    client = Client(host, port, connection.password, on_closed=lambda c: None)
    try:
        client.open(timeout)
    except Exception:  # no OBS, a wrong password: the caller's own OBS check says so
        return None
    try:
        reply = client.call_raw("GetPersistentData", {"realm": REALM, "slotName": SLOT}, timeout)
    except Exception:
        return None
    finally:
        client.close()
    return marker_of((reply.get("responseData") or {}).get("slotValue"))


def marker_of(value: Any) -> Marker | None:
    """The slot's value as OBS answers it; None when empty or not a marker."""
    if not isinstance(value, dict) or not isinstance(value.get("url"), str):
        return None
    return Marker(value["url"], str(value.get("title", "")), str(value.get("since", "")))
