"""Talking to the HTTP API the way Companion or curl does: plain requests on loopback."""

from __future__ import annotations

from httpkit import Reply, request

TOKEN = "s3cret-token"


class Client:
    """Plain HTTP requests to the API on loopback, as Companion or curl would send them."""

    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"

    def send(self, method: str, path: str, *, token: str | None = TOKEN, body: bytes | None = None,
             content_type: str | None = None, authorization: str | None = None) -> Reply:
        """`token` is sent as `Authorization: Bearer <token>`; `authorization` replaces the whole header."""
        headers = {}
        if authorization is not None or token is not None:
            headers["Authorization"] = authorization if authorization is not None else f"Bearer {token}"
        if content_type is not None:
            headers["Content-Type"] = content_type
        return request(method, self.base + path, body, headers, timeout=5)

    def post(self, path: str, **kwargs) -> Reply:
        return self.send("POST", path, **kwargs)

    def get(self, path: str, **kwargs) -> Reply:
        return self.send("GET", path, **kwargs)
