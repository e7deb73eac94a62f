"""The work plan's timeline: one bar per dated activity across the months it spans
(Gantt-style), grouped by objective in the order of the plan.

The chart is a picture of the table beneath it, which stays the text alternative: only
activities with a date are drawn, and the description says how many are left out.
An activity with one date is drawn on that day alone.

Grid lines and labels are drawn every ``every`` months (about twelve in all), so the
size of the SVG depends on the number of activities, never on how long a span they
cover: the services keep dates within 1900–2100, and a wider span in old data still
draws twelve lines."""

import calendar
import math
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from django.utils import formats

from partnerships.models.reference import ActivityStatus
from partnerships.services.agreed_checks import day as _day
from stakeholders.charts._frame import MUTED, TEXT, WIDTH, esc, open_svg, truncate

LABEL_RIGHT = 230
PLOT_LEFT, PLOT_RIGHT = LABEL_RIGHT + 10, WIDTH - 20
TOP, ROW, BAR_HEIGHT = 44, 26, 14
LEGEND_ROOM = 50
LABEL_CHARS = 32
GRID = "#d6d9de"
TODAY = "#a4161a"
# Fills reach at least 4.5:1 against white; "dropped" is drawn as an outline only, so the
# status does not rest on colour alone (and the table says it in words).
STATUS_FILL = {
    "planned": "#545454",
    "in_progress": "#0b4f8a",
    "done": "#1d6b34",
    "delayed": "#8a5a00",
    "dropped": "none",
}


class Line(NamedTuple):
    label: str
    starts_on: date | None
    ends_on: date | None
    status: str
    status_label: str


def _month_index(day: date, first: date) -> int:
    return (day.year - first.year) * 12 + day.month - first.month


def _x(day: date, first: date, months: int, *, end_of_day: bool = False) -> float:
    """Where a day starts (or ends) along the axis, months being of equal width."""
    days = calendar.monthrange(day.year, day.month)[1]
    position = _month_index(day, first) + (day.day - (0 if end_of_day else 1)) / days
    return PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * position / months


def _month(first: date, index: int) -> date:
    """The first day of the month ``index`` months after ``first``'s."""
    years, month = divmod(first.month - 1 + index, 12)
    return date(first.year + years, month + 1, 1)


def timeline_svg(lines: Sequence[Line], *, title: str, today: date) -> str:
    """The SVG, or "" when no activity has a date."""
    dated = [
        (line, line.starts_on or line.ends_on, line.ends_on or line.starts_on)
        for line in lines
        if line.starts_on or line.ends_on
    ]
    if not dated:
        return ""
    start = min(s for _, s, _ in dated if s is not None)
    end = max(e for _, _, e in dated if e is not None)
    first = start.replace(day=1)
    months = _month_index(end, first) + 1
    every = max(1, math.ceil(months / 12))  # about twelve month labels at most
    height = TOP + len(dated) * ROW + LEGEND_ROOM
    undated = len(lines) - len(dated)
    desc = (
        f"{len(dated)} activities from {formats.date_format(start, 'F Y')} to "
        f"{formats.date_format(end, 'F Y')}"
        + (f"; {undated} without dates are not drawn" if undated else "")
        + ". The table below lists every activity with its dates, responsible partner and status."
    )
    parts = [open_svg(height=height, title=title, desc=desc, id_prefix="timeline")]
    bottom = TOP + len(dated) * ROW
    for index in range(0, months, every):
        month = _month(first, index)
        x = _x(month, first, months)
        label = formats.date_format(month, "M Y")
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP - 8}" x2="{x:.1f}" y2="{bottom}" stroke="{GRID}"/>'
            f'<text x="{x + 3:.1f}" y="{TOP - 14}" font-size="11" fill="{MUTED}">'
            f"{esc(label)}</text>"
        )
    for row, (line, s, e) in enumerate(dated):
        assert s is not None and e is not None  # noqa: S101 - dated rows have both
        y = TOP + row * ROW
        parts.append(
            f'<text x="{LABEL_RIGHT}" y="{y + ROW / 2:.1f}" text-anchor="end" '
            f'dominant-baseline="central" font-size="12" fill="{TEXT}">'
            f"{esc(truncate(line.label, LABEL_CHARS))}</text>"
        )
        x0 = _x(s, first, months)
        x1 = max(_x(e, first, months, end_of_day=True), x0 + 3)
        fill = STATUS_FILL.get(line.status, MUTED)
        stroke = f' stroke="{MUTED}" stroke-dasharray="4 2"' if fill == "none" else ""
        span = _day(s) if s == e else f"{_day(s)} to {_day(e)}"
        parts.append(
            f'<rect x="{x0:.1f}" y="{y + (ROW - BAR_HEIGHT) / 2:.1f}" width="{x1 - x0:.1f}" '
            f'height="{BAR_HEIGHT}" rx="2" fill="{fill}"{stroke}>'
            f"<title>{esc(f'{line.label}: {span}, {line.status_label}')}</title></rect>"
        )
    if first <= today <= end:
        x = _x(today, first, months)
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP - 8}" x2="{x:.1f}" y2="{bottom}" stroke="{TODAY}" '
            'stroke-width="2" stroke-dasharray="5 3"/>'
            f'<text x="{x + 3:.1f}" y="{bottom + 14}" font-size="11" fill="{TODAY}">Today</text>'
        )
    parts.append(_legend(bottom + 34))
    parts.append("</svg>")
    return "".join(parts)


def _legend(y: float) -> str:
    parts, x = [], float(PLOT_LEFT)
    for status in ActivityStatus:
        fill = STATUS_FILL[status.value]
        stroke = f' stroke="{MUTED}" stroke-dasharray="4 2"' if fill == "none" else ""
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 10}" width="14" height="12" fill="{fill}"{stroke}/>'
            f'<text x="{x + 19:.1f}" y="{y}" font-size="12" fill="{TEXT}">'
            f"{esc(status.label)}</text>"
        )
        x += 34 + len(str(status.label)) * 7
    return "".join(parts)
