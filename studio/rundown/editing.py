"""Live edits of a rundown file: reorder, retime, insert a break, keeping comments and key order.

Each edit is a pure function from the file's text to the new text, so the console can check
the result (`loader.parse_document`) before anything is written; `save_text` then replaces
the file atomically, so a crash mid-write never leaves half a rundown on disk.
"""

from __future__ import annotations

import io
import os
import secrets
import stat
from pathlib import Path
from typing import Any, Callable, TypeVar

from studio.rundown.durations import parse_duration, spoken_duration

# ruamel (studio/rundown/roundtrip.py) is imported by the edits themselves, not here: saving a file
# (save_text, write_atomically) and the console's start-up do not need the round-trip parser.


T = TypeVar("T")


class EditError(ValueError):
    """An edit that cannot be made, said in a sentence for the director."""


def move_segment(text: str, segment_id: str, offset: int) -> str:
    """Move a segment `offset` places later (negative: earlier) in the running order."""
    doc = _load(text)
    segments = _segments(doc)
    index = _index(segments, segment_id)
    target = index + offset
    if not 0 <= target < len(segments):
        raise EditError(f"'{segment_id}' is already {'first' if offset < 0 else 'last'} in the rundown.")
    segments.insert(target, segments.pop(index))
    return _dump(doc)


def set_duration(text: str, segment_id: str, duration: str | float) -> str:
    """Give a segment a new planned duration (any form `parse_duration` reads)."""
    try:
        seconds = parse_duration(duration)
    except ValueError as exc:
        raise EditError(str(exc)) from None
    doc = _load(text)
    segment = _segments(doc)[_index(_segments(doc), segment_id)]
    segment["duration"] = spoken_duration(seconds)
    return _dump(doc)


def insert_break(text: str, after_id: str, duration: str | float, title: str = "Break") -> tuple[str, str]:
    """Insert a break after a segment; returns the new text and the break's id."""
    try:
        seconds = parse_duration(duration)
    except ValueError as exc:
        raise EditError(str(exc)) from None
    doc = _load(text)
    segments = _segments(doc)
    index = _index(segments, after_id)
    taken = {str(segment.get("id")) for segment in segments}
    new_id = next(f"break-{n}" for n in range(1, len(taken) + 2) if f"break-{n}" not in taken)
    from ruamel.yaml.comments import CommentedMap

    inserted = CommentedMap(id=new_id, title=title, kind="break", duration=spoken_duration(seconds))
    block = segments[index].get("block")
    if block is not None and index + 1 < len(segments) and segments[index + 1].get("block") == block:
        inserted["block"] = block  # inside a block, the break is the block's: its segments still follow each other
    segments.insert(index + 1, inserted)
    return _dump(doc), new_id


def save_text(path: Path, text: str) -> None:
    """Replace the file with `text` atomically."""
    write_atomically(path, lambda sibling: sibling.write_text(text, encoding="utf-8"))


def write_atomically(target: Path, write: Callable[[Path], T]) -> T:
    """Have `write` fill a new sibling of `target`, fsync it, then rename it over `target`: a crash or a
    failure mid-write never leaves half a file. A new file gets the mode any new file gets (0666 less the
    umask: 0644 under umask 022; `tempfile.mkstemp` would make it 0600), a replaced one keeps its own."""
    sibling = target.parent / f".{target.name}.{secrets.token_hex(6)}{target.suffix}"
    os.close(os.open(sibling, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    try:
        result = write(sibling)
        fd = os.open(sibling, os.O_RDWR)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        if target.exists():  # after writing: a read-only target's mode would stop the write
            os.chmod(sibling, stat.S_IMODE(target.stat().st_mode))
        os.replace(sibling, target)
    except BaseException:
        sibling.unlink(missing_ok=True)
        raise
    return result


def _load(text: str) -> Any:
    from ruamel.yaml.error import YAMLError

    from studio.rundown.roundtrip import yaml_round_trip

    try:
        doc = yaml_round_trip().load(text)
    except YAMLError as exc:
        raise EditError(f"The rundown file is not valid YAML any more: {exc}") from None
    if not isinstance(doc, dict):
        raise EditError("The rundown file is not a YAML mapping.")
    return doc


def _dump(doc: Any) -> str:
    from studio.rundown.roundtrip import yaml_round_trip

    out = io.StringIO()
    yaml_round_trip().dump(doc, out)
    return out.getvalue()


def _segments(doc: Any) -> list[Any]:
    segments = doc.get("segments")
    if not isinstance(segments, list):
        raise EditError("The rundown has no list of segments.")
    return segments


def _index(segments: list[Any], segment_id: str) -> int:
    for i, segment in enumerate(segments):
        if isinstance(segment, dict) and str(segment.get("id")) == segment_id:
            return i
    raise EditError(f"There is no segment '{segment_id}' in the rundown file.")
