"""The standby's one error, apart from the feed's module: importing it costs no websocket client."""

from __future__ import annotations


class FeedError(Exception):
    """The primary's feed cannot be read: a plain sentence."""
