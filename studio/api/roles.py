"""Who a push-API token belongs to (control, crew, one exhibitor), and each role's view links.

Tokens are secrets: from the environment, else the OS keyring, else the console's settings
file (set by hand). docs/push-api.md lists them; docs/views.md says which view each role opens.
"""

from __future__ import annotations

import hmac
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Mapping
from urllib.parse import quote

from studio.config.settings import read_setting, secret

RoleName = Literal["control", "crew", "exhibitor"]
CREW_TOKEN_ENV = "STUDIO_CREW_TOKEN"
EXHIBITOR_TOKENS_ENV = "STUDIO_EXHIBITOR_TOKENS"  # "serenco=tok1,acme=tok2"

CREW_VIEWS = ("presenter", "greenroom", "clock", "cuesheet")


@dataclass(frozen=True)
class Role:
    name: RoleName
    exhibitor: str | None = None  # the exhibitor id of an exhibitor token

    @property
    def can_act(self) -> bool:
        return self.name == "control"

    @property
    def sees_all(self) -> bool:
        return self.name != "exhibitor"


@dataclass(frozen=True)
class Tokens:
    """The tokens of a show; any of them may be missing (that role then has no way in)."""

    control: str | None = None
    crew: str | None = None
    exhibitors: Mapping[str, str] | None = None  # exhibitor id -> token

    def role_of(self, token: str) -> Role | None:
        """The role this token opens, or None; compared in constant time."""
        if not token:
            return None
        given = token.encode()
        found: Role | None = None
        for role, expected in self._all():
            if hmac.compare_digest(given, expected.encode()):
                found = role
        return found

    def _all(self) -> list[tuple[Role, str]]:
        pairs: list[tuple[Role, str]] = []
        if self.control:
            pairs.append((Role("control"), self.control))
        if self.crew:
            pairs.append((Role("crew"), self.crew))
        pairs.extend((Role("exhibitor", who), token) for who, token in (self.exhibitors or {}).items() if token)
        return pairs

    def __bool__(self) -> bool:
        return bool(self._all())


@dataclass(frozen=True)
class ViewLink:
    view: str  # operator | presenter | greenroom | clock | cuesheet | exhibitor
    role: RoleName
    label: str  # "Exhibitor view: serenco"
    url: str  # with the token: whoever has it can open the view


def parse_exhibitor_tokens(text: str | None) -> dict[str, str]:
    """`id=token,id=token` as a mapping; ValueError names a pair that is not `id=token`."""
    pairs: dict[str, str] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        who, sep, token = part.partition("=")
        if not sep or not who.strip() or not token.strip():
            raise ValueError(f"exhibitor tokens are written id=token,id=token; '{part.strip()}' is not")
        pairs[who.strip()] = token.strip()
    return pairs


def read_tokens(control: str | None, environ: Mapping[str, str] = os.environ,
                settings: Path | None = None) -> Tokens:
    """The push tokens: `control` is the remote control's token (studio/orders/config.py reads it)."""
    crew = secret(CREW_TOKEN_ENV, "crew", environ) or _text(read_setting("crew_token", settings))
    exhibitors = (secret(EXHIBITOR_TOKENS_ENV, "exhibitors", environ)
                  or _text(read_setting("exhibitor_tokens", settings)))
    return Tokens(control, crew or None, parse_exhibitor_tokens(exhibitors))


def view_links(base_url: str, tokens: Tokens) -> list[ViewLink]:
    """Each role's views as links with its token, for the console to list (or print as QR codes)."""
    def link(view: str, role: RoleName, label: str, token: str) -> ViewLink:
        return ViewLink(view, role, label, f"{base_url}/views/{view}?token={quote(token, safe='')}")

    links = []
    if tokens.control:
        links.append(link("operator", "control", "Operator (phone): GO, back, hold, ±30 s, message", tokens.control))
    if tokens.crew:
        labels = {"presenter": "Presenter", "greenroom": "Green room", "clock": "Studio clock", "cuesheet": "Cue sheet"}
        links.extend(link(view, "crew", labels[view], tokens.crew) for view in CREW_VIEWS)
    for who, token in sorted((tokens.exhibitors or {}).items()):
        links.append(link("exhibitor", "exhibitor", f"Exhibitor view: {who}", token))
    return links


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
