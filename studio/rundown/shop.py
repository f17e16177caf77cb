"""What the schema cannot say about shop actions: a cue's action fires at the cue, so it has no `on`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from studio.rundown.problems import Locator, Problem


def shop_problems(doc: Any, where: Locator) -> Iterator[Problem]:
    """`on` in a cue's shop action (the cue's `at` says when); works on any document, valid or not."""
    for i, segment in _items(doc, "segments"):
        for j, cue in _items(segment, "cues"):
            for k, action in _items(cue, "shop"):
                if "on" in action:
                    at = ("segments", i, "cues", j, "shop", k, "on")
                    yield where.problem(at, "a cue's shop action is sent at the cue's 'at': remove 'on' "
                                            "(or move the action to the segment's 'shop' list)", key=True)


def _items(node: Any, key: str) -> Iterator[tuple[int, dict[Any, Any]]]:
    items = node.get(key) if isinstance(node, dict) else None
    for i, item in enumerate(items if isinstance(items, list) else ()):
        if isinstance(item, dict):
            yield i, item
