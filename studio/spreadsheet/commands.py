"""`studio import` and `studio export`: rundowns to and from spreadsheets.

Exit codes as `studio check`: 0 done, 1 problems in the file (nothing written), 2 a usage
error or a file that cannot be read or written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from studio.config.arguments import checked
from studio.rundown.editing import save_text
from studio.rundown.loader import check_rundown
from studio.rundown.values import day, time_of_day, timezone


def register_import(commands: Any) -> None:
    parser = commands.add_parser(
        "import", help="make a rundown from a spreadsheet (.xlsx or .csv); every problem as FILE:SHEET:CELL: message",
        description="Layout: docs/spreadsheet-format.md. A CSV file is the Segments table alone; its show "
                    "title defaults to the file's name and its start to the first segment's start.")
    parser.add_argument("spreadsheet", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="RUNDOWN.yaml",
                        help="the rundown to write (replaced if it exists)")
    parser.add_argument("--title", help="the show's title (default: the Show sheet's, else the file's name)")
    parser.add_argument("--start", type=checked(time_of_day), metavar="HH:MM[:SS]",
                        help="the show's start (default: the Show sheet's, else the first segment's start)")
    parser.add_argument("--date", type=checked(day), metavar="YYYY-MM-DD", help="the show's date")
    parser.add_argument("--timezone", type=checked(timezone), metavar="ZONE",
                        help="the show's timezone, e.g. Europe/Paris (default: the Show sheet's, else UTC)")
    parser.set_defaults(handler=_import)


def register_export(commands: Any) -> None:
    parser = commands.add_parser("export", help="write a rundown as a spreadsheet (.xlsx, or .csv: the segments only)")
    parser.add_argument("rundown", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.xlsx|FILE.csv")
    parser.set_defaults(handler=_export)


def _import(args: argparse.Namespace) -> int:
    from studio.spreadsheet.importing import SETTINGS, import_spreadsheet  # openpyxl: loaded only when a sheet is read (start-up time)
    from studio.spreadsheet.reading import Unreadable

    settings = {key: getattr(args, key) for key in SETTINGS}
    try:
        imported = import_spreadsheet(args.spreadsheet, args.output, settings)
    except Unreadable as error:
        print(f"studio: {error}", file=sys.stderr)
        return 2
    errors = imported.text is None
    for problem in imported.problems:
        print(problem, file=sys.stderr if errors else sys.stdout)
    if errors:
        count = sum(problem.level == "error" for problem in imported.problems)
        print(f"studio: {count} problem{'s' * (count != 1)} in {args.spreadsheet}; nothing written", file=sys.stderr)
        return 1
    try:
        save_text(args.output, imported.text)
    except OSError as error:
        print(f"studio: cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
        return 2
    rundown = imported.rundown
    print(f"{args.output}: written, {len(rundown.segments)} segments, {len(rundown.exhibitors)} exhibitors")
    return 0


def _export(args: argparse.Namespace) -> int:
    if args.output.suffix.lower() not in (".xlsx", ".csv"):
        print(f"studio: cannot write {args.output}: give a file name ending in .xlsx or .csv", file=sys.stderr)
        return 2
    if not args.rundown.is_file():
        print(f"studio: cannot read {args.rundown}: no such file", file=sys.stderr)
        return 2
    rundown, problems = check_rundown(args.rundown)
    if rundown is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    from studio.spreadsheet.exporting import export_rundown  # openpyxl: loaded only when a sheet is written (start-up time)

    try:
        left_out = export_rundown(rundown, args.output)
    except OSError as error:
        print(f"studio: cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
        return 2
    for note in left_out:
        print(f"{args.output}: note: {note}", file=sys.stderr)
    print(f"{args.output}: written, {len(rundown.segments)} segments")
    return 0
