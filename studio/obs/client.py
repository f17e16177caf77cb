"""obs-websocket-py's `obsws`, with the defects the link cannot live with fixed.

Kept from the library: the Hello/Identify handshake, its receive thread (which parses
replies and events) and its event manager. Replaced:
- `connect()` has no timeout: `open()` passes one to the websocket handshake and auth;
- `call()` drops `requestStatus` and waits 60 s on a dead socket: `call_raw()` returns
  the raw reply and wakes as soon as the receive thread sees the socket close;
- a reset socket (OSError) kills the receive thread with a traceback: `_Receiver`
  treats it as a close.

`call_raw()` may be called from two threads at once (the link's worker and its health
watchdog): request ids are taken under a lock, and websocket-client locks its sends.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
from typing import Any, Callable

import websocket
from obswebsocket import obsws
from obswebsocket.core import RecvThread
from obswebsocket.exceptions import ConnectionFailure

from studio.obs.errors import ConnectionLost, PasswordRefused

log = logging.getLogger(__name__)


class Client(obsws):
    def __init__(self, host: str, port: int, password: str | None, on_closed: Callable[[Client], None]) -> None:
        super().__init__(host, port, password or "", legacy=False)
        self._on_closed = on_closed
        self._closed = threading.Event()
        self._ids = threading.Lock()

    def open(self, timeout: float) -> None:
        """Connect and identify within about `timeout` seconds per step, then start receiving."""
        self.ws = websocket.WebSocket()
        try:
            self.ws.connect(f"ws://{self.host}:{self.port}", timeout=timeout)
            self._auth()
        except (ConnectionFailure, websocket.WebSocketConnectionClosedException) as exc:
            self.ws.shutdown()
            if self.server_version is not None:  # the Hello came, so Identify was refused
                raise PasswordRefused() from exc
            raise
        except BaseException:
            self.ws.shutdown()
            raise
        self.ws.settimeout(None)  # the receive thread blocks; a timeout there would kill it
        self.thread_recv = _Receiver(self)
        self.thread_recv.daemon = True
        self.thread_recv.start()

    def call_raw(self, name: str, data: dict[str, Any], timeout: float) -> dict[str, Any]:
        """Send one request and return OBS's raw reply (`requestStatus`, `responseData`).

        Raises ConnectionLost, TimeoutError, or websocket/OS errors from the send.
        """
        answered = threading.Event()
        with self._ids:
            message_id = str(self.id)
            self.id += 1
            self.events[message_id] = answered
        try:
            if self._closed.is_set():  # checked after registering: a close now wakes us
                raise ConnectionLost()
            payload = {"op": 6, "d": {"requestId": message_id, "requestType": name, "requestData": data}}
            self.ws.send(json.dumps(payload))
            answered.wait(timeout)
        finally:
            self.events.pop(message_id, None)
        if message_id in self.answers:
            return self.answers.pop(message_id)
        if self._closed.is_set():
            raise ConnectionLost()
        raise TimeoutError()

    def close(self) -> None:
        """Close from our side (the link's worker thread); safe to call twice."""
        receiver = self.thread_recv
        if receiver is not None:
            receiver.running = False
        self.interrupt()
        if self.ws is not None:
            try:
                self.ws.send_close()  # lets OBS log a clean goodbye; best effort
            except (OSError, websocket.WebSocketException):
                pass
            # wakes the receive thread's recv(); not ws.abort(), which does nothing once
            # send_close() has marked the socket closed (a frozen OBS never answers the close)
            if self.ws.sock is not None:
                try:
                    self.ws.sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            if receiver is not None and receiver is not threading.current_thread():
                receiver.join(timeout=2)
            self.ws.shutdown()

    def interrupt(self) -> None:
        """Mark closed and wake any call in flight; safe from any thread."""
        self._closed.set()
        for waiting in list(self.events.values()):
            waiting.set()

    def _receiver_ended(self) -> None:
        self.interrupt()
        self._on_closed(self)


class _Receiver(RecvThread):
    def run(self) -> None:
        try:
            super().run()
        except OSError:  # connection reset: the same as a close
            pass
        except Exception:  # a library bug must cost a reconnect, not the link
            log.exception("OBS receive thread failed")
        finally:
            self.core._receiver_ended()
