"""`studio report`: the as-run report of a show as CSV or HTML, and the same for the console's Report action.

The CLI and the console import this module at start-up; what a report needs (Babel's dates, the
rundown loader, Jinja2) is imported when a report is made.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.storage.asrun import default_db_path
from studio.report.central import database, report_command
from studio.report.log import ReportError, read_show
from studio.report.output import deliver

if TYPE_CHECKING:
    from studio.report.figures import Report
    from studio.report.look import Look

FORMATS = {".csv": "csv", ".html": "html", ".htm": "html"}


def register(commands: Any) -> None:
    report = commands.add_parser("report", help="the as-run report of a show: CSV (one row per segment) or HTML")
    report.add_argument("--db", type=database, default=None,
                        help=f"as-run log database (default: {default_db_path()}), or the event's postgresql://…")
    report.add_argument("--stage", metavar="NAME", help="with --db postgresql://…: only this stage")
    report.add_argument("--show", type=int, metavar="ID", help="the show's id (default: the latest show)")
    report.add_argument("--format", choices=sorted(set(FORMATS.values())),
                        help="default: from the -o file's suffix; CSV on standard output")
    report.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here (default: standard output)")
    report.add_argument("--exhibitor", metavar="ID",
                        help="only this exhibitor: their segments (CSV) or their one-page summary (HTML)")
    report.add_argument("--project", type=Path, metavar="FILE",
                        help="a multi-day event's project file: each day and the event across days (CSV or HTML)")
    report.set_defaults(handler=_report)


def load(db: Path, show_id: int | None = None) -> tuple[Report, Look]:
    """The figures and the look of a show; raises ReportError with a sentence."""
    from studio.report.figures import compute
    from studio.report.look import look_of

    log = read_show(db, show_id)
    look = look_of(log)
    return compute(log, look.currency, look.planned), look


def render(report: Report, look: Look, fmt: str, exhibitor: str | None = None) -> str:
    if exhibitor is not None and report.exhibitor(exhibitor) is None:
        known = ", ".join(line.exhibitor_id for line in report.exhibitors) or "none"
        raise ReportError(f"Show {report.show.id} has no exhibitor '{exhibitor}'. Exhibitors: {known}.")
    if fmt == "html":
        from studio.report.html_report import render_html  # Jinja2: loaded only for an HTML report (start-up time)

        return render_html(report, look, exhibitor)
    from studio.report.csv_report import write_csv

    out = io.StringIO()
    write_csv(report, look, out, exhibitor)
    return out.getvalue()


def write_html_report(db: Path, show_id: int | None, folder: Path) -> Path:
    """Write the HTML report of a show into `folder` (made if needed) and return its path."""
    report, look = load(db, show_id)
    folder.mkdir(parents=True, exist_ok=True)
    day = report.show.planned_start.astimezone(look.tz).date().isoformat()
    path = folder / f"show-{report.show.id}-{day}.html"
    path.write_text(render(report, look, "html"), encoding="utf-8")
    return path


def _report(args: argparse.Namespace) -> int:
    if args.project is not None and isinstance(args.db, str):
        print("studio: --project reports from a studio's as-run database, not from the event's PostgreSQL", file=sys.stderr)
        return 2
    if isinstance(args.db, str):  # every stage's log in the event's PostgreSQL (studio/report/central.py)
        return report_command(args)
    fmt = args.format or (FORMATS.get(args.output.suffix.lower()) if args.output else "csv")
    if fmt is None:
        print(f"studio: cannot tell the format from {args.output.name}: say --format csv or --format html", file=sys.stderr)
        return 2
    if args.project is not None:
        return _event(args, fmt)
    try:
        report, look = load(args.db or default_db_path(), args.show)
        text = render(report, look, fmt, args.exhibitor)
    except ReportError as exc:
        print(f"studio: {exc}", file=sys.stderr)
        return 1
    return deliver(text, args.output, f"{fmt.upper()} report of show {report.show.id} ({report.show.title})")


def _event(args: argparse.Namespace, fmt: str) -> int:
    from studio.report.days import event_report_command  # the project reader and Jinja2: only for this report

    try:
        text, what = event_report_command(args.db or default_db_path(), args.project, fmt)
    except ReportError as exc:
        print(f"studio: {exc}", file=sys.stderr)
        return 1
    return deliver(text, args.output, what)
