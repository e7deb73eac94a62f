"""Reads for the "Risks and learning" tab of a partnership: its levers, the risk register
and its heat map, the divergences partners acknowledged, and the lessons learned.

Every lookup takes the partnership the view already found with ``partnership_get`` (so
the member may see it) and scopes to it and to the platform: another partnership's or
another platform's id answers 404 like a missing one."""

from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.http import Http404

from partnerships.models import Divergence, Lesson, Lever, Partner, Partnership, Risk
from platforms.models import Platform

SCORE_MIN, SCORE_MAX = 1, 5
LIKELIHOOD_LABELS = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}
IMPACT_LABELS = {1: "Insignificant", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Severe"}

# What each lever does, in a line (after the toolbook's "The powerful levers
# Multi-stakeholder Partnerships can bring to bear": from those that change the boundary
# conditions of a system to those that build the capacity of its parts).
LEVER_NOTES: dict[str, str] = {
    Lever.POLICY: "Change the rules of the game: laws, regulation, public policy and taxes.",
    Lever.INFRASTRUCTURE: "Build or open up the physical and digital infrastructure a system "
    "runs on.",
    Lever.ADVOCACY: "Speak up together and give weaker voices weight, so power is more "
    "evenly balanced.",
    Lever.BEHAVIOUR: "Influence what people and organisations actually do, through "
    "campaigns, incentives and example.",
    Lever.NORMS: "Shift what is considered normal or acceptable in a sector or community.",
    Lever.TECHNOLOGY: "Develop, adapt or spread technologies that solve the problem in a new way.",
    Lever.MARKET: "Use business models, inclusive supply chains and markets that pay their "
    "own way.",
    Lever.STANDARDS: "Agree voluntary or certified standards that raise the bar for a "
    "whole sector.",
    Lever.EVIDENCE: "Gather and share the evidence, information and data that decisions need.",
    Lever.FINANCE: "Open access to affordable credit, investment or grants for those left out.",
    Lever.EDUCATION: "Build knowledge and skills through training, education and "
    "capacity development.",
    Lever.ORGANISATION: "Strengthen how actors organise: cooperatives, networks, "
    "platforms and institutions.",
    Lever.COMMUNITY: "Invest in people and in the relationships and trust that hold "
    "communities together.",
}


@dataclass(frozen=True)
class LeverRow:
    value: str
    label: str
    note: str
    chosen: bool


def lever_rows(*, partnership: Partnership) -> list[LeverRow]:
    """The 13 levers in the reference order, each marked chosen or not."""
    chosen = set(partnership.levers)
    return [
        LeverRow(lever.value, str(lever.label), LEVER_NOTES[lever.value], lever.value in chosen)
        for lever in Lever
    ]


def risk_list(*, platform: Platform, partnership: Partnership) -> QuerySet[Risk]:
    """The register, the highest score (likelihood × impact) first, then the worse impact."""
    return (
        Risk.objects.filter(platform=platform, partnership=partnership)
        .select_related("owner__organisation")
        .annotate(score=F("likelihood") * F("impact"))
        .order_by("-score", "-impact", "-created_at", "-id")
    )


def risk_get(*, platform: Platform, partnership: Partnership, public_id) -> Risk:
    risk = (
        Risk.objects.filter(platform=platform, partnership=partnership, public_id=public_id)
        .select_related("owner__organisation")
        .first()
    )
    if risk is None:
        raise Http404("No such risk in this partnership.")
    return risk


@dataclass(frozen=True)
class HeatCell:
    likelihood: int
    impact: int
    count: int
    level: str  # "low", "medium", "high" or "extreme", by likelihood × impact


@dataclass(frozen=True)
class HeatRow:
    likelihood: int
    label: str
    cells: list[HeatCell]


def risk_level(score: int) -> str:
    """The usual bands of a 5×5 matrix."""
    if score >= 15:
        return "extreme"
    if score >= 8:
        return "high"
    if score >= 4:
        return "medium"
    return "low"


def risk_heat_map(risks) -> list[HeatRow]:
    """The 5×5 grid of counts, most likely first (the top row), impact left to right.
    Built from the risks already fetched for the list: no query of its own."""
    counts: dict[tuple[int, int], int] = {}
    for risk in risks:
        key = (risk.likelihood, risk.impact)
        counts[key] = counts.get(key, 0) + 1
    return [
        HeatRow(
            likelihood,
            LIKELIHOOD_LABELS[likelihood],
            [
                HeatCell(
                    likelihood,
                    impact,
                    counts.get((likelihood, impact), 0),
                    risk_level(likelihood * impact),
                )
                for impact in range(SCORE_MIN, SCORE_MAX + 1)
            ],
        )
        for likelihood in range(SCORE_MAX, SCORE_MIN - 1, -1)
    ]


def owner_choices(*, platform: Platform, partnership: Partnership) -> QuerySet[Partner]:
    """Who can own a risk: the partnership's active partners."""
    return Partner.objects.filter(
        platform=platform, partnership=partnership, left_on__isnull=True
    ).select_related("organisation")


def divergence_list(*, platform: Platform, partnership: Partnership) -> QuerySet[Divergence]:
    return Divergence.objects.filter(platform=platform, partnership=partnership).order_by(
        "-created_at", "-id"
    )


def divergence_get(*, platform: Platform, partnership: Partnership, public_id) -> Divergence:
    divergence = (
        divergence_list(platform=platform, partnership=partnership)
        .filter(public_id=public_id)
        .first()
    )
    if divergence is None:
        raise Http404("No such divergence in this partnership.")
    return divergence


def lesson_list(*, platform: Platform, partnership: Partnership) -> QuerySet[Lesson]:
    return (
        Lesson.objects.filter(platform=platform, partnership=partnership)
        .select_related("recorded_by")
        .order_by("-created_at", "-id")
    )


def lesson_get(*, platform: Platform, partnership: Partnership, public_id) -> Lesson:
    lesson = (
        lesson_list(platform=platform, partnership=partnership).filter(public_id=public_id).first()
    )
    if lesson is None:
        raise Http404("No such lesson in this partnership.")
    return lesson


def register_counts(*, platform: Platform, partnership: Partnership) -> dict[str, int]:
    """How many divergences and lessons the tab's landing page mentions."""
    return {
        "divergences": divergence_list(platform=platform, partnership=partnership).count(),
        "lessons": Lesson.objects.filter(platform=platform, partnership=partnership).count(),
    }
