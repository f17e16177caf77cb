"""How orders reach a show: the HTTP listener, its secrets, the file and simulated sources."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from studio.config.settings import read_setting, secret

DEFAULT_PORT = 8417
DEFAULT_GRACE_S = 120.0
SECRET_ENV = "STUDIO_ORDERS_SECRET"
CONTROL_TOKEN_ENV = "STUDIO_CONTROL_TOKEN"
HOSTS_ENV = "STUDIO_API_HOSTS"  # comma-separated names the listener answers to, besides its loopback names
NO_SECRET = (f"Orders cannot be received over HTTP: no shared secret is set. Set {SECRET_ENV} "
             "(or store it in the keyring, service 'studio', user 'orders') and restart the show.")


@dataclass(frozen=True)
class OrdersConfig:
    host: str = "127.0.0.1"
    port: int | None = DEFAULT_PORT  # 0: any free port; None: no HTTP listener
    secret: str | None = None  # the HMAC key shared with the shops
    control_token: str | None = None  # bearer token of the remote control; None: remote control off
    simulate_per_minute: float = 0.0
    files: tuple[Path, ...] = ()  # JSONL files or folders to follow
    question_files: tuple[Path, ...] = ()  # the same for audience questions (docs/questions.md)
    lead_files: tuple[Path, ...] = ()  # the same for leads (docs/leads.md)
    grace_s: float = DEFAULT_GRACE_S
    hosts: tuple[str, ...] = ()  # Host names answered besides localhost, 127.0.0.1 and [::1] (studio/api/server.py)


def orders_config(*, host: str | None = None, port: int | None = None, simulate_per_minute: float = 0.0,
                  files: tuple[Path, ...] = (), question_files: tuple[Path, ...] = (), lead_files: tuple[Path, ...] = (),
                  environ: Mapping[str, str] = os.environ, settings: Path | None = None) -> OrdersConfig:
    """What `studio run` was told, completed from the environment, the keyring and the console's settings.

    The listener runs when a port is given (flag or setting `orders_port`), or on the default
    port when there is something to listen for: a secret, a control token, or `--orders-host`.
    The lead files are `--leads-file`'s, else the setting `leads_file`'s.
    """
    shared = secret(SECRET_ENV, "orders", environ)
    token = secret(CONTROL_TOKEN_ENV, "control", environ) or _text(read_setting("control_token", settings)) or None
    if port is None:
        port = _port(read_setting("orders_port", settings))
    if port is None and (shared or token or host):
        port = DEFAULT_PORT
    grace = read_setting("orders_grace_s", settings)
    lead_setting = _text(read_setting("leads_file", settings))
    return OrdersConfig(host or "127.0.0.1", port, shared, token, simulate_per_minute, files, question_files,
                        lead_files or ((Path(lead_setting),) if lead_setting else ()),
                        float(grace) if isinstance(grace, (int, float)) and grace >= 0 else DEFAULT_GRACE_S,
                        api_hosts(environ, settings))


def _port(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 65536 else None


def api_hosts(environ: Mapping[str, str] = os.environ, settings: Path | None = None) -> tuple[str, ...]:
    """The Host names a listener answers to besides its loopback ones: STUDIO_API_HOSTS and the setting api_hosts."""
    return _hosts(environ.get(HOSTS_ENV), read_setting("api_hosts", settings))


def _hosts(env: str | None, setting: Any) -> tuple[str, ...]:
    """The names of the environment variable and of the setting `api_hosts`, each comma-separated."""
    names = f"{env or ''},{setting if isinstance(setting, str) else ''}".split(",")
    return tuple(name.strip() for name in names if name.strip())


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None
