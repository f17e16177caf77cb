"""Bearer tokens (RFC 6750) in the Authorization header, read as RFC 9110 (formerly 7235) says:
the scheme is case-insensitive and one or more spaces separate it from the token."""

from __future__ import annotations

import hmac
import re

from aiohttp import web

from studio.api.server import Handler, refusal

CREDENTIALS = re.compile(r"([!#$%&'*+.^_`|~0-9A-Za-z-]+) +(\S.*)", re.DOTALL)  # auth-scheme 1*SP credentials
NO_TOKEN = "no control token is set (STUDIO_CONTROL_TOKEN, docs/control.md)"


def bearer_token(header: str | None) -> str | None:
    """The token of `Authorization: Bearer <token>` (any case of "Bearer"); None for another scheme or none."""
    found = CREDENTIALS.fullmatch(header.strip()) if header else None
    return found.group(2) if found and found.group(1).lower() == "bearer" else None


def authorized(request: web.Request, token: str | None) -> bool:
    """True when the request carries `token` as its bearer token (compared in constant time)."""
    given = bearer_token(request.headers.get("Authorization"))
    if not token or given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), token.encode("utf-8", "surrogateescape"))


def unauthorized(token: str | None) -> web.Response:
    """401 with the sentence saying what to send."""
    why = NO_TOKEN if not token else "missing or wrong bearer token"
    return refusal(401, f"{why}: send the header 'Authorization: Bearer <token>'.", "Authorization",
                   headers={"WWW-Authenticate": 'Bearer realm="studio"'})


def behind_token(token: str | None, handler: Handler) -> Handler:
    """`handler`, answered only to requests that carry the token; with no token set, to none."""
    async def check(request: web.Request) -> web.StreamResponse:
        if not authorized(request, token):
            return unauthorized(token)
        return await handler(request)
    return check
