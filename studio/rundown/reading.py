"""Rundown text to plain data, fast and bounded, with the place of every key, value and item.

libyaml (PyYAML's C parser) composes the text into nodes that keep their line and column; this
module turns the nodes into dicts and lists the way YAML 1.2 reads them (as editors and ruamel's
round-trip parser do: an unquoted 19:30:00 or 2026-11-05 stays text, `yes` is text). What a
hostile file could do is refused here, each at its place, before anything walks the values:

- a text over MAX_BYTES, or over MAX_VALUES values or MAX_DEPTH levels of nesting (estimated from
  the text, counted on libyaml's events only when the estimate is over: libyaml's composer
  recurses in C and would crash the interpreter on 100,000 brackets);
- aliases that repeat more than ALIAS_BUDGET values in all ("billion laughs"), an alias inside its
  own anchor, an alias used as a key (counted on libyaml's events when the text has an anchor);
- a key that is a list or a mapping, a duplicate key, a tag studio does not read.
"""

from __future__ import annotations

import gc
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, MappingStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from studio.rundown.problems import clipped

try:
    from yaml.cyaml import CParser as _Parser
except ImportError:  # PyYAML built without libyaml: the same nodes, slower
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


MAX_BYTES = 4 * 1024 * 1024  # 6,400 segments with cards and cues take 3.4 MB; a real show, 50 kB
ALIAS_BUDGET = 100_000  # values that aliases may repeat in a whole file
MAX_DEPTH = 100  # lists and mappings inside each other; a rundown has 6
MAX_VALUES = 320_000  # libyaml's nodes take about 0.5 kB each: `studio check` stays near 200 MB

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL, _MERGE = (_TAG + name for name in ("str", "int", "float", "bool", "null", "merge"))
_MAP, _SEQ = _TAG + "map", _TAG + "seq"
_BRACKETS = re.compile(r"[\[\]{}]")
_STEPS = {"[": 1, "{": 1, "]": -1, "}": -1}
_ANCHOR = re.compile(r"(?:^|[\s,\[{:-])&[^\s,\[\]{}]")  # something that may be an anchor: only then check aliases


class Refused(Exception):
    """The text cannot be read as a rundown; line and column are 1-based."""

    def __init__(self, line: int, col: int, message: str) -> None:
        super().__init__(clipped(message))
        self.line, self.col, self.message = line, col, clipped(message)


_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = {}  # first character -> (tag, pattern)
for _tag, _pattern, _first in (
    (_BOOL, r"true|True|TRUE|false|False|FALSE", "tTfF"),
    (_INT, r"[-+]?(?:0b[0-1_]+|0o?[0-7_]+|[0-9_]+|0x[0-9a-fA-F_]+)", "-+0123456789"),
    (
        _FLOAT,
        r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)"
        r"|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
        "-+0123456789.",
    ),
    (_MERGE, r"<<", "<"),
    (_NULL, r"~|null|Null|NULL|", ["~", "n", "N", ""]),
):
    for _char in _first:
        _IMPLICIT.setdefault(_char, []).append((_tag, re.compile(f"^(?:{_pattern})$")))
_KIND_TAGS = {ScalarNode: _STR, SequenceNode: _SEQ, MappingNode: _MAP}


