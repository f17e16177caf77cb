"""Exponential backoff with jitter for reconnecting to OBS."""

from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass, field

LOCAL_CAP_S = 1.0  # an OBS on this machine or the LAN is back within a second of answering
REMOTE_CAP_S = 5.0


@dataclass
class Backoff:
    """Delays of `initial` doubling up to `cap`, each spread by ±`jitter` (a fraction).

    The jitter keeps several control rooms that lost the same OBS from knocking in step;
    a jittered delay never exceeds `cap`.
    """

    initial: float = 0.25
    cap: float = LOCAL_CAP_S
    jitter: float = 0.1
    rng: random.Random = field(default_factory=random.Random)
    attempt: int = 0

    @classmethod
    def for_host(cls, host: str) -> Backoff:
        """Fast for an OBS on this machine or the LAN (a knock costs nothing there and
        every second counts on air); more patient for one across the internet."""
        return cls() if is_local(host) else cls(initial=1.0, cap=REMOTE_CAP_S)

    def next(self) -> float:
        base = min(self.cap, self.initial * 2**self.attempt)
        self.attempt += 1
        return min(self.cap, base * self.rng.uniform(1 - self.jitter, 1 + self.jitter))

    def reset(self) -> None:
        self.attempt = 0


def is_local(host: str) -> bool:
    """Loopback, a private or link-local address, or a bare or .local machine name."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return "." not in host or host.endswith(".local") or host.endswith(".lan")
    return address.is_loopback or address.is_private or address.is_link_local
