"""Reads for the journey page: the ten stages as done, current or ahead, and the history
of moves."""

from dataclasses import dataclass

from django.db.models import QuerySet

from partnerships.models import Partnership, Stage, StageMove
from partnerships.services.journey import GATE_NEEDS, stage_name
from platforms.models import Platform

DONE, CURRENT, AHEAD = "done", "current", "ahead"
# The seven stages of developing the partnership; after them it runs (and ends).
DEVELOPING = Stage.AGREEMENT


@dataclass(frozen=True)
class Step:
    stage: int
    name: str
    state: str  # DONE, CURRENT or AHEAD
    needs: str  # what moving into it needs, in words ("" for the first)

    @property
    def numbered(self) -> bool:
        return self.stage <= DEVELOPING


def journey_steps(*, partnership: Partnership) -> list[Step]:
    """Every stage in order, marked against the partnership's stage. No query."""
    current = partnership.stage

    def state(stage: int) -> str:
        return DONE if stage < current else CURRENT if stage == current else AHEAD

    return [
        Step(stage, stage_name(stage), state(stage), GATE_NEEDS.get(stage, ""))
        for stage in Stage.values
    ]


def stage_moves(*, platform: Platform, partnership: Partnership) -> QuerySet[StageMove]:
    """The partnership's moves, newest first, with who made each (one query)."""
    return (
        StageMove.objects.filter(platform=platform, partnership=partnership)
        .select_related("moved_by")
        .order_by("-created_at", "-id")
    )
