"""The rundown's JSON Schema compiled once into Python checks (Draft 7, the keywords it uses).

jsonschema took 240 ms for 400 segments and 50 ms to import; these closures take a few ms and
report the same errors (keyword, place, value, subschema), which schema.py turns into sentences.
A keyword the compiler does not know stops the compile: the schema and the checks cannot drift.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sized
from dataclasses import dataclass
from typing import Any

from studio.rundown.problems import NodePath

ANNOTATIONS = frozenset({"$schema", "$id", "title", "description", "examples", "default", "definitions"})
KEYWORDS = ("type", "properties", "additionalProperties", "required", "items", "enum", "format", "pattern",
            "minItems", "minProperties", "minimum", "dependencies", "anyOf")


@dataclass(frozen=True)
class SchemaError:
    validator: str  # the keyword that failed: "type", "required", ...
    path: NodePath  # from the document's root to the value
    instance: Any  # the value
    schema: Mapping[str, Any]  # the (sub)schema holding the keyword
    validator_value: Any  # the keyword's value in it
    cause: Exception | None = None  # a format's ValueError


Errors = list[SchemaError]
Check = Callable[[Any, NodePath, Errors], None]
Formats = Mapping[str, Callable[[Any], Any]]


def compile_schema(root: Mapping[str, Any], formats: Formats) -> Check:
    """`check(value, path, errors)` appends every error of `value` to `errors`."""
    return _Compiler(root, formats).compile(root)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_CLASSES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "number": (int, float),
    "integer": (int, float),  # 3.0 is a whole number
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
    "null": (type(None),),
}


class _Compiler:
    def __init__(self, root: Mapping[str, Any], formats: Formats) -> None:
        self.root, self.formats = root, formats
        self.refs: dict[str, list[Check]] = {}

    def compile(self, schema: Mapping[str, Any]) -> Check:
        if "$ref" in schema:  # Draft 7: the keywords beside a $ref are ignored
            return self._ref(schema["$ref"])
        unknown = set(schema) - ANNOTATIONS - set(KEYWORDS)
        if unknown:
            raise ValueError(f"the rundown schema uses {sorted(unknown)}, which studio's checks do not know")
        made = (getattr(self, "_" + key)(schema, value) for key, value in schema.items() if key in KEYWORDS)
        checks = [one for one in made if one is not _nothing]
        if len(checks) <= 1:
            return checks[0] if checks else _nothing
        if len(checks) == 2:  # most: text (type and pattern), lists; a call less for each value
            first, second = checks

            def both(value: Any, at: NodePath, errors: Errors) -> None:
                first(value, at, errors)
                second(value, at, errors)

            return both

        def check(value: Any, at: NodePath, errors: Errors) -> None:
            for one in checks:
                one(value, at, errors)

        return check

    def _ref(self, ref: str) -> Check:
        """The definition's checks, compiled once; a definition that refers to itself goes through a cell."""
        if ref not in self.refs:
            cell = self.refs[ref] = []
            target: Any = self.root
            for step in ref.removeprefix("#/").split("/"):
                target = target[step]
            cell.append(self.compile(target))
        cell = self.refs[ref]
        if cell:
            return cell[0]
        return lambda value, at, errors: cell[0](value, at, errors)

    def _type(self, schema: Mapping[str, Any], kinds: str | list[str]) -> Check:
        names = [kinds] if isinstance(kinds, str) else list(kinds)
        classes = tuple({kind for name in names for kind in _CLASSES[name]})
        no_bool = "boolean" not in names  # True is an int to Python, not a number to JSON Schema
        whole = "integer" in names and "number" not in names

        def check(value: Any, at: NodePath, errors: Errors) -> None:
            if not isinstance(value, classes) or (no_bool and value.__class__ is bool) or (
                whole and isinstance(value, float) and not value.is_integer()
            ):
                errors.append(SchemaError("type", at, value, schema, kinds))

        return check

    def _properties(self, schema: Mapping[str, Any], properties: Mapping[str, Any]) -> Check:
        """Each known key's value; with additionalProperties, the others (one error when there may be none)."""
        checks = {key: self.compile(sub) for key, sub in properties.items()}
        allowed = schema.get("additionalProperties", True)
        other = None if allowed is False else self.compile({} if allowed is True else allowed)

        def check(value: Any, at: NodePath, errors: Errors) -> None:
            if not isinstance(value, dict):
                return
            extra = False
            for key, item in value.items():
                one = checks.get(key, other)
                if one is None:
                    extra = True
                else:
                    one(item, (*at, key), errors)
            if extra:
                errors.append(SchemaError("additionalProperties", at, value, schema, allowed))

        return check

    def _additionalProperties(self, schema: Mapping[str, Any], allowed: Any) -> Check:
        if "properties" in schema:  # checked with them
            return _nothing
        return self._properties({**schema, "properties": {}}, {})

    def _required(self, schema: Mapping[str, Any], keys: list[str]) -> Check:
        def check(value: Any, at: NodePath, errors: Errors) -> None:
            if isinstance(value, dict):
                for key in keys:
                    if key not in value:
                        errors.append(SchemaError("required", at, value, schema, keys))
                        return

        return check

    def _items(self, schema: Mapping[str, Any], items: Mapping[str, Any]) -> Check:
        one = self.compile(items)

        def check(value: Any, at: NodePath, errors: Errors) -> None:
            if isinstance(value, list):
                for index, item in enumerate(value):
                    one(item, (*at, index), errors)

        return check

    def _enum(self, schema: Mapping[str, Any], choices: list[Any]) -> Check:
        def check(value: Any, at: NodePath, errors: Errors) -> None:
            if not any(value == choice and type(value) is type(choice) for choice in choices):
                errors.append(SchemaError("enum", at, value, schema, choices))

        return check

    def _format(self, schema: Mapping[str, Any], name: str) -> Check:
        parse = self.formats.get(name)
        if parse is None:  # an unknown format is an annotation (Draft 7)
            return _nothing

        def check(value: Any, at: NodePath, errors: Errors) -> None:
            try:
                parse(value)
            except (ValueError, ArithmeticError) as error:
                errors.append(SchemaError("format", at, value, schema, name, error))

        return check

    def _pattern(self, schema: Mapping[str, Any], pattern: str) -> Check:
        search = re.compile(pattern).search

        def check(value: Any, at: NodePath, errors: Errors) -> None:
            if isinstance(value, str) and not search(value):
                errors.append(SchemaError("pattern", at, value, schema, pattern))

        return check

    def _minItems(self, schema: Mapping[str, Any], least: int) -> Check:
        return _too_few("minItems", list, schema, least)

    def _minProperties(self, schema: Mapping[str, Any], least: int) -> Check:
        return _too_few("minProperties", dict, schema, least)

    def _minimum(self, schema: Mapping[str, Any], least: float) -> Check:
        def check(value: Any, at: NodePath, errors: Errors) -> None:
            if _is_number(value) and value < least:
                errors.append(SchemaError("minimum", at, value, schema, least))

        return check

    def _dependencies(self, schema: Mapping[str, Any], needs: Mapping[str, list[str]]) -> Check:
        def check(value: Any, at: NodePath, errors: Errors) -> None:
            if isinstance(value, dict) and any(
                key in value and other not in value for key, others in needs.items() for other in others
            ):
                errors.append(SchemaError("dependencies", at, value, schema, needs))

        return check

    def _anyOf(self, schema: Mapping[str, Any], branches: list[Mapping[str, Any]]) -> Check:
        checks = [self.compile(branch) for branch in branches]

        def check(value: Any, at: NodePath, errors: Errors) -> None:
            for one in checks:
                found: Errors = []
                one(value, at, found)
                if not found:
                    return
            errors.append(SchemaError("anyOf", at, value, schema, branches))

        return check


def _too_few(keyword: str, kind: type[Sized], schema: Mapping[str, Any], least: int) -> Check:
    def check(value: Any, at: NodePath, errors: Errors) -> None:
        if isinstance(value, kind) and len(value) < least:
            errors.append(SchemaError(keyword, at, value, schema, least))

    return check


def _nothing(value: Any, at: NodePath, errors: Errors) -> None:
    pass
