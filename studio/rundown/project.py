"""Multi-day events: a project file lists a rundown per day and holds the exhibitors the days share.

    # salon.project.yaml
    event: Garage Expo 2026
    exhibitors:
      - {id: serenco, name: Serenco}
    days:
      - {date: 2026-11-05, rundown: day1.yaml}
      - {date: 2026-11-06, rundown: day2.yaml}

A day's rundown names its project (`project: salon.project.yaml`, relative to the rundown) and
takes the project's exhibitors besides its own: it runs, checks and reports as any rundown does.
The project file is checked with the rundown schema's own definitions (an exhibitor is written the
same in both), its problems located in the project file. docs/rundown-format.md, "Multi-day events".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from studio.rundown.problems import Locator, Problem, first_problems, has_errors
from studio.rundown.reading import MAX_BYTES, Refused, read, too_big
from studio.rundown.schema import schema, schema_problems
from studio.rundown.validator import Check, compile_schema
from studio.rundown.values import FORMATS, day


@dataclass(frozen=True)
class ProjectDay:
    date: date
    rundown: Path  # resolved against the project file's folder


@dataclass(frozen=True)
class Project:
    path: Path
    event: str
    exhibitors: tuple[dict[Any, Any], ...]  # as written: the loader builds them as a rundown's
    days: tuple[ProjectDay, ...]
    where: Locator = field(compare=False, repr=False)  # places in the project file, for problems found later


def project_schema() -> dict[str, Any]:
    """The project file's JSON Schema; its exhibitors are the rundown schema's."""
    return {
        "type": "object",
        "required": ["event", "days"],
        "additionalProperties": False,
        "properties": {
            "event": {"$ref": "#/definitions/text", "title": "Event", "description": "The event's name, over all its days."},
            "exhibitors": {"type": "array", "title": "Exhibitors", "description": "The exhibitors every day shares.",
                           "items": {"$ref": "#/definitions/exhibitor"}},
            "days": {"type": "array", "minItems": 1, "title": "Days", "description": "A rundown per day, in order.",
                     "items": {"$ref": "#/definitions/day"}},
        },
        "definitions": {**schema()["definitions"], "day": {
            "type": "object",
            "required": ["date", "rundown"],
            "additionalProperties": False,
            "properties": {
                "date": {"type": "string", "format": "date", "title": "Date", "description": "The day (2026-11-05)."},
                "rundown": {"$ref": "#/definitions/text", "title": "Rundown", "description": "Its rundown file, relative to the project file."},
            },
        }},
    }


@cache
def _validator() -> Check:
    return compile_schema(project_schema(), FORMATS)


def is_project(doc: Any) -> bool:
    """A project file, not a rundown: it lists days and has no segments."""
    return isinstance(doc, dict) and "days" in doc and "segments" not in doc


def read_project(path: Path) -> tuple[Project | None, list[Problem]]:
    """The project (None with errors) and its problems, each at its place in the project file."""
    name = str(path)
    try:
        doc = read(bounded_text(path))
    except OSError as error:
        return None, [Problem(name, 1, 1, f"cannot read the project file: {error.strerror or error}")]
    except UnicodeDecodeError:
        return None, [Problem(name, 1, 1, "the project file is not UTF-8 text (save it as UTF-8)")]
    except Refused as refused:
        return None, [Problem(name, refused.line, refused.col, refused.message)]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Problem(name, line, col, f"YAML syntax error: {getattr(error, 'problem', None) or error}")]
    if not is_project(doc):
        return None, [Problem(name, 1, 1, "this is not a project file: it needs 'event' and 'days' (and no 'segments')")]
    where = Locator(doc, name)
    problems = first_problems(schema_problems(doc, where, _validator()))
    if has_errors(problems):
        return None, problems
    days = tuple(ProjectDay(day(item["date"]), (path.parent / item["rundown"]).resolve()) for item in doc["days"])
    problems += list(_repeated_dates(days, where))
    if has_errors(problems):
        return None, problems
    return Project(path.resolve(), doc["event"], tuple(doc.get("exhibitors", ())), days, where), problems


def bounded_text(path: Path) -> str:
    """The file's text, never more than a rundown may be (the path may name a device or a 5 GB file)."""
    with path.open("rb") as file:
        data = file.read(MAX_BYTES + 1)
    sentence = too_big(len(data))
    if sentence:
        raise Refused(1, 1, sentence)
    return data.decode("utf-8-sig")


def _repeated_dates(days: tuple[ProjectDay, ...], where: Locator) -> Iterator[Problem]:
    seen: dict[date, int] = {}
    for i, each in enumerate(days):
        if each.date in seen:
            first = where.line_of(("days", seen[each.date], "date"))
            yield where.problem(("days", i, "date"), f"the day {each.date} is listed twice (first on line {first})")
        seen.setdefault(each.date, i)
