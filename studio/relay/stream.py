"""What the relay and the studios agree on: the stream's entries and where the names come from.

An entry is one verified request as the shop sent it: the intake's path (which adapter
reads it) and the raw body. The studio parses it again with the same adapter, so an
order from the relay is the same `Order` as one posted to the studio directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from studio.config.options import option
from studio.config.settings import read_setting
from studio.threads import Worker

if TYPE_CHECKING:
    from studio.orders.desk import OrderDesk

INTAKE = "intake"  # the path it was posted to: /orders, /webhooks/woocommerce, /webhooks/shopify
BODY = "body"  # the raw body, exactly as signed
INSTALL_BROKER = "pip install 'studio[broker]'"


@dataclass(frozen=True)
class StreamConfig:
    """Where a studio reads its orders: a Redis URL, the stream and the consumer group; `consumer` names this studio."""

    url: str
    stream: str
    group: str
    consumer: str


def stream_feed(config: StreamConfig, desk: OrderDesk, tell: Callable[[str, str], None]) -> Worker | None:
    """The show's service reading `config`, or None (after telling the director why) without redis-py."""
    try:
        from studio.relay.consumer import StreamFeed  # redis-py, an optional extra: loaded only when asked for
    except ImportError:
        tell("error", f"Orders from the relay cannot be read: redis-py is not installed ({INSTALL_BROKER}).")
        return None
    return StreamFeed(config, desk, tell)


def stream_name(settings: Path | None = None) -> str:
    return _setting("orders_redis_stream", settings)


def group_name(settings: Path | None = None) -> str:
    return _setting("orders_redis_group", settings)


def _setting(key: str, settings: Path | None) -> str:
    return str(read_setting(key, settings) or option(key).default)


def safe_url(url: str) -> str:
    """A URL without its user and password, for a sentence on screen."""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.rpartition('@')[2]}" if rest else url
