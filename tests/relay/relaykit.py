"""What the relay's tests share: the stream's names and waiting for a condition."""

from __future__ import annotations

import time
from typing import Callable

STREAM = "expo-orders"
GROUP = "studio"


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True
