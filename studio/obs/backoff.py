"""Exponential backoff with jitter for reconnecting to OBS."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    """Delays of `initial` doubling up to `cap`, each spread by ±`jitter` (a fraction).

    The jitter keeps several control rooms that lost the same OBS from knocking in step;
    a jittered delay never exceeds `cap`.
    """

    initial: float = 1.0
    cap: float = 30.0
    jitter: float = 0.1
    rng: random.Random = field(default_factory=random.Random)
    attempt: int = 0

    def next(self) -> float:
        base = min(self.cap, self.initial * 2**self.attempt)
        self.attempt += 1
        return min(self.cap, base * self.rng.uniform(1 - self.jitter, 1 + self.jitter))

    def reset(self) -> None:
        self.attempt = 0
