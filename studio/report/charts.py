"""The report's charts as inline SVG (matplotlib, text kept as text: no embedded fonts, no links).

Figures are built with `matplotlib.figure.Figure`, not pyplot: no global state, safe off the GUI thread.
"""

from __future__ import annotations

import io
import re

import matplotlib
from matplotlib import dates
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MultipleLocator

from studio.rundown.durations import format_duration
from studio.report.figures import Report
from studio.report.look import Look

PLANNED, ON_TIME, LONG, SKIPPED, INK, GRID = "#c9d1d9", "#2f81f7", "#d1242f", "#8c959f", "#1f2328", "#eaeef2"
_STEPS = (5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)
_NO_METADATA = {"Creator": None, "Date": None, "Format": None, "Type": None}  # no RDF block with its URLs


def timeline(report: Report, look: Look) -> str:
    """Planned (grey) against actual (blue, red when it ran long) for every segment, top to bottom."""
    lines = report.segments
    fig, ax = _figure(0.9 + 0.25 * len(lines))
    for row, line in enumerate(lines):
        ax.barh(row, _days(line.planned_duration_s), left=dates.date2num(line.planned_start), height=0.8,
                color="none" if line.status == "skipped" else PLANNED, edgecolor=SKIPPED if line.status == "skipped" else PLANNED,
                hatch="///" if line.status == "skipped" else None, linewidth=0.8)
        for start, end in line.spans:
            ax.barh(row, _days((end - start).total_seconds()), left=dates.date2num(start), height=0.42,
                    color=LONG if line.over_under_s >= 1 else ON_TIME)
    ax.set_yticks(range(len(lines)), [_short(line.title) for line in lines])
    ax.set_ylim(len(lines) - 0.5, -0.5)  # first segment on top, no margin
    _time_axis(ax, look)
    ax.legend(handles=[_patch(PLANNED, "planned"), _patch(ON_TIME, "on air"), _patch(LONG, "on air, ran long"),
                       _patch("none", "skipped", hatch="///")], loc="upper center", bbox_to_anchor=(0.5, -0.08 if len(lines) < 8 else -0.03),
              ncols=4, frameon=False)
    return _svg(fig)


def drift_curve(report: Report, look: Look) -> str:
    """How late the show ran against the plan at each segment start and at the end (+ late, − early)."""
    fig, ax = _figure(2.8)
    points = report.drift
    x = [dates.date2num(point.at) for point in points]
    y = [point.drift_s for point in points]
    ax.axhline(0, color=SKIPPED, linewidth=0.8)
    ax.step(x, y, where="post", color=INK, linewidth=1.6)
    ax.plot(x, y, "o", color=INK, markersize=3)
    ax.fill_between(x, [max(v, 0) for v in y], 0, step="post", color=LONG, alpha=0.15, linewidth=0)
    ax.fill_between(x, [min(v, 0) for v in y], 0, step="post", color=ON_TIME, alpha=0.15, linewidth=0)
    ax.yaxis.set_major_locator(MultipleLocator(_round_step(max(0, *y) - min(0, *y))))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: format_duration(value, sign=value != 0)))
    ax.set_ylabel("drift (+ late)", fontsize=9, color=INK)
    _time_axis(ax, look)
    return _svg(fig)


def revenue_by_exhibitor(report: Report, look: Look) -> str:
    lines = [line for line in report.exhibitors if line.sales.revenue > 0]
    fig, ax = _figure(0.8 + 0.34 * len(lines))
    bars = ax.barh(range(len(lines)), [line.sales.revenue for line in lines], color=ON_TIME, height=0.6)
    ax.bar_label(bars, [f"{look.money(line.sales.revenue)} · {line.sales.orders} orders" for line in lines], padding=4)
    ax.set_yticks(range(len(lines)), [_short(look.exhibitor(line.exhibitor_id)) for line in lines])
    ax.invert_yaxis()
    ax.xaxis.set_visible(False)
    ax.spines["bottom"].set_visible(False)
    ax.margins(x=0.25)
    return _svg(fig)


def _figure(height: float) -> tuple[Figure, Axes]:
    """A report-wide figure, styled on its own artists: rcParams are global, and the UI may draw charts meanwhile."""
    fig = Figure(figsize=(10, height), layout="constrained")
    ax = fig.subplots()
    ax.tick_params(labelsize=9, colors=INK)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(PLANNED)
    return fig, ax


def _time_axis(ax: Axes, look: Look) -> None:
    ax.xaxis.set_major_locator(dates.AutoDateLocator(tz=look.tz, minticks=4, maxticks=12))
    ax.xaxis.set_major_formatter(dates.DateFormatter("%H:%M", tz=look.tz))
    ax.grid(axis="x", color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)


def _round_step(span_s: float) -> float:
    """A tick step people read at a glance (30 s, 1 min, 2 min, 5 min…), about five ticks over `span_s`."""
    return next((step for step in _STEPS if span_s / step <= 6), _STEPS[-1])


def _days(seconds: float) -> float:
    """A duration in matplotlib's date unit."""
    return seconds / 86400


def _patch(colour: str, label: str, hatch: str | None = None) -> Patch:
    return Patch(facecolor=colour, edgecolor=SKIPPED if hatch else colour, hatch=hatch, label=label)


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _svg(fig: Figure) -> str:
    """The SVG element alone, for an HTML page: no XML prolog, no DOCTYPE, no namespace URLs, scales to its box."""
    out = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):  # read at save time only
        fig.savefig(out, format="svg", metadata=_NO_METADATA)
    text = out.getvalue()
    text = text[text.index("<svg"):]
    head, rest = text.split(">", 1)
    head = re.sub(r'\s(?:xmlns(?::xlink)?|width|height)="[^"]*"', "", head)
    return f'{head} role="img" style="width:100%;height:auto">{rest}'

