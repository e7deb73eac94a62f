"""Where each marker goes: on its score's point when it is free, else on the nearest free
spot around that point, so that no two markers on a chart ever overlap.

Markers are placed one at a time and never moved, each on the closest spot of a
hexagonal grid around its own score's point that is at least SPACING from every marker
already placed, wholly inside the point's quadrant (a marker pushed across a midline
would tell the wrong strategy) and off the quadrants' labels. Turns go round the scores: first one marker of
every score (so each score with anyone on it has a marker exactly on its point, as
neighbouring scores are further apart than SPACING), then a second of every score that
has one, and so on, so that a crowd on one score does not take all the room around its
neighbours. The result depends only on the order of the items: the same map always
draws the same picture.
"""

import math
from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from typing import Protocol

from ._frame import MARKER_R, PLOT_SIZE, Box, quadrants, x_of, y_of

# Centres at least this far apart: more than a marker's width, so that even two diamonds
# (the widest shape, 1.25 × MARKER_R from centre to tip) pointing at each other do not touch.
SPACING = 2 * MARKER_R + 6
# A marker's centre stays this far inside its quadrant and away from the labels, so the
# whole shape is in the quadrant and clear of the text.
MARGIN = SPACING / 2


class Scored(Protocol):
    interest: int
    influence: int


Point = tuple[float, float]


@cache
def _offsets() -> tuple[Point, ...]:
    """The spots of a hexagonal grid of pitch SPACING around a point, nearest first (ties
    clockwise from the top), far enough out to reach every corner of the plot from any
    point in it. Any two spots of the grid are at least SPACING apart."""
    reach = PLOT_SIZE * math.sqrt(2)
    rows = math.ceil(reach / (SPACING * math.sqrt(3) / 2)) + 1
    columns = math.ceil(reach / SPACING) + 1
    spots = []
    for row in range(-rows, rows + 1):
        dy = row * SPACING * math.sqrt(3) / 2
        shift = SPACING / 2 if row % 2 else 0.0
        for column in range(-columns, columns + 1):
            dx = column * SPACING + shift
            distance = math.hypot(dx, dy)
            if distance <= reach:
                clockwise_from_top = (math.atan2(dy, dx) + math.pi / 2) % (2 * math.pi)
                spots.append((round(distance, 6), round(clockwise_from_top, 6), dx, dy))
    spots.sort()
    return tuple((dx, dy) for _, _, dx, dy in spots)


class _Room:
    """Where markers of a score may go: inside its quadrant, off every label."""

    def __init__(self) -> None:
        self.quadrants = quadrants()
        self.labels: list[Box] = [
            (left - MARGIN, top - MARGIN, right + MARGIN, bottom + MARGIN)
            for left, top, right, bottom in (q.label_box for q in self.quadrants)
        ]

    def area(self, x: float, y: float) -> Box:
        """The part of the quadrant around (x, y) that a marker's centre may take."""
        for quadrant in self.quadrants:
            left, top, right, bottom = quadrant.box
            if left <= x <= right and top <= y <= bottom:
                return (left + MARGIN, top + MARGIN, right - MARGIN, bottom - MARGIN)
        raise ValueError(f"({x}, {y}) is outside the plot.")

    def allows(self, area: Box, x: float, y: float) -> bool:
        left, top, right, bottom = area
        if not (left <= x <= right and top <= y <= bottom):
            return False
        return not any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in self.labels)


class _Placed:
    """Markers placed so far, bucketed by SPACING-sized squares: a marker too close to a
    spot can only be in the spot's square or the eight around it."""

    def __init__(self) -> None:
        self.buckets: dict[tuple[int, int], list[Point]] = defaultdict(list)

    @staticmethod
    def _bucket(x: float, y: float) -> tuple[int, int]:
        return math.floor(x / SPACING), math.floor(y / SPACING)

    def free(self, x: float, y: float) -> bool:
        bx, by = self._bucket(x, y)
        return all(
            # Spots are rounded to 0.1: grid neighbours may come out a hair closer.
            math.hypot(x - ox, y - oy) >= SPACING - 0.5
            for i in (bx - 1, bx, bx + 1)
            for j in (by - 1, by, by + 1)
            for ox, oy in self.buckets.get((i, j), ())
        )

    def add(self, x: float, y: float) -> None:
        self.buckets[self._bucket(x, y)].append((x, y))


def layout(items: Sequence[Scored | None]) -> list[Point | None]:
    """Where to draw each item (see the module's docstring). ``None`` items (nothing to
    draw) stay ``None``.

    Only a quadrant already full (seventy markers or more) leaves no free spot; a marker that
    finds none is drawn on its score's point, over another."""
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        if item is not None:
            groups[(item.interest, item.influence)].append(index)
    offsets = _offsets()
    room = _Room()
    areas = {score: room.area(x_of(score[0]), y_of(score[1])) for score in groups}
    placed = _Placed()
    points: list[Point | None] = [None] * len(items)
    # Spots a group has tried stay taken (markers never move), so each group's search
    # goes on from where its last one stopped.
    tried = dict.fromkeys(groups, 0)
    for rank in range(max((len(m) for m in groups.values()), default=0)):
        for score, members in groups.items():
            if rank >= len(members):
                continue
            cx, cy = x_of(score[0]), y_of(score[1])
            spot = None
            while tried[score] < len(offsets):
                dx, dy = offsets[tried[score]]
                x, y = round(cx + dx, 1), round(cy + dy, 1)
                if room.allows(areas[score], x, y) and placed.free(x, y):
                    spot = (x, y)
                    break
                tried[score] += 1
            if spot is None:
                spot = (round(cx, 1), round(cy, 1))
            placed.add(*spot)
            points[members[rank]] = spot
    return points
