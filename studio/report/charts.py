"""The report's charts as inline SVG, written directly: bars, a step curve, time and value axes.

Three simple charts do not need a plotting stack: importing matplotlib alone took 0.47 s, more
than the rest of a 1,000-order report (`benchmarks/bench_report.py --before 37d88b4` compares).
Text stays text in the page's own font (nothing embedded, nothing fetched); the SVG scales to its box.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from html import escape

from studio.rundown.durations import format_duration
from studio.report.figures import Report
from studio.report.look import Look

PLANNED, ON_TIME, SKIPPED, INK, GRID = "#c9d1d9", "#2f81f7", "#8c959f", "#1f2328", "#eaeef2"
# a loss is red (air time lost, the show late), running over the plan amber: never green for either
LONG, LOST = "#bf8700", "#d1242f"
_STEPS = (5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)  # drift ticks, seconds
_TIME_STEPS = (10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600)  # clock ticks, seconds
WIDTH, ROW, FONT = 1000, 22, 12
_CHAR = 0.58 * FONT  # a rough average glyph width, to leave room for labels


@dataclass
class _Svg:
    """An SVG drawing in user units (1 unit = 1 px at 1000 px wide)."""

    height: float
    parts: list[str] = field(default_factory=list)

    def rect(self, x: float, y: float, width: float, height: float, fill: str, **attrs: object) -> None:
        self.parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0):.1f}" height="{height:.1f}" fill="{fill}"{_attrs(attrs)}/>')

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str, width: float = 1) -> None:
        self.parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}" stroke-width="{width}"/>')

    def path(self, points: list[tuple[float, float]], **attrs: object) -> None:
        d = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points)
        self.parts.append(f'<path d="{d}"{_attrs(attrs)}/>')

    def text(self, x: float, y: float, text: str, anchor: str = "start", **attrs: object) -> None:
        self.parts.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="{FONT}" fill="{INK}" text-anchor="{anchor}"'
                          f' dominant-baseline="middle"{_attrs(attrs)}>{escape(text)}</text>')

    def render(self, label: str, defs: str = "") -> str:
        return (f'<svg viewBox="0 0 {WIDTH} {self.height:.0f}" role="img" aria-label="{escape(label)}"'
                f' style="width:100%;height:auto">{defs}{"".join(self.parts)}</svg>')


def _attrs(attrs: dict[str, object]) -> str:
    return "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attrs.items())


@dataclass(frozen=True)
class _TimeScale:
    """Wall-clock instants to x, with ticks a person reads at a glance in the show's timezone."""

    start: datetime
    end: datetime
    x0: float
    x1: float

    def x(self, moment: datetime) -> float:
        span = max((self.end - self.start).total_seconds(), 1.0)
        return self.x0 + (moment - self.start).total_seconds() / span * (self.x1 - self.x0)

    def draw(self, svg: _Svg, top: float, bottom: float, look: Look) -> None:
        span = (self.end - self.start).total_seconds()
        step = next((step for step in _TIME_STEPS if span / step <= 10), _TIME_STEPS[-1])
        local = self.start.astimezone(look.tz)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        first = -(-(local - midnight).total_seconds() // step) * step
        tick = midnight + timedelta(seconds=first)
        while tick <= self.end:
            x = self.x(tick)
            svg.line(x, top, x, bottom, GRID, 0.8)
            svg.text(x, bottom + 12, tick.strftime("%H:%M" if step >= 60 else "%H:%M:%S"), "middle")
            tick += timedelta(seconds=step)
        svg.line(self.x0, bottom, self.x1, bottom, PLANNED, 0.8)


def timeline(report: Report, look: Look) -> str:
    """Planned (grey) against actual (blue; amber when it ran long, red when it was cut short) for every segment."""
    lines = report.segments
    left = _label_width(_short(line.title) for line in lines)
    top, bottom = 8.0, 8.0 + ROW * len(lines)
    starts = [line.planned_start for line in lines] + [start for line in lines for start, _ in line.spans]
    ends = ([line.planned_start + timedelta(seconds=line.planned_duration_s) for line in lines]
            + [end for line in lines for _, end in line.spans])
    scale = _TimeScale(min(starts), max(ends), left, WIDTH - 16)
    svg = _Svg(bottom + 56)
    scale.draw(svg, top, bottom, look)
    for row, line in enumerate(lines):
        y = top + row * ROW
        planned_end = line.planned_start + timedelta(seconds=line.planned_duration_s)
        x, width = scale.x(line.planned_start), scale.x(planned_end) - scale.x(line.planned_start)
        if line.status in ("skipped", "not reached"):
            svg.rect(x, y + 2, width, ROW - 4, "url(#skipped)", stroke=SKIPPED, stroke_width=0.8)
        else:
            svg.rect(x, y + 2, width, ROW - 4, PLANNED)
        for start, end in line.spans:
            colour = LONG if line.over_under_s >= 1 else LOST if line.over_under_s <= -1 else ON_TIME
            svg.rect(scale.x(start), y + 6, scale.x(end) - scale.x(start), ROW - 12, colour)
        svg.text(left - 6, y + ROW / 2, _short(line.title), "end")
    _legend(svg, bottom + 40, [(PLANNED, "planned"), (ON_TIME, "on air"), (LONG, "ran long"), (LOST, "cut short"),
                                ("url(#skipped)", "dropped")])
    hatch = (f'<defs><pattern id="skipped" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
             f'<line x1="0" y1="0" x2="0" y2="6" stroke="{SKIPPED}" stroke-width="1.2"/></pattern></defs>')
    return svg.render("Planned against actual, per segment", hatch)


def drift_curve(report: Report, look: Look) -> str:
    """How late the show ran against the plan at each segment start and at the end (+ late, − early)."""
    points = report.drift
    values = [point.drift_s for point in points]
    low, high = min(0.0, *values), max(0.0, *values)
    step = _round_step(high - low)
    low, high = (low // step) * step, -(-high // step) * step or step
    top, bottom = 16.0, 216.0
    y = lambda value: bottom - (value - low) / (high - low) * (bottom - top)  # noqa: E731
    labels = [format_duration(value, sign=value != 0) for value in _ticks(low, high, step)]
    left = _label_width(labels) + 22
    end = max(points[-1].at, points[0].at + timedelta(seconds=60))
    scale = _TimeScale(points[0].at, end, left, WIDTH - 16)
    svg = _Svg(bottom + 24)
    scale.draw(svg, top, bottom, look)
    for value, label in zip(_ticks(low, high, step), labels):
        svg.line(left - 4, y(value), left, y(value), PLANNED)
        svg.text(left - 6, y(value), label, "end")
    svg.text(12, (top + bottom) / 2, "drift (+ late)", "middle", transform=f"rotate(-90 12 {(top + bottom) / 2:.1f})")
    steps = [(scale.x(points[0].at), y(values[0]))]
    for point, value, before in zip(points[1:], values[1:], values):
        steps += [(scale.x(point.at), y(before)), (scale.x(point.at), y(value))]
    steps.append((scale.x(end), y(values[-1])))
    zero = y(0)
    for colour, clip in ((LOST, (top, zero)), (ON_TIME, (zero, bottom))):  # late above zero (time lost), early below
        area = [(x, min(max(v, clip[0]), clip[1])) for x, v in steps]
        svg.path([(steps[0][0], zero), *area, (steps[-1][0], zero)], fill=colour, fill_opacity=0.15)
    svg.line(left, zero, WIDTH - 16, zero, SKIPPED, 0.8)
    svg.path(steps, fill="none", stroke=INK, stroke_width=1.6)
    for point, value in zip(points, values):
        svg.parts.append(f'<circle cx="{scale.x(point.at):.1f}" cy="{y(value):.1f}" r="2.5" fill="{INK}"/>')
    return svg.render("Drift against the plan")


def revenue_by_exhibitor(report: Report, look: Look) -> str:
    lines = [line for line in report.exhibitors if line.sales.revenue > 0]
    names = [_short(look.exhibitor(line.exhibitor_id)) for line in lines]
    left = _label_width(names)
    most = max(line.sales.revenue for line in lines)
    svg = _Svg(8 + 28 * len(lines))
    for row, (line, name) in enumerate(zip(lines, names)):
        y = 8 + row * 28
        width = line.sales.revenue / most * (WIDTH - 16 - left) * 0.72  # room for the label after the longest bar
        svg.rect(left, y + 4, width, 20, ON_TIME)
        svg.text(left - 6, y + 14, name, "end")
        svg.text(left + width + 6, y + 14, f"{look.money(line.sales.revenue)} · {line.sales.orders} orders")
    return svg.render("Revenue per exhibitor")


def _legend(svg: _Svg, y: float, keys: list[tuple[str, str]]) -> None:
    widths = [24 + len(label) * _CHAR + 20 for _, label in keys]
    x = (WIDTH - sum(widths)) / 2
    for (colour, label), width in zip(keys, widths):
        svg.rect(x, y - 6, 18, 12, colour, **({"stroke": SKIPPED} if colour.startswith("url") else {}))
        svg.text(x + 24, y, label)
        x += width


def _ticks(low: float, high: float, step: float) -> list[float]:
    return [low + k * step for k in range(round((high - low) / step) + 1)]


def _label_width(labels: Iterable[str]) -> float:
    return 16 + _CHAR * max((len(label) for label in labels), default=0)


def _round_step(span_s: float) -> float:
    """A tick step people read at a glance (30 s, 1 min, 2 min, 5 min…), about five ticks over `span_s`."""
    return next((step for step in _STEPS if span_s / step <= 6), _STEPS[-1])


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
