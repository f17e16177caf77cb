"""HMAC-SHA256 signatures of a request's raw body, as each shop writes them."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

HEX_PREFIX = "sha256="


@dataclass(frozen=True)
class Scheme:
    header: str  # the request header carrying the signature
    base64: bool  # base64 of the digest (the shops), else "sha256=<hex>" (ours)

    def sign(self, secret: str, body: bytes) -> str:
        digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
        return base64.b64encode(digest).decode() if self.base64 else HEX_PREFIX + digest.hex()

    def verify(self, secret: str, body: bytes, value: str | None) -> bool:
        """True when `value` (the header as received, None if absent) signs `body` with `secret`."""
        if not value:
            return False
        value = value.strip() if self.base64 else value.strip().lower()  # hex: either case
        return hmac.compare_digest(self.sign(secret, body).encode(), value.encode("utf-8", "replace"))


STUDIO = Scheme("X-Studio-Signature", base64=False)
WOOCOMMERCE = Scheme("X-WC-Webhook-Signature", base64=True)
SHOPIFY = Scheme("X-Shopify-Hmac-Sha256", base64=True)
