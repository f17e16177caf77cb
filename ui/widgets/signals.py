"""Ctrl-C and SIGTERM end the application the ordinary way (windows closed, log closed), never with a traceback;
SIGHUP (the terminal it was started from closed) does not end it: `hung_up` is called instead.

Python runs a signal handler only when the interpreter gets control, which Qt's event loop
does not give while it waits; the signal's number is written to a socket Qt watches instead.
"""

from __future__ import annotations

import signal
import socket
from typing import Callable

from PySide6.QtCore import QCoreApplication, QSocketNotifier

SIGNALS = (signal.SIGINT, signal.SIGTERM)


def quit_on_signals(app: QCoreApplication, hung_up: Callable[[], None]) -> None:
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    for number in (*SIGNALS, signal.SIGHUP):
        signal.signal(number, lambda *_: None)  # replaces KeyboardInterrupt and the end; the wake-up fd does the work
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def woken() -> None:
        try:
            numbers = reader.recv(64)
        except OSError:
            return
        if any(number in SIGNALS for number in numbers):
            app.quit()
        elif signal.SIGHUP in numbers:
            hung_up()

    notifier.activated.connect(woken)
    app.setProperty("_signal_sockets", (reader, writer, notifier))  # kept alive as long as the application
