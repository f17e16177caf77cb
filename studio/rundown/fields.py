"""Custom fields: declared once in the show (`fields:`), filled per segment (`fields: {name: value}`).

The schema sees only names and plain values; this checks each value against its field's type.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from studio.rundown.checks import _duplicates as duplicates
from studio.rundown.model import CustomField, Rundown, Segment
from studio.rundown.problems import Locator, Problem, did_you_mean


def field_problems(rundown: Rundown, where: Locator) -> Iterator[Problem]:
    yield from duplicates("custom field", ((field.name, ("fields", j, "name")) for j, field in enumerate(rundown.fields)), where)
    for j, declaration in enumerate(rundown.fields):
        if declaration.type == "choice" and not declaration.choices:
            yield where.problem(("fields", j, "type"), f"custom field '{declaration.name}' is a choice: list its choices in choices:")
        elif declaration.type != "choice" and declaration.choices:
            yield where.problem(("fields", j, "choices"), f"custom field '{declaration.name}' is {declaration.type}, so its choices are "
                                                          f"not used (make it type: choice)", level="warning")
    declared = {field.name: field for field in rundown.fields}
    for i, segment in enumerate(rundown.segments):
        for name, value in segment.fields:
            at = ("segments", i, "fields", name)
            field = declared.get(name)
            if field is None:
                yield where.problem(at, f"unknown custom field '{name}'{did_you_mean(name, declared)}; declare it in fields:",
                                    key=True)
            elif (sentence := value_problem(field, value)) is not None:
                yield where.problem(at, sentence)


def value_problem(field: CustomField, value: Any) -> str | None:
    """Why `value` cannot be this field's, or None."""
    if field.type == "number" and (isinstance(value, bool) or not isinstance(value, (int, float))):
        return f"custom field '{field.name}' is a number, not '{value}'"
    if field.type == "yes/no" and not isinstance(value, bool):
        return f"custom field '{field.name}' is yes/no: write true or false, not '{value}'"
    if field.type == "choice" and str(value) not in field.choices:
        return (f"'{value}' is not a choice of custom field '{field.name}'{did_you_mean(value, field.choices)}; "
                f"use one of: {', '.join(field.choices)}")
    return None


def shown(field: CustomField, value: Any) -> str:
    """A value as screens and spreadsheets write it."""
    if field.type == "yes/no":
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def values_of(rundown: Rundown, segment: Segment) -> list[tuple[CustomField, Any]]:
    """The segment's custom fields that are filled, in the order the show declares them."""
    filled = dict(segment.fields)
    return [(field, filled[field.name]) for field in rundown.fields if field.name in filled]
