"""Charts of the fundamentals health check.

``spread_svg``: one row per fundamental on a 1-5 scale: each rating given as a dot (the
number in it says how many partners gave it), the range from the lowest to the highest
rating as a line, one standard deviation either side of the average as a shaded band, and
the average as a tall tick. Disagreement shows as a long line and a wide band.

``trend_svg``: the average of each fundamental across rounds, one line per fundamental,
told apart by marker shape and dash pattern as well as colour, with a legend.

Pure functions of numbers already fetched (partnerships.selectors.health).
"""

from collections.abc import Sequence
from typing import NamedTuple

from partnerships.models import RATING_MAX, RATING_MIN
from stakeholders.charts._frame import MUTED, TEXT, WIDTH, esc, open_svg, shape, truncate

GRID = "#d6d9de"
DOT = "#0b4f8a"  # white numbers on it: 8.4:1
BAND = "#cfe0f1"
AVERAGE = "#a4161a"
SCALE_WORDS = {RATING_MIN: "Not at all", RATING_MAX: "Fully"}


class Row(NamedTuple):
    label: str
    ratings: Sequence[int]
    average: float | None
    std_dev: float | None
    minimum: int | None
    maximum: int | None


class Series(NamedTuple):
    label: str
    values: Sequence[float | None]  # one per round, oldest first; None: no responses


# --- Spread -------------------------------------------------------------------------------

S_LABEL_RIGHT, S_LEFT, S_RIGHT = 285, 310, 650
S_TOP, S_ROW = 58, 54
S_LABEL_CHARS = 40


def _sx(rating: float) -> float:
    return S_LEFT + (S_RIGHT - S_LEFT) * (rating - RATING_MIN) / (RATING_MAX - RATING_MIN)


def _scale_axis(top: float, bottom: float) -> str:
    parts = []
    for rating in range(RATING_MIN, RATING_MAX + 1):
        x = _sx(rating)
        word = SCALE_WORDS.get(rating, "")
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 8}" x2="{x:.1f}" y2="{bottom}" stroke="{GRID}"/>'
            f'<text x="{x:.1f}" y="{top - 14}" text-anchor="middle" font-size="13" '
            f'font-weight="700" fill="{TEXT}">{rating}</text>'
        )
        if word:
            parts.append(
                f'<text x="{x:.1f}" y="{top - 32}" text-anchor="middle" font-size="12" '
                f'fill="{MUTED}">{esc(word)}</text>'
            )
    return "".join(parts)


def _spread_row(row: Row, y: float) -> str:
    parts = [
        f'<text x="{S_LABEL_RIGHT}" y="{y:.1f}" text-anchor="end" dominant-baseline="central" '
        f'font-size="13" fill="{TEXT}">{esc(truncate(row.label, S_LABEL_CHARS))}</text>'
    ]
    if row.average is None or row.minimum is None or row.maximum is None:
        parts.append(
            f'<text x="{_sx(3):.1f}" y="{y:.1f}" text-anchor="middle" dominant-baseline="central" '
            f'font-size="12" fill="{MUTED}">No ratings yet</text>'
        )
        return "".join(parts)
    sd = row.std_dev or 0.0
    low = max(RATING_MIN, row.average - sd)
    high = min(RATING_MAX, row.average + sd)
    parts.append(
        f'<rect x="{_sx(low):.1f}" y="{y - 9:.1f}" width="{_sx(high) - _sx(low):.1f}" '
        f'height="18" fill="{BAND}"/>'
    )
    x0, x1 = _sx(row.minimum), _sx(row.maximum)
    parts.append(
        f'<line x1="{x0:.1f}" y1="{y:.1f}" x2="{x1:.1f}" y2="{y:.1f}" stroke="{TEXT}" '
        f'stroke-width="2"/>'
        f'<line x1="{x0:.1f}" y1="{y - 7:.1f}" x2="{x0:.1f}" y2="{y + 7:.1f}" stroke="{TEXT}" '
        f'stroke-width="2"/>'
        f'<line x1="{x1:.1f}" y1="{y - 7:.1f}" x2="{x1:.1f}" y2="{y + 7:.1f}" stroke="{TEXT}" '
        f'stroke-width="2"/>'
    )
    # The average's tick goes under the dots: it shows above and below a dot on the same spot.
    ax = _sx(row.average)
    parts.append(
        f'<line x1="{ax:.1f}" y1="{y - 17:.1f}" x2="{ax:.1f}" y2="{y + 17:.1f}" '
        f'stroke="{AVERAGE}" stroke-width="4"/>'
    )
    counts: dict[int, int] = {}
    for rating in row.ratings:
        counts[rating] = counts.get(rating, 0) + 1
    for rating, count in sorted(counts.items()):
        x = _sx(rating)
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="10" fill="{DOT}" stroke="#ffffff" '
            f'stroke-width="1.5"/>'
            f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" dominant-baseline="central" '
            f'font-size="10" font-weight="700" fill="#ffffff">{count}</text>'
        )
    parts.append(
        f'<text x="{S_RIGHT + 22}" y="{y:.1f}" dominant-baseline="central" font-size="12" '
        f'fill="{TEXT}">avg {row.average:.1f} · sd {sd:.2f}</text>'
    )
    return "".join(parts)


