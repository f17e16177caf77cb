"""What a studio needs to ship to the event's database (no driver imported: psycopg is an optional extra)."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from studio.threads import Worker

if TYPE_CHECKING:
    from studio.storage.writer import Writer


@dataclass(frozen=True)
class CentralConfig:
    url: str  # postgresql://…
    stage: str  # this studio's name in the event's database


def shipper(config: CentralConfig, writer: Writer, tell: Callable[[str, str], None]) -> Worker | None:
    """The show's shipping service, or None (after telling the director why) without psycopg."""
    try:
        from studio.central.shipper import Shipper  # psycopg, an optional extra: loaded only when asked for
    except ImportError:
        tell("error", "The as-run log cannot be sent to the event's database: psycopg is not installed "
                      "(pip install 'studio[central]').")
        return None
    return Shipper(config, writer, tell)


def postgres_url(text: str) -> str:
    """An argparse `type`: a PostgreSQL URL."""
    if not text.startswith(("postgresql://", "postgres://")):
        raise argparse.ArgumentTypeError(f"'{text}' is not a PostgreSQL URL (postgresql://USER@HOST:PORT/DATABASE)")
    return text
