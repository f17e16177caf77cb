"""Command-line values checked as argparse reads them, so a bad one is a usage error in plain words."""

from __future__ import annotations

import argparse
from typing import Any, Callable


def checked(parse: Callable[[str], Any]) -> Callable[[str], str]:
    """An argparse `type` that keeps the text once `parse` accepts it; its ValueError becomes the usage message."""
    def value(text: str) -> str:
        try:
            parse(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
        return text

    return value
