"""Talking to the HTTP API the way Companion or curl does: plain requests on loopback."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

TOKEN = "s3cret-token"


@dataclass
class Reply:
    status: int
    body: dict

    @property
    def state(self) -> dict:
        return self.body["status"]


class Client:
    """Plain HTTP requests to the API on loopback, as Companion or curl would send them."""

    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"

    def send(self, method: str, path: str, *, token: str | None = TOKEN, body: bytes | None = None,
             content_type: str | None = None, authorization: str | None = None) -> Reply:
        """`token` is sent as `Authorization: Bearer <token>`; `authorization` replaces the whole header."""
        request = urllib.request.Request(self.base + path, data=body, method=method)
        if authorization is not None or token is not None:
            request.add_header("Authorization", authorization if authorization is not None else f"Bearer {token}")
        if content_type is not None:
            request.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return Reply(response.status, json.loads(response.read() or b"{}"))
        except urllib.error.HTTPError as error:
            raw = error.read()
            try:
                parsed = json.loads(raw) if raw else {}
            except ValueError:
                parsed = {"text": raw.decode(errors="replace")}
            return Reply(error.code, parsed)

    def post(self, path: str, **kwargs) -> Reply:
        return self.send("POST", path, **kwargs)

    def get(self, path: str, **kwargs) -> Reply:
        return self.send("GET", path, **kwargs)
