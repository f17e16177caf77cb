"""Problems found in a rundown file, each at the line and column a director can go to."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import islice
from typing import Any

MAX_PROBLEMS = 200  # listed for one file
MAX_CHOICES = 1000  # compared with a misspelt name for "did you mean"
NodePath = tuple[Any, ...]  # keys and list indexes from the document's root to a node


@dataclass(frozen=True)
class Problem:
    path: str
    line: int  # 1-based
    col: int  # 1-based
    message: str
    level: str = "error"  # "error" | "warning"

    def __str__(self) -> str:
        label = "warning: " if self.level == "warning" else ""
        return f"{self.path}:{self.line}:{self.col}: {label}{self.message}"


class RundownError(Exception):
    """A rundown that cannot be run; `problems` lists everything found, in file order."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(map(str, self.problems)))


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(problem.level == "error" for problem in problems)


def in_file_order(problems: Iterable[Problem]) -> list[Problem]:
    """Problems sorted by place, each reported once."""
    return sorted(dict.fromkeys(problems), key=lambda p: (p.line, p.col))


def first_problems(problems: Iterable[Problem]) -> list[Problem]:
    """At most MAX_PROBLEMS, the last saying there are more: a file with thousands of mistakes
    (a hostile one, or one made by a broken tool) is checked in a moment, and nobody reads the rest."""
    found = list(islice(problems, MAX_PROBLEMS + 1))
    if len(found) > MAX_PROBLEMS:
        sentence = f"and more problems: studio lists the first {MAX_PROBLEMS} it finds (fix those and check again)"
        found[-1] = replace(found[-1], message=sentence, level="error")
    return found


def closest(word: object, choices: Iterable[object]) -> str | None:
    """The choice most like `word`, ignoring case, in its own spelling; None if none is close
    (or if there are too many choices to compare in a moment)."""
    word, choices = str(word), choices if isinstance(choices, Collection) else list(choices)
    if len(choices) > MAX_CHOICES:
        return None  # too many to compare in a moment
    by_folded = {str(choice).casefold(): str(choice) for choice in choices}
    if len(word) > 2 * max(map(len, by_folded), default=0):
        return None  # too long to be a slip of any (and slow to compare)
    import difflib  # only a rundown with a mistake needs it: not on every start

    close = difflib.get_close_matches(word.casefold(), list(by_folded), n=1)
    return by_folded[close[0]] if close else None


def did_you_mean(word: object, choices: Iterable[object]) -> str:
    """' (did you mean 'scene'?)' when a choice is close to `word`, else ''."""
    close = closest(word, choices)
    return f" (did you mean '{close}'?)" if close else ""


MAX_MESSAGE = 500  # characters: a message quoting a megabyte key stays a sentence


def clipped(message: str) -> str:
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


class Locator:
    """Where the nodes of a document sit in its file: each mapping and list says in `.lc`
    (ruamel's documents and studio.rundown.reading's alike)."""

    def __init__(self, doc: Any, path: str) -> None:
        self.doc = doc
        self.path = path

    def problem(self, where: NodePath, message: str, *, key: bool = False, level: str = "error") -> Problem:
        """A problem at the value found at `where`, or at its key with `key` (list items have no key)."""
        line, col = self.position(where, key=key)
        return Problem(self.path, line, col, clipped(message), level)

    def line_of(self, where: NodePath) -> int:
        return self.position(where)[0]

    def position(self, where: NodePath, *, key: bool = False) -> tuple[int, int]:
        """1-based line and column; the nearest enclosing node's when the document has none for this one."""
        if not where:
            return 1, 1
        *parents, last = where
        try:
            parent = self._node(parents)
            if isinstance(parent, list):
                line, col = parent.lc.item(last)
            elif key or parent[last] is None:  # an empty value has no place of its own
                line, col = parent.lc.key(last)
            else:
                line, col = parent.lc.value(last)
        except (AttributeError, KeyError, IndexError, TypeError):  # merged keys, plain dicts
            return self.position(tuple(parents), key=True)
        return line + 1, col + 1

    def _node(self, where: Sequence[Any]) -> Any:
        node = self.doc
        for step in where:
            node = node[step]
        return node