def _spread_legend(y: float) -> str:
    x = S_LEFT - 200
    return (
        f'<circle cx="{x}" cy="{y}" r="8" fill="{DOT}"/>'
        f'<text x="{x + 14}" y="{y}" dominant-baseline="central" font-size="12" fill="{TEXT}">'
        "Rating given (the number: how many partners)</text>"
        f'<line x1="{x + 320}" y1="{y - 10}" x2="{x + 320}" y2="{y + 10}" stroke="{AVERAGE}" '
        f'stroke-width="4"/>'
        f'<text x="{x + 330}" y="{y}" dominant-baseline="central" font-size="12" '
        f'fill="{TEXT}">Average</text>'
        f'<line x1="{x}" y1="{y + 26}" x2="{x + 24}" y2="{y + 26}" stroke="{TEXT}" '
        f'stroke-width="2"/>'
        f'<text x="{x + 32}" y="{y + 26}" dominant-baseline="central" font-size="12" '
        f'fill="{TEXT}">Range, lowest to highest</text>'
        f'<rect x="{x + 300}" y="{y + 18}" width="28" height="16" fill="{BAND}"/>'
        f'<text x="{x + 334}" y="{y + 26}" dominant-baseline="central" font-size="12" '
        f'fill="{TEXT}">Average ± one standard deviation</text>'
    )


def spread_desc(rows: Sequence[Row], responses: int) -> str:
    if not responses:
        return "No partner has responded yet."
    parts = [f"Ratings from {responses} partner{'s' if responses != 1 else ''}, 1 to 5."]
    for row in rows:
        if row.average is not None:
            parts.append(
                f"{row.label}: average {row.average:.1f}, from {row.minimum} to {row.maximum}, "
                f"standard deviation {row.std_dev or 0:.2f}."
            )
    return " ".join(parts)


def spread_svg(
    rows: Sequence[Row], *, title: str, responses: int, id_prefix: str = "health-spread"
) -> str:
    """The round's ratings per fundamental as an SVG fragment (no XML declaration)."""
    bottom = S_TOP + len(rows) * S_ROW
    height = bottom + 70
    parts = [
        open_svg(
            height=height, title=title, desc=spread_desc(rows, responses), id_prefix=id_prefix
        ),
        _scale_axis(S_TOP, bottom - S_ROW / 2 + 20),
    ]
    for index, row in enumerate(rows):
        parts.append(_spread_row(row, S_TOP + S_ROW / 2 + index * S_ROW))
    parts.append(_spread_legend(bottom + 22))
    parts.append("</svg>")
    return "".join(parts)


# --- Trend --------------------------------------------------------------------------------

T_LEFT, T_RIGHT, T_TOP, T_BOTTOM = 70, WIDTH - 40, 30, 330
T_LEGEND_TOP, T_LEGEND_ROW = T_BOTTOM + 60, 24
# Dark enough for 3:1 against white and each told apart by shape and dash pattern too.
STYLES = (
    ("#0b4f8a", "circle", ""),
    ("#a4161a", "square", "8 4"),
    ("#1d6b34", "diamond", "2 4"),
    ("#6a3d9a", "triangle", "12 4 3 4"),
    ("#8a5a00", "triangle-down", "5 5"),
    ("#1a1a1a", "cross", "14 6"),
)


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "triangle":
        return (
            f'<polygon points="{x:.1f},{y - 7:.1f} {x + 7:.1f},{y + 6:.1f} {x - 7:.1f},{y + 6:.1f}" '
            f'fill="{colour}"/>'
        )
    if kind == "triangle-down":
        return (
            f'<polygon points="{x:.1f},{y + 7:.1f} {x + 7:.1f},{y - 6:.1f} {x - 7:.1f},{y - 6:.1f}" '
            f'fill="{colour}"/>'
        )
    if kind == "cross":
        return (
            f'<path d="M{x - 6:.1f},{y - 6:.1f} L{x + 6:.1f},{y + 6:.1f} '
            f'M{x - 6:.1f},{y + 6:.1f} L{x + 6:.1f},{y - 6:.1f}" stroke="{colour}" '
            f'stroke-width="3"/>'
        )
    return shape(kind, x, y, 6, f'fill="{colour}"')


