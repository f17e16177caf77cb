"""Whom a studio stands by for: `--standby-of`, the setting `standby_of`, or OBS's marker (studio/standby/marker.py)."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from studio.config.settings import read_setting
from studio.obs.settings import ObsConnection
from studio.rundown.model import Rundown
from studio.standby.errors import FeedError

SILENCE_S = 2.0  # a primary that says nothing this long (it sends a `clock` every second) has failed
FIRST_STATE_S = 10.0  # how long a standby waits for the primary's first state at its start


@dataclass(frozen=True)
class StandbyConfig:
    url: str  # the primary's push address, with its token
    silence_s: float = SILENCE_S
    found: str | None = None  # how it was found when not given (a sentence for the director)


def standby_url(text: str) -> str:
    """argparse type of `--standby-of`: ws://HOST:PORT/ws?token=…"""
    parts = urlsplit(text)
    if parts.scheme not in ("ws", "wss") or not parts.hostname or not parse_qs(parts.query).get("token"):
        raise argparse.ArgumentTypeError(f"'{text}' is not a push address like ws://10.0.0.7:8417/ws?token=…")
    return text


def with_token(url: str, token: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/ws", urlencode({"token": token}), ""))


def standby_config(given: str | None, obs: ObsConnection | None, token: str | None, rundown: Rundown,
                   settings: Path | None = None) -> StandbyConfig | None:
    """Whom to stand by for: the address given (or set), else the studio OBS's marker names when it answers with a
    show on air (this studio was replaced while it was away); None: this studio is the primary."""
    saved = read_setting("standby_of", settings)
    if given or saved:
        return StandbyConfig(given or str(saved))
    if obs is None or token is None:
        return None
    from studio.standby.feed import PrimaryFeed  # websocket-client and OBS's client only when OBS is asked
    from studio.standby.marker import read_marker

    marker = read_marker(obs)
    if marker is None:
        return None
    feed = PrimaryFeed(with_token(marker.url, token), rundown)
    try:
        followed = feed.open(timeout=2.0)
    except FeedError:
        return None  # a marker left by a studio that is gone: this one has the show
    finally:
        feed.close()
    if not followed.live:
        return None
    return StandbyConfig(feed.url, found=f"OBS says the studio at {marker.url} took the show over at {marker.since}, "
                                        "and it has it on air: this studio stands by for it and does not drive OBS.")
