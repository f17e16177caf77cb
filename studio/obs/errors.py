"""Link failures, and the plain sentences the people running the show read."""

from __future__ import annotations

import socket

import websocket


class ConnectionLost(Exception):
    """The connection to OBS closed while a request waited for its answer."""


class PasswordRefused(Exception):
    """OBS said hello, then closed the connection on our Identify: wrong password."""


def describe_connect_error(exc: BaseException, url: str, timeout: float) -> str:
    if isinstance(exc, PasswordRefused):
        return (
            "OBS refused the password — set STUDIO_OBS_PASSWORD to the password in "
            "OBS → Tools → WebSocket Server Settings"
        )
    if isinstance(exc, ConnectionRefusedError):
        return f"OBS is not answering at {url} — is OBS running with its WebSocket server enabled?"
    if isinstance(exc, (TimeoutError, websocket.WebSocketTimeoutException)):
        return f"OBS did not answer at {url} within {timeout:g} s"
    if isinstance(exc, socket.gaierror):
        return f"The OBS address in {url} could not be found"
    return f"Could not connect to OBS at {url}: {exc or type(exc).__name__}"
