"""An obs-websocket address: its own module, so the link and the settings both use it without importing each other."""

from __future__ import annotations

from urllib.parse import urlsplit


def split_url(url: str) -> tuple[str, int]:
    """(host, port) of an obs-websocket address; ValueError with a plain sentence if it is not one."""
    parts = urlsplit(url)
    try:
        port = parts.port or 4455
    except ValueError:
        port = None
    if parts.scheme != "ws" or not parts.hostname or port is None:
        raise ValueError(f"The OBS address must look like ws://127.0.0.1:4455, not {url!r}")
    return parts.hostname, port
