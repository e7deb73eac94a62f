"""The parts every stakeholder chart shares: the 0–10 interest × influence frame with its
labelled quadrants, marker shapes, the legend's slots, and escaping (where markers go is
_layout's business).

Everything is drawn with presentation attributes inside the SVG (no stylesheet), so the
same markup works inline in a page, downloaded on its own, and later inside a PDF.
"""

import math
from html import escape
from typing import NamedTuple

from stakeholders.models.reference import HIGH, SCORE_MAX, SCORE_MIN, Attitude

WIDTH = 800
PLOT_LEFT, PLOT_TOP, PLOT_SIZE = 70, 40, 560
PLOT_RIGHT, PLOT_BOTTOM = PLOT_LEFT + PLOT_SIZE, PLOT_TOP + PLOT_SIZE
# Inside the frame: a marker on 0 or 10 clears the axis and the quadrant labels.
PADDING = 40
MARKER_R = 11
LEGEND_TOP = PLOT_BOTTOM + 70
LEGEND_COLUMNS, LEGEND_ROW = 2, 20
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"

TEXT = "#1a1a1a"
MUTED = "#545454"  # 7.6:1 on white
# White numbers on these fills reach at least 4.5:1 (6.6:1, 7.6:1, 7.7:1).
ATTITUDE_FILL: dict[str, str] = {
    Attitude.SUPPORTIVE: "#1d6b34",
    Attitude.NEUTRAL: "#545454",
    Attitude.OPPOSED: "#a4161a",
}
# The shape says the attitude too, for readers who cannot tell the colours apart.
ATTITUDE_SHAPE: dict[str, str] = {
    Attitude.SUPPORTIVE: "circle",
    Attitude.NEUTRAL: "square",
    Attitude.OPPOSED: "diamond",
}
QUADRANTS = (
    # (label, interest high?, influence high?, tint): tints are light enough for 7:1 text.
    ("Keep satisfied", False, True, "#fff7e6"),
    ("Manage closely", True, True, "#fdecec"),
    ("Monitor", False, False, "#f5f6f8"),
    ("Keep informed", True, False, "#e8f1fa"),
)


def esc(text: object) -> str:
    """Text and attribute values: names are user input."""
    return escape(str(text), quote=True)


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def x_of(interest: float) -> float:
    span = PLOT_SIZE - 2 * PADDING
    return PLOT_LEFT + PADDING + span * (interest - SCORE_MIN) / (SCORE_MAX - SCORE_MIN)


def y_of(influence: float) -> float:
    span = PLOT_SIZE - 2 * PADDING
    return PLOT_BOTTOM - PADDING - span * (influence - SCORE_MIN) / (SCORE_MAX - SCORE_MIN)


def shape(kind: str, x: float, y: float, r: float, attrs: str) -> str:
    if kind == "square":
        s = r * 0.9
        return f'<rect x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s:.1f}" height="{2 * s:.1f}" rx="2" {attrs}/>'
    if kind == "diamond":
        d = r * 1.25
        points = f"{x:.1f},{y - d:.1f} {x + d:.1f},{y:.1f} {x:.1f},{y + d:.1f} {x - d:.1f},{y:.1f}"
        return f'<polygon points="{points}" {attrs}/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {attrs}/>'


def number(x: float, y: float, n: int, *, fill: str = "#ffffff") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" dominant-baseline="central" '
        f'font-size="10" font-weight="700" fill="{fill}">{n}</text>'
    )


# Quadrant labels are 14px bold: this wide per character at most, for keeping markers off them.
LABEL_CHAR_WIDTH, LABEL_HEIGHT = 9.0, 18.0

Box = tuple[float, float, float, float]  # left, top, right, bottom


class Quadrant(NamedTuple):
    label: str
    high_interest: bool
    high_influence: bool
    tint: str
    box: Box  # the quadrant's area of the plot
    label_x: float
    label_y: float
    label_box: Box  # roughly where its label is drawn


def midlines() -> tuple[float, float]:
    """Where high starts: halfway between the points of HIGH - 1 and HIGH."""
    return (x_of(HIGH) + x_of(HIGH - 1)) / 2, (y_of(HIGH) + y_of(HIGH - 1)) / 2


