"""Reports of a multi-day event (studio/rundown/project.py): each day's show from the as-run log, and the
event across days. docs/reports.md, "Multi-day events".

A day's show is the latest show of that day's rundown whose planned start falls on that day (in the
show's timezone; a show past midnight belongs to the day it started), else the latest show of that
rundown. Money is summed across days in the first reported day's currency; a day in another currency
is listed, never converted.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from studio.report.csv_report import _number
from studio.report.figures import Report, Sales, compute
from studio.report.log import ReportError, ShowRow, list_shows, read_show
from studio.report.look import Look, look_of
from studio.rundown.loader import RundownError, load_rundown
from studio.rundown.project import Project, ProjectDay, read_project


@dataclass(frozen=True)
class DayLine:
    day: ProjectDay
    report: Report | None  # None: the log has no show of that day's rundown
    look: Look | None


@dataclass(frozen=True)
class ExhibitorAcross:
    exhibitor_id: str
    name: str
    days: int  # days with at least one of its segments on air
    segments: int  # segments on air (a segment aired twice counts once)
    air_time_s: float
    planned_air_time_s: float
    sales: Sales


@dataclass(frozen=True)
class EventReport:
    event: str
    currency: str
    days: tuple[DayLine, ...]
    exhibitors: tuple[ExhibitorAcross, ...]  # highest revenue first

    @property
    def counted(self) -> tuple[Report, ...]:
        """The days' reports summed across days: those in the event's currency."""
        return tuple(line.report for line in self.days if line.report is not None and line.report.currency == self.currency)

    @property
    def sales(self) -> Sales:
        return Sales(sum(r.sales.orders for r in self.counted), sum(r.sales.revenue for r in self.counted))

    @property
    def air_time_s(self) -> float:
        return sum(line.actual_duration_s for r in self.counted for line in r.segments)

    @property
    def over_under_s(self) -> float:
        """Each day's end against its plan, added up."""
        return sum(r.final_drift_s for r in self.counted)


def event_report(db: Path, project: Project) -> EventReport:
    shows = list_shows(db) if db.is_file() else []
    lines = []
    for day in project.days:
        show = _show_of(day, shows)
        if show is None:
            lines.append(DayLine(day, None, None))
            continue
        log = read_show(db, show.id)
        look = look_of(log)
        lines.append(DayLine(day, compute(log, look.currency, look.planned), look))
    looks = [line.look for line in lines if line.look is not None]
    currency = looks[0].currency if looks else "EUR"
    names = {name_id: name for look in looks for name_id, name in look.exhibitor_names.items()}
    counted = tuple(line.report for line in lines if line.report is not None and line.report.currency == currency)
    return EventReport(project.event, currency, tuple(lines), _exhibitors(counted, names))


def _show_of(day: ProjectDay, shows: list[ShowRow]) -> ShowRow | None:
    of_rundown = [show for show in shows if _same_file(show.rundown_path, day.rundown)]
    if not of_rundown:
        return None
    tz = _timezone_of(day.rundown)
    on_the_day = [show for show in of_rundown if show.planned_start.astimezone(tz).date() == day.date]
    return (on_the_day or of_rundown)[-1]


def _same_file(logged: str, rundown: Path) -> bool:
    try:
        return Path(logged).resolve() == rundown
    except (OSError, ValueError):
        return False


def _timezone_of(rundown: Path) -> ZoneInfo:
    try:
        return load_rundown(rundown).show.tz
    except RundownError:
        return ZoneInfo("UTC")