class _Resolver(BaseResolver):
    """YAML 1.2 core schema, as ruamel's round-trip parser reads it (no dates, no yes/no).

    libyaml asks for each untagged value's tag: this is PyYAML's lookup without path resolvers."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is ScalarNode and implicit[0]:
            for tag, pattern in _IMPLICIT.get(value[:1], ()):
                if pattern.match(value):
                    return tag
        return _KIND_TAGS[kind]

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


class _Composer(_Parser, _Resolver):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _Resolver.__init__(self)


class MarkedDict(dict[Any, Any]):
    """A mapping of the file; `lc` says where its keys and values are (as ruamel's `.lc` does)."""

    __slots__ = ("node",)
    node: MappingNode

    @property
    def lc(self) -> _Places:
        return _Places(self.node)


class MarkedList(list[Any]):
    """A list of the file; `lc.item(i)` says where its items are."""

    __slots__ = ("node",)
    node: SequenceNode

    @property
    def lc(self) -> _Places:
        return _Places(self.node)


class _Places:
    """0-based (line, column) of a node's keys, values and items; KeyError for a merged key."""

    def __init__(self, node: Node) -> None:
        self.node = node

    def key(self, key: Any) -> tuple[int, int]:
        return _start(self._pair(key)[0])

    def value(self, key: Any) -> tuple[int, int]:
        return _start(self._pair(key)[1])

    def item(self, index: int) -> tuple[int, int]:
        return _start(self.node.value[index])

    def _pair(self, key: Any) -> tuple[Node, Node]:
        for pair in self.node.value:
            if isinstance(pair[0], ScalarNode) and pair[0].tag != _MERGE and _scalar(pair[0]) == key:
                return pair
        raise KeyError(key)


def _start(node: Node) -> tuple[int, int]:
    return node.start_mark.line, node.start_mark.column


def read(text: str) -> Any:
    """The document as MarkedDict, MarkedList and scalars (None for an empty file); raises Refused.

    libyaml's own errors (yaml.YAMLError) are left to the caller."""
    sentence = too_big(len(text))  # characters: a file's bytes are checked before decoding
    if sentence:
        raise Refused(1, 1, sentence)
    if _depth_bound(text) > MAX_DEPTH or _values_bound(text) > MAX_VALUES:
        _check_shape(text)  # before libyaml composes: it recurses in C and crashes past some 50,000 levels
    with collections_paused():
        root = yaml.compose(text, Loader=_Composer)
        if root is None:
            return None
        anchored = "&" in text and _ANCHOR.search(text) is not None
        if anchored:
            _check_aliases(text)
        builder = _Builder()
        doc = builder.value(root)  # an alias gives a shared value (a graph, even a cycle): nothing expands it
    if builder.aliased and not anchored:  # an anchor the pattern missed
        _check_aliases(text)
    return doc


def too_big(size: int) -> str | None:
    """The sentence for a file of `size` bytes over the limit, else None."""
    if size <= MAX_BYTES:
        return None
    return (f"the file is {size / 1e6:.1f} MB; a rundown is at most {MAX_BYTES / 1e6:.1f} MB "
            f"(thousands of segments): is this the right file?")


def _depth_bound(text: str) -> int:
    """At least the document's nesting, from the text alone, or more than MAX_DEPTH: flow brackets
    (counting quoted ones too) and, for block collections, each line's indentation and indicators."""
    deepest = max(accumulate(_STEPS[bracket] for bracket in _BRACKETS.findall(text)), default=0)
    room = (MAX_DEPTH - deepest) // 2  # block levels left: each takes one more column (or two)
    prefix = f"[ \t?:-]{{{room}}}"
    if room < 1 or re.match(prefix, text) or re.search("\n" + prefix, text):  # (a line break is found fast)
        return MAX_DEPTH + 1  # perhaps too deep: the events will tell
    return deepest + 2 * room


def _values_bound(text: str) -> int:
    """At least the number of values (lists, mappings, texts): each one follows a line break or an indicator."""
    return 1 + sum(map(text.count, ("\n", ",", ":", "-", "[", "{", "?"))) - text.count("\n\n")  # blank lines hold none


_TOO_DEEP = f"lists and mappings are nested more than {MAX_DEPTH} deep here: a rundown needs 6"


def _check_shape(text: str) -> None:
    """Nesting and values counted on libyaml's events (they are freed as they go), refused at the first one too many."""
    depth = values = 0
    try:
        for event in yaml.parse(text, Loader=_Composer):
            if isinstance(event, (ScalarEvent, AliasEvent, CollectionStartEvent)):
                values += 1
                if values > MAX_VALUES:
                    raise Refused(*_mark(event), f"the file holds more than {MAX_VALUES:,} values (texts, lists, mappings); "
                                                 f"a rundown of 6,400 segments with cards and cues holds about 280,000")
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise Refused(*_mark(event), _TOO_DEEP)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:  # libyaml from 0.2.6 scans flow brackets ahead and stops at 1,000 itself
        if exc.problem_mark is None or "nesting depth" not in (exc.problem or ""):
            raise
        raise Refused(exc.problem_mark.line + 1, exc.problem_mark.column + 1, _TOO_DEEP) from None


def _mark(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


@contextmanager
def collections_paused() -> Iterator[None]:
    """No cyclic garbage collection while a rundown is read and checked: with hundreds of thousands of
    new objects that live on, the collector runs again and again over all of them (it tripled the
    parse at 6,400 segments). Reading makes no reference cycles; what it leaves is freed by counting."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check_aliases(text: str) -> None:
    """Refuse alias bombs, recursive aliases and alias keys, at the alias, from libyaml's events.

    Counts the values as they would be once expanded, without expanding anything."""
    sizes: dict[str, int] = {}  # anchor -> values under it, expanded
    open_ = [_Open(None, False)]
    repeated = 0
    for event in yaml.parse(text, Loader=_Composer):
        top = open_[-1]
        if isinstance(event, AliasEvent):
            where = _mark(event)
            if top.mapping and top.children % 2 == 0:
                raise Refused(*where, f"an alias (*{event.anchor}) cannot be a key: write the key out")
            if event.anchor not in sizes:
                raise Refused(*where, f"the alias *{event.anchor} is inside its own anchor &{event.anchor}: "
                                      f"it would repeat forever")
            repeated += sizes[event.anchor]
            if repeated > ALIAS_BUDGET:
                raise Refused(*where, f"aliases repeat more than {ALIAS_BUDGET:,} values in this file "
                                      f"(a \"billion laughs\" file?): write the values out instead of *{event.anchor}")
            top.add(sizes[event.anchor])
        elif isinstance(event, ScalarEvent):
            if event.anchor:
                sizes[event.anchor] = 1
            top.add(1)
        elif isinstance(event, CollectionStartEvent):
            open_.append(_Open(event.anchor, isinstance(event, MappingStartEvent)))
        elif isinstance(event, CollectionEndEvent):
            done = open_.pop()
            if done.anchor:
                sizes[done.anchor] = done.size
            open_[-1].add(done.size)


@dataclass
class _Open:
    """A list or mapping being read: its anchor, its values once expanded, its children so far."""

    anchor: str | None
    mapping: bool
    size: int = 1
    children: int = 0

    def add(self, size: int) -> None:
        self.size += size
        self.children += 1


class _Builder:
    """Nodes to values; a node met again through an alias gives the same value object."""

    def __init__(self) -> None:
        self.done: dict[int, Any] = {}
        self.aliased = False  # a list or mapping met twice

    def value(self, node: Node) -> Any:
        if node.__class__ is ScalarNode:  # most nodes: text (a scalar met again is only a copy)
            return node.value if node.tag == _STR else _scalar(node)
        made = self.done.get(id(node))
        if made is not None:
            self.aliased = True
            return made
        if isinstance(node, SequenceNode):
            return self._list(node)
        return self._dict(node)

    def _list(self, node: SequenceNode) -> MarkedList:
        _expect(node, _SEQ)
        made = self.done[id(node)] = MarkedList()
        made.node = node
        made.extend(map(self.value, node.value))
        return made

    def _dict(self, node: MappingNode) -> MarkedDict:
        _expect(node, _MAP)
        made = self.done[id(node)] = MarkedDict()
        made.node = node
        merged: list[Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merged.append(value_node)
                continue
            if key_node.__class__ is not ScalarNode:
                raise Refused(*_place(key_node), "a key must be a name, not a list or a mapping")
            key = key_node.value if key_node.tag == _STR else _scalar(key_node)
            if key in made:
                first = next(k for k, _ in node.value if isinstance(k, ScalarNode) and _scalar(k) == key)
                raise Refused(*_place(key_node), f'duplicate key "{key}" (first on line {first.start_mark.line + 1})')
            if value_node.__class__ is ScalarNode and value_node.tag == _STR:  # most values: no call
                made[key] = value_node.value
            else:
                made[key] = self.value(value_node)
        for other in merged:
            for source in (other.value if isinstance(other, SequenceNode) else [other]):
                if not isinstance(source, MappingNode):
                    raise Refused(*_place(source), "'<<' merges a mapping (or a list of mappings) into this one")
                for key, value in self.value(source).items():
                    made.setdefault(key, value)
        return made


def _expect(node: Node, tag: str) -> None:
    if node.tag != tag:
        raise Refused(*_place(node), f"a rundown does not use YAML tags like {_short(node.tag)}: remove it")


def _scalar(node: ScalarNode) -> Any:
    tag, text = node.tag, node.value
    if tag == _STR:
        return text
    read = _READERS.get(tag)
    if read is None:
        raise Refused(*_place(node), f"a rundown does not use YAML tags like {_short(tag)}: remove it")
    try:
        return read(text)
    except ValueError:
        raise Refused(*_place(node), f"'{text}' cannot be read as {_short(tag)}") from None


def _null(text: str) -> None:
    if text not in ("", "~", "null", "Null", "NULL"):
        raise ValueError(text)


def _bool(text: str) -> bool:
    if text.lower() not in ("true", "false"):
        raise ValueError(text)
    return text.lower() == "true"


def _int(text: str) -> int:
    digits = text.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    digits = digits.lstrip("+-")
    base = {"0b": 2, "0o": 8, "0x": 16}.get(digits[:2], 10)
    return sign * int(digits[2:] if base != 10 else digits, base)


def _float(text: str) -> float:
    folded = text.replace("_", "").lower()
    if folded.lstrip("+-") in (".inf", ".nan"):
        value = math.inf if folded.endswith("inf") else math.nan
        return -value if folded.startswith("-") else value
    return float(folded)


_READERS = {_NULL: _null, _BOOL: _bool, _INT: _int, _FLOAT: _float}


def _place(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _short(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag
