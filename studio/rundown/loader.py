"""Rundown files: YAML in, a validated `Rundown` out, or every problem at once.

    rundown, problems = check_rundown("schedules/demo.yaml")   # never raises for bad content
    rundown = load_rundown("schedules/demo.yaml")              # raises RundownError

Reading is libyaml's (studio/rundown/reading.py: bounded, every value with its line and column);
ruamel's round-trip parser (`yaml_round_trip`) is only for files that are edited and saved.
Checking runs in three passes: the JSON Schema (studio/rundown/rundown.schema.json, compiled once)
for structure, references between entries (ids, SKUs, exhibitors), then, on a well-formed rundown,
timing and plausibility. The file format is described in docs/rundown-format.md.
"""

from __future__ import annotations

import sys

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import yaml

from studio.rundown.clips import clip_file_problems
from studio.rundown.durations import shown
from studio.rundown.problems import Locator, Problem, RundownError, first_problems, has_errors, in_file_order
from studio.rundown.model import (Block, Card, Cue, CustomField, Delay, Exhibitor, Product, Rundown, Segment, ShopAction,
                                   ShowInfo, Transition)
from studio.rundown.blocks import block_problems
from studio.rundown.free_timers import free_timer
from studio.rundown.project import is_project, read_project
from studio.rundown.checks import reference_problems, timing_problems
from studio.rundown.fields import field_problems
from studio.rundown.reading import MAX_BYTES, Refused, collections_paused, read, too_big
from studio.rundown.schema import plain, schema_problems
from studio.rundown.shop import shop_problems
from studio.rundown.values import day, duration, milliseconds, money, secret_name, shop_body, time_of_day, timezone, url

__all__ = [
    "Problem",
    "RundownError",
    "check_rundown",
    "check_text",
    "load_for_command",
    "load_rundown",
    "locator",
    "parse_document",
    "read_document",
    "yaml_round_trip",
]


Checked = tuple[Rundown | None, list[Problem]]


def check_rundown(path: str | Path) -> Checked:
    """The rundown (None if it has errors) and every problem found, in file order."""
    return _never_raising(lambda: _check_file(Path(path), str(path)), str(path))


def check_text(text: str, path: str | Path) -> Checked:
    """A rundown's text checked as `check_rundown` checks its file (an edit before it is saved);
    `path` names it in problems and places its clips."""
    return _never_raising(lambda: _check_text(text, Path(path), str(path)), str(path))


def _never_raising(check: Callable[[], Checked], name: str) -> Checked:
    try:
        with collections_paused():
            return check()
    except Exception as error:  # noqa: BLE001 - a bug in studio is still a sentence, never a traceback
        sentence = f"studio could not check this file ({type(error).__name__}: {shown(str(error))}); please report it"
        return None, [Problem(name, 1, 1, sentence)]