def quadrants() -> list[Quadrant]:
    mid_x, mid_y = midlines()
    found = []
    for label, high_interest, high_influence, tint in QUADRANTS:
        x0, x1 = (mid_x, PLOT_RIGHT) if high_interest else (PLOT_LEFT, mid_x)
        y0, y1 = (PLOT_TOP, mid_y) if high_influence else (mid_y, PLOT_BOTTOM)
        # Right-hand labels end at their x; left-hand ones start there. y is the baseline.
        tx = x1 - 8 if high_interest else x0 + 8
        ty = y0 + 17 if high_influence else y1 - 8
        width = len(label) * LABEL_CHAR_WIDTH
        left = tx - width if high_interest else tx
        label_box = (left, ty - LABEL_HEIGHT + 4, left + width, ty + 4)
        found.append(
            Quadrant(
                label, high_interest, high_influence, tint, (x0, y0, x1, y1), tx, ty, label_box
            )
        )
    return found


def frame() -> str:
    """Quadrants, their labels, the midlines at HIGH, axes with ticks 0–10 and titles."""
    parts = []
    mid_x, mid_y = midlines()
    for quadrant in quadrants():
        x0, y0, x1, y1 = quadrant.box
        parts.append(
            f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" height="{y1 - y0:.1f}" '
            f'fill="{quadrant.tint}"/>'
        )
        anchor = "end" if quadrant.high_interest else "start"
        parts.append(
            f'<text x="{quadrant.label_x:.1f}" y="{quadrant.label_y:.1f}" text-anchor="{anchor}" '
            f'font-size="14" font-weight="700" fill="{MUTED}">{esc(quadrant.label)}</text>'
        )
    parts.append(
        f'<line x1="{mid_x:.1f}" y1="{PLOT_TOP}" x2="{mid_x:.1f}" y2="{PLOT_BOTTOM}" '
        f'stroke="{MUTED}" stroke-width="1.5" stroke-dasharray="6 4"/>'
    )
    parts.append(
        f'<line x1="{PLOT_LEFT}" y1="{mid_y:.1f}" x2="{PLOT_RIGHT}" y2="{mid_y:.1f}" '
        f'stroke="{MUTED}" stroke-width="1.5" stroke-dasharray="6 4"/>'
    )
    parts.append(
        f'<rect x="{PLOT_LEFT}" y="{PLOT_TOP}" width="{PLOT_SIZE}" height="{PLOT_SIZE}" '
        f'fill="none" stroke="{TEXT}" stroke-width="1.5"/>'
    )
    for score in range(SCORE_MIN, SCORE_MAX + 1):
        x, y = x_of(score), y_of(score)
        parts.append(
            f'<line x1="{x:.1f}" y1="{PLOT_BOTTOM}" x2="{x:.1f}" y2="{PLOT_BOTTOM + 6}" stroke="{TEXT}"/>'
            f'<text x="{x:.1f}" y="{PLOT_BOTTOM + 20}" text-anchor="middle" font-size="12" fill="{TEXT}">{score}</text>'
            f'<line x1="{PLOT_LEFT - 6}" y1="{y:.1f}" x2="{PLOT_LEFT}" y2="{y:.1f}" stroke="{TEXT}"/>'
            f'<text x="{PLOT_LEFT - 10}" y="{y:.1f}" text-anchor="end" dominant-baseline="central" font-size="12" fill="{TEXT}">{score}</text>'
        )
    centre = PLOT_TOP + PLOT_SIZE / 2
    parts.append(
        f'<text x="{PLOT_LEFT + PLOT_SIZE / 2}" y="{PLOT_BOTTOM + 44}" text-anchor="middle" '
        f'font-size="14" font-weight="700" fill="{TEXT}">Interest in the issue →</text>'
        f'<text x="22" y="{centre}" text-anchor="middle" font-size="14" font-weight="700" '
        f'fill="{TEXT}" transform="rotate(-90 22 {centre})">Influence over it →</text>'
    )
    return "".join(parts)


def open_svg(*, height: float, title: str, desc: str, id_prefix: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="{WIDTH}" height="{height:.0f}" role="img" '
        f'aria-labelledby="{id_prefix}-title {id_prefix}-desc" font-family="{FONT}" '
        f'style="max-width:100%;height:auto">'
        f'<title id="{id_prefix}-title">{esc(title)}</title>'
        f'<desc id="{id_prefix}-desc">{esc(desc)}</desc>'
        f'<rect width="{WIDTH}" height="{height:.0f}" fill="#ffffff"/>'
    )


def legend_height(count: int) -> int:
    rows = math.ceil(count / LEGEND_COLUMNS)
    return LEGEND_TOP + 30 + rows * LEGEND_ROW + 20


def legend_slot(index: int, count: int) -> tuple[float, float]:
    """Column-major: numbers read down the first column, then the second."""
    rows = max(1, math.ceil(count / LEGEND_COLUMNS))
    column, row = divmod(index, rows)
    return PLOT_LEFT + column * (
        WIDTH - PLOT_LEFT
    ) / LEGEND_COLUMNS, LEGEND_TOP + 30 + row * LEGEND_ROW
