"""Rundown files: YAML in, a validated `Rundown` out, or every problem at once.

    rundown, problems = check_rundown("schedules/demo.yaml")   # never raises for bad content
    rundown = load_rundown("schedules/demo.yaml")              # raises RundownError

Checking runs in three passes: the JSON Schema (studio/rundown/rundown.schema.json) for structure,
references between entries (ids, SKUs, exhibitors), then, on a well-formed rundown, timing.
The file format is described in docs/rundown-format.md.
"""

from __future__ import annotations

import sys

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import YAMLError
from ruamel.yaml.reader import ReaderError

from studio.rundown.clips import clip_file_problems
from studio.rundown.problems import Locator, Problem, RundownError, has_errors, in_file_order
from studio.rundown.model import Card, Cue, Exhibitor, Product, Rundown, Segment, ShowInfo, Transition
from studio.rundown.checks import reference_problems, timing_problems
from studio.rundown.schema import schema_problems
from studio.rundown.values import day, duration, milliseconds, time_of_day, timezone

__all__ = [
    "Problem",
    "RundownError",
    "check_rundown",
    "load_rundown",
    "parse_document",
    "read_document",
    "yaml_round_trip",
]


class _Constructor(RoundTripConstructor):
    """Reports an impossible date (2026-02-30) as a YAML error at its place instead of a bare ValueError."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError as error:
            raise ConstructorError(problem=f"bad date '{node.value}' ({error})", problem_mark=node.start_mark) from None


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


def yaml_round_trip() -> YAML:
    """The YAML instance that loads and saves rundowns, keeping comments, key order, quotes and layout."""
    yaml = YAML()  # round-trip, YAML 1.2: an unquoted 19:30:00 stays text
    yaml.Constructor = _Constructor
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    return yaml


def read_document(path: str | Path) -> Any:
    """The file's YAML document (a CommentedMap for a rundown); raises OSError, ValueError or YAMLError."""
    return yaml_round_trip().load(Path(path).read_bytes().decode("utf-8-sig"))


def check_rundown(path: str | Path) -> tuple[Rundown | None, list[Problem]]:
    """The rundown (None if it has errors) and every problem found, in file order."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        return None, [Problem(name, 1, 1, f"cannot read the file: {error.strerror or error}")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, col = _place(data[: error.start].decode("utf-8-sig", "replace"))
        return None, [Problem(name, line, col, "the file is not UTF-8 text (save it as UTF-8)")]
    try:
        doc = yaml_round_trip().load(text)
    except YAMLError as error:
        return None, [_yaml_problem(error, text, name)]
    except RecursionError:
        return None, [Problem(name, 1, 1, "the YAML is nested too deeply to be a rundown")]
    return parse_document(doc, path)


def load_rundown(path: str | Path) -> Rundown:
    rundown, problems = check_rundown(path)
    if rundown is None:
        raise RundownError(problems)
    return rundown


def parse_document(doc: Any, path: str | Path) -> tuple[Rundown | None, list[Problem]]:
    """Validate an already loaded document (see `read_document`): the rundown or None, and the problems."""
    where = Locator(doc, str(path))
    sentence = _not_a_rundown(doc)
    if sentence:
        return None, [where.problem((), sentence)]
    problems = [*schema_problems(doc, where), *reference_problems(doc, where)]
    rundown = None if problems else _build(doc, Path(path))
    if rundown is not None:
        problems += [*timing_problems(rundown, where), *clip_file_problems(rundown, where)]
    return (None if has_errors(problems) else rundown), in_file_order(problems)


def _not_a_rundown(doc: Any) -> str | None:
    needs = "a rundown is a mapping with 'show' and 'segments'"
    if doc is None:
        return f"the file is empty: {needs}"
    if not isinstance(doc, dict):
        return f"this is not a rundown: it holds {'a list' if isinstance(doc, list) else 'a single value'}, and {needs}"
    if "show" not in doc and "segments" not in doc:
        return f"this is not a rundown: it has neither 'show' nor 'segments', and {needs}"
    return None


def _yaml_problem(error: YAMLError, text: str, path: str) -> Problem:
    if isinstance(error, ReaderError):
        line, col = _place(text[: error.position])
        return Problem(path, line, col, f"the file holds a character YAML does not allow ({error.reason})")
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = getattr(error, "problem", None) or str(error)
    return Problem(path, line, col, problem if isinstance(error, ConstructorError) else f"YAML syntax error: {problem}")


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


PRODUCT = Entry("product", Product, {"sku": str, "name": str, "price": float})
EXHIBITOR = Entry("exhibitor", Exhibitor, {"id": str, "name": str, "products": _each(PRODUCT), "notes": str})
CARD = Entry("card", Card, {"text": str, "at": duration})
CUE = Entry(
    "cue",
    Cue,
    {"at": duration, "scene": str, "text": _texts, "media": str, "action": str, "message": str, "clip": str},
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
    },
)
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
ROOT = Entry("", dict, {"show": SHOW.build, "exhibitors": _each(EXHIBITOR), "segments": _each(SEGMENT)})
ENTRIES = (ROOT, SHOW, EXHIBITOR, PRODUCT, SEGMENT, TRANSITION, CARD, CUE)


def _build(doc: Mapping[Any, Any], path: Path) -> Rundown:
    parts = ROOT.build(doc)
    exhibitors = {exhibitor.id: exhibitor for exhibitor in parts.get("exhibitors", ())}
    return Rundown(path=path, show=parts["show"], exhibitors=exhibitors, segments=parts["segments"])


def load_for_command(path: Path) -> Rundown | int:
    """For a command: the rundown, or the exit code (2 unreadable, 1 problems) after printing why there is none."""
    if not path.is_file():
        print(f"studio: cannot read {path}: no such file", file=sys.stderr)
        return 2
    rundown, problems = check_rundown(path)
    for problem in problems:
        print(problem, file=sys.stderr if rundown is None else sys.stdout)
    return 1 if rundown is None else rundown
