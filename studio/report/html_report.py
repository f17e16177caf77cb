"""The HTML report: one self-contained page (inline SVG charts, no external links), printable,
with a one-page summary per exhibitor."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from studio.rundown.durations import format_duration
from studio.report import charts
from studio.report.blocks import block_lines
from studio.report.figures import Report
from studio.report.look import Look

# next to this module, frozen (PyInstaller) or not
_ENV = Environment(loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"), autoescape=True,
                   undefined=StrictUndefined)
_ENV.filters["duration"] = format_duration
_ENV.filters["signed"] = lambda seconds: format_duration(seconds, sign=True)


def environment() -> Environment:
    """The reports' templates and filters (the event report's too, studio/report/days.py)."""
    return _ENV


def render_html(report: Report, look: Look, exhibitor: str | None = None) -> str:
    """The whole report, or only the summary page of `exhibitor` (an id from `report.exhibitors`)."""
    full = exhibitor is None
    exhibitors = report.exhibitors if full else tuple(line for line in report.exhibitors if line.exhibitor_id == exhibitor)
    pictures = {
        "timeline": Markup(charts.timeline(report, look)) if full and report.segments else "",
        "drift": Markup(charts.drift_curve(report, look)) if full and report.drift else "",
        "revenue": Markup(charts.revenue_by_exhibitor(report, look)) if full and _any_sold(report) else "",
    }
    title = report.show.title if full else f"{report.show.title} — {look.exhibitor(exhibitor)}"
    return _ENV.get_template("report.html.j2").render(
        report=report, look=look, full=full, exhibitors=exhibitors, charts=pictures, title=title,
        titles={line.segment_id: line.title for line in report.segments},
        blocks=block_lines(report, look.blocks) if full else ())


def _any_sold(report: Report) -> bool:
    return any(line.sales.revenue > 0 for line in report.exhibitors)
