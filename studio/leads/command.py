"""`studio leads export` (files per exhibitor for a CRM) and `studio forget EMAIL` (erase a person). docs/leads.md."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path
from typing import Any

from studio.storage.asrun import default_db_path
from studio.leads.export import FORMATS, UNATTRIBUTED, exported_leads, write
from studio.leads.forget import forget
from studio.leads.parsing import EMAIL

NOT_AN_ADDRESS = 2  # `studio forget`'s exit status when nothing was tried


def register_leads(commands: Any) -> None:
    leads = commands.add_parser("leads", help="the leads taken during shows (docs/leads.md)")
    actions = leads.add_subparsers(required=True, metavar="ACTION")
    export = actions.add_parser("export", help="one file per exhibitor and format, as HubSpot and Salesforce import "
                                               "them (CSV, xlsx) and vCard; leads with consent only")
    export.add_argument("folder", type=Path, help="write the files here (made if needed)")
    export.add_argument("--db", type=Path, default=None, help=f"as-run log database (default: {default_db_path()})")
    export.add_argument("--show", type=int, metavar="ID", help="only this show's leads (default: every show's)")
    export.add_argument("--exhibitor", action="append", default=[], metavar="ID",
                        help=f"only this exhibitor (repeatable; '{UNATTRIBUTED}': leads credited to none)")
    export.add_argument("--format", action="append", choices=FORMATS, default=[], dest="formats",
                        help="repeatable (default: every one)")
    export.set_defaults(handler=_export)


def register_forget(commands: Any) -> argparse.ArgumentParser:
    """The `forget` command on the database; studio/relay/command.py adds the relay's stream to it."""
    erase = commands.add_parser("forget", help="erase a person everywhere (leads, orders' contact details and payloads, "
                                               "as-run events, journal, central outbox; with --orders-redis the "
                                               "relay's stream) and say what was erased")
    erase.add_argument("email")
    erase.add_argument("--db", type=Path, default=None, help=f"as-run log database (default: {default_db_path()})")
    erase.set_defaults(handler=forget_command)
    return erase


def _export(args: argparse.Namespace) -> int:
    db = _existing(args.db)
    if db is None:
        return 1
    by_exhibitor = exported_leads(db, args.show)
    wanted = args.exhibitor or sorted(by_exhibitor)
    unknown = [name for name in wanted if name not in by_exhibitor]
    if unknown:
        known = ", ".join(sorted(by_exhibitor)) or "none"
        print(f"studio: no leads with consent for {', '.join(unknown)} in {db}. Exhibitors with leads: {known}.",
              file=sys.stderr)
        return 1
    args.folder.mkdir(parents=True, exist_ok=True)
    for exhibitor in wanted:
        for form in args.formats or FORMATS:
            path = write(by_exhibitor[exhibitor], form, args.folder, exhibitor)
            print(f"{exhibitor}: {len(by_exhibitor[exhibitor])} leads in {path}")
    return 0


def forget_command(args: argparse.Namespace) -> int:
    """Erase `args.email` from the database and say so; NOT_AN_ADDRESS (nothing done), 1 (said why) or 0."""
    if not EMAIL.fullmatch(args.email.strip()):
        print(f"studio: '{args.email}' is not an e-mail address like name@example.com", file=sys.stderr)
        return NOT_AN_ADDRESS
    db = _existing(args.db)
    if db is None:
        return 1
    try:
        erased = forget(db, args.email)
    except sqlite3.Error as exc:
        print(f"studio: {db}: nothing was erased: {exc}", file=sys.stderr)
        return 1
    print(erased.sentence(args.email.strip()))
    return 0


def _existing(db: Path | None) -> Path | None:
    path = db or default_db_path()
    if not path.is_file():
        print(f"studio: {path}: no such database (give it with --db)", file=sys.stderr)
        return None
    return path
