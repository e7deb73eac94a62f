"""One stakeholder map as a chart: numbered markers on the quadrants, names in a legend."""

from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from stakeholders.models.reference import Attitude, Strategy, strategy_for

from ._frame import (
    ATTITUDE_FILL,
    ATTITUDE_SHAPE,
    LEGEND_TOP,
    MARKER_R,
    PLOT_LEFT,
    PLOT_RIGHT,
    PLOT_TOP,
    TEXT,
    esc,
    frame,
    legend_height,
    legend_slot,
    number,
    open_svg,
    shape,
    truncate,
)
from ._layout import layout

# What fits in a legend column at 12px, " (primary)" included.
LEGEND_CHARS = 48


class Placed(Protocol):
    name: str
    interest: int
    influence: int
    attitude: str
    is_primary: bool


def marker(kind: str, x: float, y: float, n: int, *, primary: bool, tooltip: str) -> str:
    fill = ATTITUDE_FILL.get(kind, ATTITUDE_FILL[Attitude.NEUTRAL])
    glyph = ATTITUDE_SHAPE.get(kind, "square")
    ring = (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{MARKER_R + 4.5:.1f}" fill="none" '
        f'stroke="{TEXT}" stroke-width="2"/>'
        if primary
        else ""
    )
    return (
        f'<g class="marker" data-number="{n}"><title>{esc(tooltip)}</title>{ring}'
        + shape(glyph, x, y, MARKER_R, f'fill="{fill}" stroke="#ffffff" stroke-width="1"')
        + f"{number(x, y, n)}</g>"
    )


def key() -> str:
    """What the shapes and the ring mean, right of the plot."""
    x = PLOT_RIGHT + 24
    parts = [
        f'<text x="{x}" y="{PLOT_TOP + 12}" font-size="13" font-weight="700" fill="{TEXT}">Attitude</text>'
    ]
    for row, attitude in enumerate(Attitude):
        y = PLOT_TOP + 38 + row * 28
        fill = ATTITUDE_FILL[attitude]
        parts.append(shape(ATTITUDE_SHAPE[attitude], x + 10, y, 9, f'fill="{fill}"'))
        parts.append(
            f'<text x="{x + 28}" y="{y:.1f}" dominant-baseline="central" font-size="13" '
            f'fill="{TEXT}">{esc(attitude.label)}</text>'
        )
    y = PLOT_TOP + 38 + 3 * 28
    parts.append(
        f'<circle cx="{x + 10}" cy="{y}" r="9" fill="#ffffff" stroke="{TEXT}" stroke-width="1"/>'
        f'<circle cx="{x + 10}" cy="{y}" r="13" fill="none" stroke="{TEXT}" stroke-width="2"/>'
        f'<text x="{x + 28}" y="{y}" dominant-baseline="central" font-size="13" fill="{TEXT}">Primary</text>'
        f'<text x="{x + 28}" y="{y + 16}" dominant-baseline="central" font-size="13" fill="{TEXT}">stakeholder</text>'
    )
    return "".join(parts)


def describe(positions: Sequence[Placed]) -> str:
    if not positions:
        return "An empty stakeholder map: nobody has been placed yet."
    counts = Counter(strategy_for(interest=p.interest, influence=p.influence) for p in positions)
    quadrants = ", ".join(f"{counts.get(s, 0)} {s.label.lower()}" for s in Strategy)
    primary = sum(1 for p in positions if p.is_primary)
    return (
        f"{len(positions)} stakeholder{'s' if len(positions) != 1 else ''} placed by interest (across, 0 to 10) and influence "
        f"(up, 0 to 10): {quadrants}. {primary} primary. Each marker's number is listed "
        "with the stakeholder's name below the chart."
    )


def map_svg(positions: Sequence[Placed], *, title: str, id_prefix: str = "map-chart") -> str:
    """The map as an SVG document fragment (no XML declaration). Marker n is the n-th
    position as given, so a table in the same order can show the same numbers."""
    positions = list(positions)
    points = layout(positions)
    count = len(positions)
    parts = [
        open_svg(
            height=legend_height(count),
            title=title,
            desc=describe(positions),
            id_prefix=id_prefix,
        ),
        frame(),
        key(),
    ]
    for n, (position, point) in enumerate(zip(positions, points, strict=True), start=1):
        assert point is not None
        attitude = Attitude(position.attitude).label if position.attitude in Attitude else ""
        tooltip = (
            f"{n}. {position.name}: interest {position.interest}, influence "
            f"{position.influence}, {attitude.lower()}"
            + (", primary stakeholder" if position.is_primary else "")
        )
        parts.append(
            marker(position.attitude, *point, n, primary=position.is_primary, tooltip=tooltip)
        )
    parts.append(
        f'<text x="{PLOT_LEFT}" y="{LEGEND_TOP}" font-size="14" font-weight="700" fill="{TEXT}">'
        f"Stakeholders ({count})</text>"
    )
    for index, position in enumerate(positions):
        x, y = legend_slot(index, count)
        n = index + 1
        fill = ATTITUDE_FILL.get(position.attitude, ATTITUDE_FILL[Attitude.NEUTRAL])
        glyph = ATTITUDE_SHAPE.get(position.attitude, "square")
        parts.append(
            f'<g class="legend-entry" data-number="{n}">'
            + shape(glyph, x + 9, y, 9, f'fill="{fill}"')
            + number(x + 9, y, n)
            + f'<text x="{x + 26}" y="{y:.1f}" dominant-baseline="central" font-size="12" fill="{TEXT}">'
            f"<title>{esc(position.name)}</title>"
            + esc(truncate(position.name, LEGEND_CHARS - (10 if position.is_primary else 0)))
            + (" (primary)" if position.is_primary else "")
            + "</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)
