"""Seats by sector: one bar per sector of the registry, seats summed across the bodies."""

from collections.abc import Sequence
from typing import Protocol

from .bars import Bar, bar_chart_svg


class SectorTotal(Protocol):
    label: str
    seats: int


def describe(sectors: Sequence[SectorTotal], bodies: int) -> str:
    total = sum(s.seats for s in sectors)
    if not total:
        return (
            "No seats yet: none of the partnership's governance bodies has members. "
            "Every sector is at zero."
        )
    held = sorted((s for s in sectors if s.seats), key=lambda s: -s.seats)
    listed = "; ".join(f"{s.label} {s.seats}" for s in held)
    empty = [s.label for s in sectors if not s.seats]
    return (
        f"{total} seat{'s' if total != 1 else ''} on {bodies} bod{'ies' if bodies != 1 else 'y'}, "
        f"by sector: {listed}." + (f" No seats: {', '.join(empty)}." if empty else "")
    )


def seats_by_sector_svg(
    sectors: Sequence[SectorTotal],
    *,
    title: str,
    bodies: int,
    id_prefix: str = "power-chart",
) -> str:
    bars = [
        Bar(s.label, s.seats, f"{s.label}: {s.seats} seat{'s' if s.seats != 1 else ''}")
        for s in sectors
    ]
    return bar_chart_svg(
        bars,
        title=title,
        desc=describe(sectors, bodies),
        axis_label="Seats, all bodies together",
        id_prefix=id_prefix,
    )
