"""What a studio needs to ship to the event's database (no driver imported: psycopg is an optional extra)."""

from __future__ import annotations

import argparse
from dataclasses import dataclass

@dataclass(frozen=True)
class CentralConfig:
    url: str  # postgresql://…
    stage: str  # this studio's name in the event's database


def postgres_url(text: str) -> str:
    """An argparse `type`: a PostgreSQL URL."""
    if not text.startswith(("postgresql://", "postgres://")):
        raise argparse.ArgumentTypeError(f"'{text}' is not a PostgreSQL URL (postgresql://USER@HOST:PORT/DATABASE)")
    return text
