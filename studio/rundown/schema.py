"""Structure checks with studio/rundown/rundown.schema.json (the schema editors use too), compiled
once into Python checks (validator.py), each error translated into a plain sentence at the place
of the offending key or value."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from studio.rundown.problems import Locator, NodePath, Problem, did_you_mean
from studio.rundown.validator import Check, SchemaError, compile_schema
from studio.rundown.values import FORMAT_EXAMPLES, FORMATS

Translation = Callable[[SchemaError, Locator], Iterator[Problem]]

SCHEMA_PATH = Path(__file__).with_name("rundown.schema.json")

# Item names of the lists, for messages ("segment 'serenco-pitch'", "cue 2").
_ITEM_NAMES = {
    "segments": "segment",
    "exhibitors": "exhibitor",
    "products": "product",
    "cards": "card",
    "cues": "cue",
    "shop": "shop action",
    "days": "day",  # a project file's (studio/rundown/project.py)
}
_TYPE_NAMES = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "object": "a mapping (key: value lines)",
    "array": "a list",
    "null": "empty",
}
_VALUE_KINDS: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (bool, "true/false"),
    ((int, float), "a number"),
    (str, "text"),
    (dict, "a mapping"),
    (list, "a list"),
    (type(None), "empty"),
)


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _validator() -> Check:
    return compile_schema(schema(), FORMATS)


def schema_problems(doc: Any, where: Locator, check: Check | None = None) -> Iterator[Problem]:
    """Every structural problem of a document of plain values (see `plain`) against the rundown schema (or `check`,
    another schema compiled with compile_schema); a value of the wrong type gets only that one.

    Each is put in words only when it is taken: a caller may stop at the first few hundred."""
    errors: list[SchemaError] = []
    (check or _validator())(doc, (), errors)
    mistyped = {e.path for e in errors if e.validator == "type"}
    for error in errors:
        if error.validator == "type" or error.path not in mistyped:
            yield from TRANSLATIONS[error.validator](error, where)


def plain(node: Any, done: dict[int, Any] | None = None) -> Any:
    """A document from ruamel as JSON Schema and editors see it: YAML 1.2 has no dates, so a date is text.

    `done` keeps a node met twice through YAML aliases converted once."""
    done = {} if done is None else done
    if id(node) in done:
        return done[id(node)]
    if isinstance(node, dict):
        done[id(node)] = {key: plain(value, done) for key, value in node.items()}
    elif isinstance(node, list):
        done[id(node)] = [plain(item, done) for item in node]
    else:
        return node.isoformat() if isinstance(node, date) else node
    return done[id(node)]


def _unknown_keys(error: SchemaError, where: Locator) -> Iterator[Problem]:
    at, known = error.path, error.schema.get("properties", {})
    for key in error.instance:
        if key not in known:
            message = f"unknown key '{key}' in {_describe(at, error.instance)}{did_you_mean(key, known)}"
            yield where.problem((*at, key), message, key=True)


def _missing_keys(error: SchemaError, where: Locator) -> Iterator[Problem]:
    at = error.path
    missing = " and ".join(f"'{key}'" for key in error.validator_value if key not in error.instance)
    yield where.problem(at, f"{_describe(at, error.instance)} is missing {missing}", key=True)


def _wrong_type(error: SchemaError, where: Locator) -> Iterator[Problem]:
    at, value = error.path, error.instance
    types = [error.validator_value] if isinstance(error.validator_value, str) else error.validator_value
    expected = FORMAT_EXAMPLES.get(error.schema.get("format", "")) or " or ".join(_TYPE_NAMES[t] for t in types)
    actual = next((kind for kinds, kind in _VALUE_KINDS if isinstance(value, kinds)), "a tagged value")
    hint = " (put it in quotes)" if types == ["string"] and actual in ("a number", "true/false") else ""
    yield where.problem(at, f"{_describe(at, value)} should be {expected}, not {actual}{hint}")


def _not_a_choice(error: SchemaError, where: Locator) -> Iterator[Problem]:
    at, choices = error.path, error.validator_value
    hint = did_you_mean(error.instance, choices)
    message = f"unknown {at[-1]} '{error.instance}'{hint}; use one of: {', '.join(choices)}"
    yield where.problem(at, message)


def _bad_value(error: SchemaError, where: Locator) -> Iterator[Problem]:
    yield where.problem(error.path, str(error.cause))


def _empty(error: SchemaError, where: Locator) -> Iterator[Problem]:
    at = error.path
    item = _ITEM_NAMES.get(at[-1])
    yield where.problem(at, f"{_describe(at, error.instance)} is empty" + (f": add at least one {item}" if item else ""))


def _too_small(error: SchemaError, where: Locator) -> Iterator[Problem]:
    at = error.path
    yield where.problem(at, f"{_describe(at, error.instance)} cannot be less than {error.validator_value}")


def _needs_company(error: SchemaError, where: Locator) -> Iterator[Problem]:
    at = error.path
    for key, needed in error.validator_value.items():
        for other in needed:
            if key in error.instance and other not in error.instance:
                yield where.problem((*at, key), f"'{key}' needs '{other}' too", key=True)


def _does_nothing(error: SchemaError, where: Locator) -> Iterator[Problem]:
    at = error.path
    keys = [f"'{key}'" for branch in error.validator_value for key in branch["required"]]
    message = f"{_describe(at, error.instance)} does nothing: give it {', '.join(keys[:-1])} or {keys[-1]}"
    yield where.problem(at, message, key=True)


TRANSLATIONS: dict[str, Translation] = {
    "additionalProperties": _unknown_keys,
    "required": _missing_keys,
    "type": _wrong_type,
    "enum": _not_a_choice,
    "format": _bad_value,
    "pattern": _empty,
    "minItems": _empty,
    "minProperties": _empty,
    "minimum": _too_small,
    "dependencies": _needs_company,
    "anyOf": _does_nothing,
}


def _describe(at: NodePath, node: Any) -> str:
    """How a message names a node: 'duration', segment 'serenco-pitch', cue 2, the rundown."""
    if not at:
        return "the rundown"
    last, name = at[-1], _ITEM_NAMES.get(at[-2]) if len(at) > 1 else None
    if not (isinstance(last, int) and name):  # a key, not a place in a list
        return f"'{last}'"
    ident = node.get("id") if isinstance(node, dict) else None
    return f"{name} '{ident}'" if isinstance(ident, str) else f"{name} {last + 1}"
