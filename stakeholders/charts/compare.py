"""Two snapshots of a map on one chart: an arrow from each stakeholder's old place to its
new one; who joined is drawn only where they are now, who left only where they were."""

from collections.abc import Sequence
from typing import Protocol

from stakeholders.models.reference import Attitude

from ._frame import (
    ATTITUDE_FILL,
    ATTITUDE_SHAPE,
    LEGEND_TOP,
    MARKER_R,
    MUTED,
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
from ._layout import Point, layout
from .map import Placed

ARROW = "#0b4f8a"  # 8.4:1 on white
# What fits in a legend column at 12px: the name is shortened to leave room for the change.
LEGEND_CHARS = 52


class Move(Protocol):
    name: str
    before: Placed | None
    after: Placed | None


def _glyph(position: Placed) -> tuple[str, str]:
    attitude = position.attitude if position.attitude in Attitude else Attitude.NEUTRAL
    return ATTITUDE_SHAPE[attitude], ATTITUDE_FILL[attitude]


def _status(move: Move) -> str:
    if move.before is None:
        return "joined"
    if move.after is None:
        return "left"
    before, after = move.before, move.after
    status = f"{before.interest}/{before.influence} → {after.interest}/{after.influence}"
    if before.attitude != after.attitude:
        status += f", now {_attitude(after)}"
    if before.is_primary != after.is_primary:
        status += ", now primary" if after.is_primary else ", no longer primary"
    return status


def _attitude(position: Placed) -> str:
    return str(Attitude(position.attitude).label).lower() if position.attitude in Attitude else ""


def _stayed(move: Move) -> bool:
    before, after = move.before, move.after
    return (
        before is not None
        and after is not None
        and (before.interest, before.influence) == (after.interest, after.influence)
    )


def _places(moves: Sequence[Move]) -> tuple[list[Point | None], list[Point | None]]:
    """Where each move's earlier and later markers go, laid out together so that no
    marker overlaps another; someone who stayed has one place, their two markers drawn
    one over the other."""
    items = [m.before for m in moves] + [None if _stayed(m) else m.after for m in moves]
    points = layout(items)
    befores, afters = points[: len(moves)], points[len(moves) :]
    afters = [
        before if _stayed(m) else after
        for m, before, after in zip(moves, befores, afters, strict=True)
    ]
    return befores, afters


def key(prefix: str) -> str:
    x = PLOT_RIGHT + 24
    y = PLOT_TOP + 12
    return (
        f'<text x="{x}" y="{y}" font-size="13" font-weight="700" fill="{TEXT}">Key</text>'
        f'<circle cx="{x + 10}" cy="{y + 28}" r="9" fill="#ffffff" stroke="{MUTED}" stroke-width="2" stroke-dasharray="3 2"/>'
        f'<text x="{x + 28}" y="{y + 28}" dominant-baseline="central" font-size="13" fill="{TEXT}">Before</text>'
        f'<circle cx="{x + 10}" cy="{y + 56}" r="9" fill="{ATTITUDE_FILL[Attitude.SUPPORTIVE]}"/>'
        f'<text x="{x + 28}" y="{y + 56}" dominant-baseline="central" font-size="13" fill="{TEXT}">Now</text>'
        f'<line x1="{x}" y1="{y + 84}" x2="{x + 22}" y2="{y + 84}" stroke="{ARROW}" stroke-width="2" '
        f'marker-end="url(#{prefix}-arrow)"/>'
        f'<text x="{x + 28}" y="{y + 84}" dominant-baseline="central" font-size="13" fill="{TEXT}">Moved</text>'
        f'<text x="{x}" y="{y + 112}" font-size="12" fill="{TEXT}">Shape and colour</text>'
        f'<text x="{x}" y="{y + 128}" font-size="12" fill="{TEXT}">show the attitude</text>'
    )


def compare_svg(moves: Sequence[Move], *, title: str, id_prefix: str = "compare-chart") -> str:
    """Numbers follow the order of ``moves``; the legend lists each with what changed."""
    moves = list(moves)
    count = len(moves)
    befores, afters = _places(moves)
    moved = sum(1 for m in moves if m.before is not None and m.after is not None)
    joined = sum(1 for m in moves if m.before is None)
    desc = (
        f"{count} stakeholders across two snapshots: {moved} in both, {joined} joined, "
        f"{count - moved - joined} left. Arrows run from the earlier place to the later one; "
        "numbers are listed with names below the chart."
    )
    parts = [
        open_svg(height=legend_height(count), title=title, desc=desc, id_prefix=id_prefix),
        f'<defs><marker id="{id_prefix}-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{ARROW}"/></marker></defs>',
        frame(),
        key(id_prefix),
    ]
    for n, (move, old, new) in enumerate(zip(moves, befores, afters, strict=True), start=1):
        tooltip = f"{n}. {move.name}: {_status(move)}"
        group = [f'<g class="move" data-number="{n}"><title>{esc(tooltip)}</title>']
        if old is not None and move.before is not None:
            glyph, fill = _glyph(move.before)
            group.append(
                shape(
                    glyph,
                    *old,
                    MARKER_R,
                    f'fill="#ffffff" stroke="{MUTED}" stroke-width="2" stroke-dasharray="3 2"',
                )
            )
            # Numbered too, so a reader can tell whose earlier place each hollow marker is.
            group.append(number(*old, n, fill=TEXT))
        if old is not None and new is not None and old != new:
            # Stop short of both markers so the arrowhead is not hidden under one.
            (x0, y0), (x1, y1) = old, new
            length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
            if length > 2 * MARKER_R + 6:
                ux, uy = (x1 - x0) / length, (y1 - y0) / length
                gap = MARKER_R + 3
                group.append(
                    f'<line x1="{x0 + ux * gap:.1f}" y1="{y0 + uy * gap:.1f}" '
                    f'x2="{x1 - ux * gap:.1f}" y2="{y1 - uy * gap:.1f}" stroke="{ARROW}" '
                    f'stroke-width="2" marker-end="url(#{id_prefix}-arrow)"/>'
                )
        if new is not None and move.after is not None:
            glyph, fill = _glyph(move.after)
            group.append(shape(glyph, *new, MARKER_R, f'fill="{fill}" stroke="#ffffff"'))
            group.append(number(*new, n))
        group.append("</g>")
        parts.append("".join(group))
    parts.append(
        f'<text x="{PLOT_LEFT}" y="{LEGEND_TOP}" font-size="14" font-weight="700" fill="{TEXT}">'
        f"Stakeholders ({count})</text>"
    )
    for index, move in enumerate(moves):
        x, y = legend_slot(index, count)
        status = _status(move)
        parts.append(
            f'<g class="legend-entry" data-number="{index + 1}">'
            f'<text x="{x}" y="{y:.1f}" dominant-baseline="central" font-size="12" fill="{TEXT}">'
            f"<title>{esc(move.name)}</title>"
            f'<tspan font-weight="700">{index + 1}.</tspan> '
            f"{esc(truncate(move.name, max(16, LEGEND_CHARS - len(status))))}: "
            f"{esc(status)}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)
