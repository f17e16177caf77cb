"""ruamel's round-trip parser, for rundown files that are edited and saved: comments, key order,
quotes and layout are kept. Checking a file does not need it (studio/rundown/reading.py is faster)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor


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
    round_trip = YAML()  # round-trip, YAML 1.2: an unquoted 19:30:00 stays text
    round_trip.Constructor = _Constructor
    round_trip.preserve_quotes = True
    round_trip.indent(mapping=2, sequence=4, offset=2)
    round_trip.width = 4096
    return round_trip


def read_document(path: str | Path) -> Any:
    """The file's YAML document for editing (a ruamel CommentedMap for a rundown); raises OSError, ValueError or YAMLError."""
    return yaml_round_trip().load(Path(path).read_bytes().decode("utf-8-sig"))
