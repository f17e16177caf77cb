"""What the relay's tests share: the stream's names."""

from __future__ import annotations

STREAM = "expo-orders"
GROUP = "studio"