def _ty(value: float) -> float:
    return T_BOTTOM - (T_BOTTOM - T_TOP) * (value - RATING_MIN) / (RATING_MAX - RATING_MIN)


def _tx(index: int, count: int) -> float:
    if count == 1:
        return (T_LEFT + T_RIGHT) / 2
    margin = 30
    return T_LEFT + margin + (T_RIGHT - T_LEFT - 2 * margin) * index / (count - 1)


def trend_desc(series: Sequence[Series], round_labels: Sequence[str]) -> str:
    if not round_labels:
        return "No rounds yet."
    parts = [
        f"Average rating (1 to 5) of each fundamental in {len(round_labels)} "
        f"round{'s' if len(round_labels) != 1 else ''}, oldest first: "
        + ", ".join(round_labels)
        + "."
    ]
    for line in series:
        known = [f"{v:.1f}" if v is not None else "no responses" for v in line.values]
        parts.append(f"{line.label}: {', '.join(known)}.")
    return " ".join(parts)


def trend_svg(
    series: Sequence[Series],
    *,
    round_labels: Sequence[str],
    title: str,
    id_prefix: str = "health-trend",
) -> str:
    """Averages across rounds as an SVG fragment; ``round_labels`` oldest first."""
    count = len(round_labels)
    legend_rows = (len(series) + 1) // 2
    height = T_LEGEND_TOP + legend_rows * T_LEGEND_ROW + 20
    parts = [
        open_svg(
            height=height,
            title=title,
            desc=trend_desc(series, round_labels),
            id_prefix=id_prefix,
        )
    ]
    for rating in range(RATING_MIN, RATING_MAX + 1):
        y = _ty(rating)
        parts.append(
            f'<line x1="{T_LEFT}" y1="{y:.1f}" x2="{T_RIGHT}" y2="{y:.1f}" stroke="{GRID}"/>'
            f'<text x="{T_LEFT - 10}" y="{y:.1f}" text-anchor="end" dominant-baseline="central" '
            f'font-size="12" fill="{TEXT}">{rating}</text>'
        )
    parts.append(
        f'<line x1="{T_LEFT}" y1="{T_BOTTOM}" x2="{T_RIGHT}" y2="{T_BOTTOM}" stroke="{TEXT}"/>'
        f'<line x1="{T_LEFT}" y1="{T_TOP}" x2="{T_LEFT}" y2="{T_BOTTOM}" stroke="{TEXT}"/>'
    )
    # Round labels: as many characters as the space between two rounds holds.
    room = (T_RIGHT - T_LEFT) / max(count, 1)
    chars = max(4, int(room / 7))
    for index, label in enumerate(round_labels):
        x = _tx(index, count)
        parts.append(
            f'<text x="{x:.1f}" y="{T_BOTTOM + 20}" text-anchor="middle" font-size="11" '
            f'fill="{TEXT}">{esc(truncate(label, chars))}</text>'
        )
    for index, line in enumerate(series):
        colour, kind, dash = STYLES[index % len(STYLES)]
        points = [
            (_tx(i, count), _ty(value)) for i, value in enumerate(line.values) if value is not None
        ]
        if len(points) > 1:
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"'
                f"{dash_attr}/>"
            )
        parts.extend(_marker(kind, x, y, colour) for x, y in points)
    for index, line in enumerate(series):
        colour, kind, dash = STYLES[index % len(STYLES)]
        column, row = divmod(index, legend_rows) if legend_rows else (0, 0)
        x = T_LEFT + column * (T_RIGHT - T_LEFT) / 2
        y = T_LEGEND_TOP + row * T_LEGEND_ROW
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x:.1f}" y1="{y}" x2="{x + 40:.1f}" y2="{y}" stroke="{colour}" '
            f'stroke-width="2.5"{dash_attr}/>'
            + _marker(kind, x + 20, y, colour)
            + f'<text x="{x + 50:.1f}" y="{y}" dominant-baseline="central" font-size="12" '
            f'fill="{TEXT}">{esc(line.label)}</text>'
        )
    parts.append(
        f'<text x="{T_LEFT}" y="{T_BOTTOM + 42}" font-size="12" fill="{MUTED}">'
        "Rounds, oldest first; the value is the average rating (1 to 5).</text>"
    )
    parts.append("</svg>")
    return "".join(parts)
