"""`studio rehearse RUNDOWN --exhibitor ID`: the rehearsal window for one exhibitor's segments."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.rundown.loader import load_for_command
from studio.storage.asrun import default_db_path
from studio.rehearsal.plan import RehearsalError, RehearsalPlan, UnknownExhibitor, plan_for


@dataclass(frozen=True)
class RehearsalOptions:
    """What `studio rehearse` decided: handed to the window opener (ui/main.py)."""

    plan: RehearsalPlan
    db: Path


def register(commands: Any) -> None:
    rehearse = commands.add_parser("rehearse", help="rehearse an exhibitor's segments alone, timed, every attempt logged")
    rehearse.add_argument("rundown", type=Path)
    rehearse.add_argument("--exhibitor", required=True, metavar="ID", help="the exhibitor's id in the rundown")
    rehearse.add_argument("--db", type=Path, default=None, metavar="PATH", help=f"database for the attempts (default: {default_db_path()})")
    rehearse.set_defaults(handler=_rehearse)


def _rehearse(args: argparse.Namespace) -> int:
    loaded = load_for_command(args.rundown)
    if isinstance(loaded, int):
        return loaded
    try:
        plan = plan_for(loaded, args.exhibitor)
    except RehearsalError as exc:
        print(f"studio: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, UnknownExhibitor) else 1
    if args.windows is None:
        print("studio: this installation has no windows; rehearsal needs one", file=sys.stderr)
        return 2
    return args.windows.rehearsal(RehearsalOptions(plan, args.db or default_db_path()))
