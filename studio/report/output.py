"""Where a report goes: standard output (UTF-8 whatever the terminal's locale) or a file, with a sentence."""

from __future__ import annotations

import sys
from pathlib import Path


def deliver(text: str, output: Path | None, written: str) -> int:
    """Write `text` to `output` (stdout when None); `written` is said after a file is written. The exit code."""
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
        return 0
    try:
        output.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        print(f"studio: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"{output}: {written}")
    return 0