def _exhibitors(reports: tuple[Report, ...], names: dict[str, str]) -> tuple[ExhibitorAcross, ...]:
    days: dict[str, int] = defaultdict(int)
    segments: dict[str, int] = defaultdict(int)
    air: dict[str, float] = defaultdict(float)
    planned: dict[str, float] = defaultdict(float)
    orders: dict[str, int] = defaultdict(int)
    revenue: dict[str, float] = defaultdict(float)
    for report in reports:
        for line in report.exhibitors:
            ident = line.exhibitor_id
            aired = [segment for segment in line.segments if segment.actual_start is not None]
            days[ident] += bool(aired)
            segments[ident] += len(aired)
            air[ident] += line.air_time_s
            planned[ident] += line.planned_air_time_s
            orders[ident] += line.sales.orders
            revenue[ident] += line.sales.revenue
    found = [ExhibitorAcross(ident, names.get(ident, ident), days[ident], segments[ident], air[ident], planned[ident],
                             Sales(orders[ident], revenue[ident])) for ident in days]
    return tuple(sorted(found, key=lambda line: (-line.sales.revenue, line.exhibitor_id)))


# ----- output --------------------------------------------------------------------------------

CSV_COLUMNS = ("date", "show_id", "title", "exhibitor_id", "exhibitor", "days", "segments", "air_time_s",
               "planned_air_time_s", "over_under_s", "orders", "revenue", "currency")


def event_csv(report: EventReport) -> str:
    """One row per day (exhibitor empty) and per exhibitor that day, then the same for the event (date "all")."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for line in report.days:
        if line.report is None:
            writer.writerow([line.day.date.isoformat(), "", "no show in the log", "", "", 0, 0, 0, 0, 0, 0, 0, ""])
            continue
        r, look = line.report, line.look
        aired = [s for s in r.segments if s.actual_start is not None]
        writer.writerow([line.day.date.isoformat(), r.show.id, r.show.title, "", "", 1, len(aired),
                         _number(sum(s.actual_duration_s for s in r.segments)),
                         _number(sum(s.planned_duration_s for s in r.segments)), _number(r.final_drift_s),
                         r.sales.orders, _number(r.sales.revenue), r.currency])
        for exhibitor in r.exhibitors:
            aired_by = [s for s in exhibitor.segments if s.actual_start is not None]
            writer.writerow([line.day.date.isoformat(), r.show.id, r.show.title, exhibitor.exhibitor_id,
                             look.exhibitor(exhibitor.exhibitor_id) if look else exhibitor.exhibitor_id, int(bool(aired_by)),
                             len(aired_by), _number(exhibitor.air_time_s), _number(exhibitor.planned_air_time_s),
                             _number(exhibitor.air_time_s - exhibitor.planned_air_time_s), exhibitor.sales.orders,
                             _number(exhibitor.sales.revenue), r.currency])
    counted = report.counted
    writer.writerow(["all", "", report.event, "", "", len(counted), sum(len([s for s in r.segments if s.actual_start]) for r in counted),
                     _number(report.air_time_s), _number(sum(s.planned_duration_s for r in counted for s in r.segments)),
                     _number(report.over_under_s), report.sales.orders, _number(report.sales.revenue), report.currency])
    for each in report.exhibitors:
        writer.writerow(["all", "", report.event, each.exhibitor_id, each.name, each.days, each.segments,
                         _number(each.air_time_s), _number(each.planned_air_time_s),
                         _number(each.air_time_s - each.planned_air_time_s), each.sales.orders, _number(each.sales.revenue),
                         report.currency])
    return out.getvalue()


def event_html(report: EventReport) -> str:
    from studio.report.html_report import environment  # Jinja2: loaded only for an HTML report

    look = next((line.look for line in report.days if line.look is not None), Look())
    return environment().get_template("event.html.j2").render(report=report, look=look, title=report.event)


def event_report_command(db: Path, project_path: Path, fmt: str) -> tuple[str, str]:
    """The text of the event's report and what it is, for `studio report --project`; ReportError with a sentence."""
    project, problems = read_project(project_path)
    if project is None:
        raise ReportError("the project file has problems: " + "; ".join(map(str, problems[:3])))
    report = event_report(db, project)
    if not any(line.report for line in report.days):
        raise ReportError(f"{db} has no show of any day of {project.event}: run one first.")
    text = event_html(report) if fmt == "html" else event_csv(report)
    return text, f"{fmt.upper()} report of {project.event}, {len(report.days)} days"
