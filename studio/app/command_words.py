"""Director commands as typed words (headless stdin): `go`, `+30`, `hold on`, `jump serenco-pitch confirm`...

Every word is a command of studio/show/commands.py; its arguments follow in their declared
order, a switch named by itself (`confirm`) is on, and a text argument takes the rest of the line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from studio.show.commands import COMMANDS, REQUIRED, BadArgument, Command, command

EXTRA = ("status", "help")  # answered by the headless runner itself


def _usage(each: Command) -> str:
    """How to type a command, e.g. "jump SEGMENT [confirm]"."""
    parts = [each.name]
    for argument in each.arguments:
        name = "on|off" if argument.name == "on" else argument.name if argument.kind == "switch" else argument.name.upper()
        parts.append(name if argument.default is REQUIRED else f"[{name}]")
    return " ".join(parts)


HELP = "commands: " + ", ".join(["+30", "-30", *(_usage(each) for each in COMMANDS), *EXTRA])


@dataclass(frozen=True)
class Request:
    name: str
    arguments: dict[str, Any]


def parse_command(text: str) -> Request | str:
    """The command a typed line asks for, or a sentence saying what is wrong with it."""
    word, _, rest = text.strip().partition(" ")
    word, rest = word.lower(), rest.strip()
    if word[:1] in "+-" and not rest:
        try:
            return Request("extend", {"seconds": command("extend").arguments[0].parse(word)})
        except BadArgument:
            return f"'{word}' is not a number of seconds: write +30 or -30"
    try:
        found = command(word)
    except KeyError:
        return f"unknown command '{text.strip()}' ({HELP})"
    try:
        return Request(found.name, found.complete(_arguments(found, rest)))
    except BadArgument as exc:
        return f"{exc} (write: {_usage(found)})"


def _arguments(found: Command, rest: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    words = rest.split()
    for argument in found.arguments:
        if not words:
            break
        if argument.kind == "text":
            values[argument.name] = argument.parse(rest)
            return values
        if argument.kind == "switch" and words[0].lower() == argument.name:
            values[argument.name] = True
        else:
            values[argument.name] = argument.parse(words[0])
        rest = rest.strip()[len(words[0]):].strip()
        words = words[1:]
    if words:
        raise BadArgument("", f"'{found.name}' does not take '{' '.join(words)}'")
    return values
