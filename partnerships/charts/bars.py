"""A horizontal bar chart: one labelled bar per row, its value written at its end, on a
scale of whole numbers. Zero is drawn as an empty row with "0", never left out, so that
what is missing shows."""

import math
from collections.abc import Sequence
from typing import NamedTuple

from stakeholders.charts._frame import MUTED, TEXT, WIDTH, esc, open_svg, truncate

BAR = "#0b4f8a"  # 8.4:1 on white
GRID = "#d6d9de"
LABEL_RIGHT = 190  # labels end here, bars start just after
BAR_LEFT, BAR_RIGHT = LABEL_RIGHT + 10, WIDTH - 60  # room for the value after the bar
TOP, ROW, BAR_HEIGHT = 30, 34, 20
AXIS_ROOM = 50
LABEL_CHARS = 26


class Bar(NamedTuple):
    label: str
    value: int
    tooltip: str = ""


def step_for(largest: int) -> int:
    """A tick every 1, 2 or 5 × 10ⁿ, about ten ticks at most."""
    if largest <= 10:
        return 1
    raw = largest / 10
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power  # pragma: no cover - the loop always returns


def chart_height(rows: int) -> int:
    return TOP + rows * ROW + AXIS_ROOM


def bar_chart_svg(
    bars: Sequence[Bar], *, title: str, desc: str, axis_label: str, id_prefix: str
) -> str:
    """The chart as an SVG document fragment (no XML declaration)."""
    height = chart_height(len(bars))
    step = step_for(max((b.value for b in bars), default=0))
    top_tick = max(step, math.ceil(max((b.value for b in bars), default=0) / step) * step)
    scale = (BAR_RIGHT - BAR_LEFT) / top_tick
    plot_bottom = TOP + len(bars) * ROW
    parts = [open_svg(height=height, title=title, desc=desc, id_prefix=id_prefix)]
    for tick in range(0, top_tick + 1, step):
        x = BAR_LEFT + tick * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{plot_bottom}" '
            f'stroke="{GRID if tick else TEXT}" stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{plot_bottom + 18}" text-anchor="middle" font-size="12" '
            f'fill="{TEXT}">{tick}</text>'
        )
    parts.append(
        f'<text x="{(BAR_LEFT + BAR_RIGHT) / 2:.1f}" y="{plot_bottom + 40}" text-anchor="middle" '
        f'font-size="13" font-weight="700" fill="{TEXT}">{esc(axis_label)}</text>'
    )
    for index, bar in enumerate(bars):
        y = TOP + index * ROW
        middle = y + ROW / 2
        width = bar.value * scale
        tooltip = bar.tooltip or f"{bar.label}: {bar.value}"
        parts.append(
            f'<g class="bar" data-value="{bar.value}"><title>{esc(tooltip)}</title>'
            f'<text x="{LABEL_RIGHT}" y="{middle:.1f}" text-anchor="end" '
            f'dominant-baseline="central" font-size="13" fill="{TEXT}">'
            f"{esc(truncate(bar.label, LABEL_CHARS))}</text>"
        )
        if bar.value:
            parts.append(
                f'<rect x="{BAR_LEFT}" y="{middle - BAR_HEIGHT / 2:.1f}" width="{width:.1f}" '
                f'height="{BAR_HEIGHT}" fill="{BAR}"/>'
            )
        parts.append(
            f'<text x="{BAR_LEFT + width + 6:.1f}" y="{middle:.1f}" dominant-baseline="central" '
            f'font-size="13" font-weight="700" fill="{TEXT if bar.value else MUTED}">'
            f"{bar.value}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)
