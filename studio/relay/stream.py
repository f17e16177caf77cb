"""What the relay and the studios agree on: the stream's entries and where the names come from.

An entry is one verified request as the shop sent it: the intake's path (which adapter
reads it) and the raw body. The studio parses it again with the same adapter, so an
order from the relay is the same `Order` as one posted to the studio directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from studio.config.options import option
from studio.config.settings import BadSetting, read_setting


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


def check_redis_url(text: str) -> str:
    """`text` if it is a Redis URL; ValueError with the sentence otherwise."""
    if not text.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError(f"'{text}' is not a Redis URL (redis://HOST:PORT/DB, rediss:// or unix://)")
    return text


def redis_address(given: str | None, settings: Path | None = None) -> str | None:
    """The relay's Redis: --orders-redis, else the setting orders_redis, else None (no relay). BadSetting when the
    setting is no Redis URL."""
    if given is not None:
        return given
    stored = read_setting("orders_redis", settings)
    try:
        return None if stored is None else check_redis_url(stored)
    except ValueError as exc:
        raise BadSetting("orders_redis", str(exc)) from None


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