def _check_file(path: Path, name: str) -> Checked:
    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)  # never more: the path may be a 5 GB file or a device
            size = max(len(data), path.stat().st_size)
    except OSError as error:
        return None, [Problem(name, 1, 1, f"cannot read the file: {error.strerror or error}")]
    sentence = too_big(size)
    if sentence:
        return None, [Problem(name, 1, 1, sentence)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, col = _place(data[: error.start].decode("utf-8-sig", "replace"))
        return None, [Problem(name, line, col, "the file is not UTF-8 text (save it as UTF-8)")]
    return _check_text(text, path, name)


def _check_text(text: str, path: Path, name: str) -> Checked:
    try:
        doc = read(text)
    except Refused as refused:
        return None, [Problem(name, refused.line, refused.col, refused.message)]
    except yaml.YAMLError as error:
        return None, [_yaml_problem(error, text, name)]
    return _validated(doc, doc, Locator(doc, name), path)


def __getattr__(name: str) -> Any:
    """`yaml_round_trip` and `read_document` (round-trip parsing for edits) load ruamel only when asked for."""
    if name in ("yaml_round_trip", "read_document"):
        from studio.rundown import roundtrip

        return getattr(roundtrip, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def locator(path: str | Path) -> Locator:
    """Where the values of a rundown file that checked clean are, for problems found later (VT lengths)."""
    with collections_paused():
        return Locator(read(Path(path).read_bytes().decode("utf-8-sig")), str(path))


def load_rundown(path: str | Path) -> Rundown:
    rundown, problems = check_rundown(path)
    if rundown is None:
        raise RundownError(problems)
    return rundown


def parse_document(doc: Any, path: str | Path) -> Checked:
    """Validate a document loaded by `yaml_round_trip` (an edit before it is saved): the rundown or None, and the problems."""
    return _validated(doc, plain(doc), Locator(doc, str(path)), Path(path))


def _validated(doc: Any, values: Any, where: Locator, path: Path) -> Checked:
    """`values`: the document as plain JSON-like values (dates as text), for the schema."""
    sentence = _not_a_rundown(doc)
    if sentence:
        return None, [where.problem((), sentence)]
    shared, problems = _project_exhibitors(doc, path)
    problems = first_problems(chain(problems, schema_problems(values, where), reference_problems(doc, where, shared),
                                    shop_problems(doc, where)))
    rundown = None if problems else _build(doc, path, shared)
    if rundown is not None:
        problems = first_problems(chain(timing_problems(rundown, where), clip_file_problems(rundown, where),
                                        block_problems(rundown, where), field_problems(rundown, where)))
    return (None if has_errors(problems) else rundown), in_file_order(problems)


def _project_exhibitors(doc: Any, path: Path) -> tuple[dict[str, Exhibitor], list[Problem]]:
    """A day of a multi-day event (`project:`): its project's exhibitors, and the project file's problems."""
    name = doc.get("project")
    if not isinstance(name, str) or not name.strip():
        return {}, []  # none, or not text (the schema says so)
    project, problems = read_project(path.parent / name)
    if project is None:
        return {}, problems
    return {exhibitor.id: exhibitor for exhibitor in map(EXHIBITOR.build, project.exhibitors)}, problems


def _not_a_rundown(doc: Any) -> str | None:
    needs = "a rundown is a mapping with 'show' and 'segments'"
    if is_project(doc):
        return "this is a project file (a multi-day event), not a rundown: `studio check` it, run one of its days' rundowns"
    if doc is None:
        return f"the file is empty: {needs}"
    if not isinstance(doc, dict):
        return f"this is not a rundown: it holds {'a list' if isinstance(doc, list) else 'a single value'}, and {needs}"
    if "show" not in doc and "segments" not in doc:
        return f"this is not a rundown: it has neither 'show' nor 'segments', and {needs}"
    return None


def _yaml_problem(error: yaml.YAMLError, text: str, path: str) -> Problem:
    if isinstance(error, yaml.reader.ReaderError):  # libyaml counts bytes of UTF-8
        line, col = _place(text.encode("utf-8")[: error.position].decode("utf-8", "replace"))
        return Problem(path, line, col, f"the file holds a character YAML does not allow ({error.reason})")
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = str(getattr(error, "problem", None) or error)
    if problem == "found a tab character that violates indentation":
        problem = "found character '\\t' where YAML needs spaces: indent with spaces, not tabs"
    elif problem == "found character that cannot start any token" and mark:  # libyaml does not say which
        lines = text.splitlines()
        character = lines[mark.line][mark.column : mark.column + 1] if mark.line < len(lines) else ""
        problem = f"found character {character!r} that cannot start any token"
    return Problem(path, line, col, f"YAML syntax error: {problem}")


def _place(before: str) -> tuple[int, int]:
    """1-based line and column of the character that follows `before`."""
    return before.count("\n") + 1, len(before) - before.rfind("\n")


# Building: each kind of entry maps its YAML keys onto a dataclass. The schema has already
# checked the structure; tests check these keys and the schema's are the same.
Convert = Callable[[Any], Any]


@dataclass(frozen=True)
class Entry:
    schema_name: str  # its entry in the schema's definitions
    make: Callable[..., Any]
    fields: Mapping[str, Convert]
    renamed: Mapping[str, str] = field(default_factory=dict)  # YAML key -> dataclass field

    def build(self, node: Mapping[Any, Any]) -> Any:
        return self.make(**{self.renamed.get(key, key): self.fields[key](value) for key, value in node.items()})


def _each(entry: Entry) -> Convert:
    return lambda items: tuple(entry.build(item) for item in items)


def _transition(value: Any) -> Transition:
    return Transition(str(value)) if isinstance(value, str) else TRANSITION.build(value)


def _texts(sources: Mapping[Any, Any]) -> tuple[tuple[str, str], ...]:
    return tuple((str(source), str(text)) for source, text in sources.items())


PRODUCT = Entry("product", Product, {"sku": str, "name": str, "price": money, "stock": int})
EXHIBITOR = Entry("exhibitor", Exhibitor,
                  {"id": str, "name": str, "products": _each(PRODUCT), "notes": str, "target": money})
SHOP_ACTION = Entry("shopAction", ShopAction,
                    {"name": str, "on": str, "url": url, "secret": secret_name, "body": shop_body})
CARD = Entry("card", Card, {"text": str, "at": duration})
CUE = Entry(
    "cue",
    Cue,
    {"at": duration, "scene": str, "text": _texts, "media": str, "action": str, "message": str, "clip": str,
     "shop": _each(SHOP_ACTION)},
    renamed={"text": "texts", "action": "media_action"},
)
TRANSITION = Entry(
    "transition", Transition, {"name": str, "duration": milliseconds}, renamed={"duration": "duration_ms"}
)
SEGMENT = Entry(
    "segment",
    Segment,
    {
        "id": str,
        "title": str,
        "kind": str,
        "exhibitor": str,
        "duration": duration,
        "scene": str,
        "start": time_of_day,
        "end": str,
        "warning": duration,
        "alarm": duration,
        "transition": _transition,
        "lower_third": str,
        "notes": str,
        "cards": _each(CARD),
        "cues": _each(CUE),
        "clip": str,
        "block": str,
        "fields": lambda values: tuple((str(name), value) for name, value in values.items()),
        "shop": _each(SHOP_ACTION),
        "timer": str,
    },
)
BLOCK = Entry("block", Block, {"id": str, "title": str, "budget": duration})
DELAY = Entry("delay", Delay, {"id": str, "before": str, "duration": duration, "applied": bool, "note": str})
FIELD = Entry("field", CustomField, {"name": str, "type": str, "title": str, "choices": lambda items: tuple(map(str, items))})
FREE_TIMER = Entry("freeTimer", free_timer, {"name": str, "mode": str, "duration": duration, "to": time_of_day, "presenter": bool})
SHOW = Entry(
    "show",
    ShowInfo,
    {
        "title": str,
        "date": day,
        "timezone": timezone,
        "start": time_of_day,
        "hard_out": time_of_day,
        "warning": duration,
        "alarm": duration,
        "currency": str,
        "locale": str,
        "obs": dict,
    },
)
ROOT = Entry("", dict, {"show": SHOW.build, "exhibitors": _each(EXHIBITOR), "segments": _each(SEGMENT),
                        "blocks": _each(BLOCK), "delays": _each(DELAY), "fields": _each(FIELD), "timers": _each(FREE_TIMER),
                        "project": str})
ENTRIES = (ROOT, SHOW, EXHIBITOR, PRODUCT, SEGMENT, TRANSITION, CARD, CUE, SHOP_ACTION, BLOCK, DELAY, FIELD, FREE_TIMER)


def _build(doc: Mapping[Any, Any], path: Path, shared: Mapping[str, Exhibitor]) -> Rundown:
    """`shared`: the exhibitors of the project the rundown is a day of."""
    parts = ROOT.build(doc)
    exhibitors = {**shared, **{exhibitor.id: exhibitor for exhibitor in parts.get("exhibitors", ())}}
    return Rundown(path=path, show=parts["show"], exhibitors=exhibitors, segments=parts["segments"],
                   blocks=parts.get("blocks", ()), delays=parts.get("delays", ()), fields=parts.get("fields", ()),
                   timers=parts.get("timers", ()))


def load_for_command(path: Path) -> Rundown | int:
    """For a command: the rundown, or the exit code (2 unreadable, 1 problems) after printing why there is none."""
    if not path.is_file():
        print(f"studio: cannot read {path}: no such file", file=sys.stderr)
        return 2
    rundown, problems = check_rundown(path)
    for problem in problems:
        print(problem, file=sys.stderr if rundown is None else sys.stdout)
    return 1 if rundown is None else rundown
