"""A live edit on the primary, made again on the standby's own rundown file (docs/deployment.md).

The primary's `state` carries its segments in running order with their planned durations. The
edits a director makes live (studio/rundown/editing.py: insert a break, set a duration, move a
segment) are read back from the difference and made the same way on this studio's file, which is
checked and saved: the standby takes over the show as the primary runs it, and an edit made here
after a takeover starts from it. A difference no such edit explains (another rundown, a segment
removed, a break this file would name otherwise) is refused with a sentence; an undo on the primary
puts back the text this studio had before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

from studio.rundown import editing
from studio.rundown.loader import check_text, parse_document
from studio.rundown.model import Rundown


class NotFollowed(ValueError):
    """The primary's rundown differs in a way this studio cannot follow: a sentence."""


def plan(rows: Sequence[dict[str, Any]]) -> list[tuple[str, float]]:
    """A `state` message's segments as (id, planned duration)."""
    return [(str(row["id"]), float(row["duration_s"])) for row in rows]


def plan_of(rundown: Rundown) -> list[tuple[str, float]]:
    return [(segment.id, round(segment.duration, 3)) for segment in rundown.segments]


def followed_rundown(rundown: Rundown, rows: Sequence[dict[str, Any]], before: list[str] | None = None) -> Rundown:
    """The rundown whose plan is the primary's (`rows`): `rundown` itself, its file as saved now (a file both studios
    share), a text it had before (`before`, the texts this function replaced, oldest first: the primary's undo), or
    that file with the primary's edits made again; NotFollowed says why not. A text saved is added to `before`."""
    wanted = plan(rows)
    if plan_of(rundown) == wanted:
        return rundown
    path = rundown.path
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise NotFollowed(f"cannot read {path}: {exc.strerror}") from None
    saved, _ = check_text(text, path)
    if saved is not None and plan_of(saved) == wanted:
        return saved
    history = [] if before is None else before
    for earlier in reversed(history):
        undone, _ = check_text(earlier, path)
        if undone is not None and plan_of(undone) == wanted:
            _save(path, earlier, history, text)
            return undone
    edited = _edited(text, plan_of(saved or rundown), rows)
    from studio.rundown.roundtrip import yaml_round_trip  # ruamel only once the primary's rundown is edited

    new, problems = parse_document(yaml_round_trip().load(edited), path)
    if new is None:
        raise NotFollowed("; ".join(str(problem) for problem in problems))
    if plan_of(new) != wanted:
        raise NotFollowed("its running order cannot be made by inserting breaks, moving segments and setting durations")
    _save(path, edited, history, text)
    return new


def _save(path: Path, text: str, history: list[str], replaced: str) -> None:
    editing.save_text(path, text)
    history.append(replaced)


def _edited(text: str, mine: list[tuple[str, float]], rows: Sequence[dict[str, Any]]) -> str:
    """`text` with the breaks inserted, the segments moved and the durations set that make `mine` the rows' plan."""
    ids = [str(row["id"]) for row in rows]
    gone = [segment_id for segment_id, _ in mine if segment_id not in ids]
    if gone:
        raise NotFollowed(f"its segment {gone[0]!r} is not in the primary's rundown")
    order = [segment_id for segment_id, _ in mine]
    durations = dict(mine)
    for index, row in enumerate(rows):
        segment_id = str(row["id"])
        if segment_id in durations:
            continue
        if row.get("kind") != "break" or index == 0:
            raise NotFollowed(f"the primary's segment {segment_id!r} is not in this rundown")
        text, new_id = editing.insert_break(text, ids[index - 1], float(row["duration_s"]), str(row["title"]))
        if new_id != segment_id:
            raise NotFollowed(f"the primary's break {segment_id!r} would be {new_id!r} here")
        order.insert(order.index(ids[index - 1]) + 1, segment_id)
        durations[segment_id] = round(float(row["duration_s"]), 3)
    for target, segment_id in enumerate(ids):
        offset = target - order.index(segment_id)
        if offset:
            text = editing.move_segment(text, segment_id, offset)
            order.insert(target, order.pop(order.index(segment_id)))
    for segment_id, duration in plan(rows):
        if durations[segment_id] != duration:
            text = editing.set_duration(text, segment_id, duration)
    return text
