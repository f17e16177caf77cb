"""One plain HTTP request on loopback, its answer as (status, JSON body): what the API tests need of a client."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass


@dataclass
class Reply:
    status: int
    body: dict

    @property
    def state(self) -> dict:
        """The show's state that the control API returns with each answer."""
        return self.body["status"]


def request(method: str, url: str, body: bytes | None = None, headers: dict | None = None, timeout: float = 10) -> Reply:
    """Send it; an error status is an answer too. A body that is not JSON comes back as {"text": ...}."""
    prepared = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(prepared, timeout=timeout) as response:
            return Reply(response.status, json.loads(response.read() or b"{}"))
    except urllib.error.HTTPError as error:
        raw = error.read()
        try:
            return Reply(error.code, json.loads(raw) if raw else {})
        except ValueError:
            return Reply(error.code, {"text": raw.decode(errors="replace")})
