"""Director commands as words (stdin, remote control): `go`, `+30`, `jump serenco-pitch`..."""

from __future__ import annotations

from typing import Callable

from studio.app.session import LiveShow

HELP = "commands: go, back, skip, hold, +30, -30, jump ID, pause, resume, status, help"


def parse_command(text: str, show: LiveShow) -> Callable[[], None] | str:
    """The action a command line asks for, or a sentence saying what is wrong with it."""
    word, _, rest = text.strip().partition(" ")
    word, rest = word.lower(), rest.strip()
    simple = {"go": show.go, "back": show.back, "skip": show.skip, "hold": show.hold,
              "pause": show.pause, "resume": show.resume}
    if word in simple and not rest:
        return simple[word]
    if word == "jump":
        return (lambda: show.jump(rest)) if rest else "jump needs a segment id, e.g. 'jump serenco-pitch'"
    if word[:1] in "+-" and not rest:
        try:
            seconds = float(word)
        except ValueError:
            return f"'{word}' is not a number of seconds: write +30 or -30"
        return lambda: show.extend(seconds)
    return f"unknown command '{text.strip()}' ({HELP})"
