"""Reads for the fundamentals health check: rounds with their status and response counts,
results per fundamental (average and spread, aggregated in SQL), the trend across rounds,
and the rounds a partner representative may answer.

Every function runs a fixed number of queries, however many rounds and partners there are.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    StdDev,
    Value,
    When,
)
from django.http import Http404

from partnerships.models import (
    FUNDAMENTALS,
    Fundamental,
    HealthResponse,
    HealthRound,
    Partner,
    Partnership,
)
from partnerships.selectors.access import partnership_visible
from partnerships.selectors.representation import represented_organisation_id
from platforms.models import Membership, Platform

LABELS = dict(Fundamental.choices)
MY_CLOSED_ROUNDS = 20


def _open_q(today: date) -> Q:
    return Q(closed_at__isnull=True, closes_on__gte=today)


def _with_status(rounds: QuerySet[HealthRound], today: date) -> QuerySet[HealthRound]:
    return rounds.annotate(
        is_open=Case(When(_open_q(today), then=Value(True)), default=Value(False)),
    )


def round_list(
    *, platform: Platform, partnership: Partnership, today: date
) -> QuerySet[HealthRound]:
    """The partnership's rounds, latest closing first, with ``is_open`` and ``response_count``
    (responses of partners who are still in the partnership)."""
    rounds = HealthRound.objects.filter(platform=platform, partnership=partnership).annotate(
        response_count=Count("responses", filter=Q(responses__partner__left_on__isnull=True))
    )
    # By closing date: a round's period is what orders them, also for rounds recorded later
    # (demo data, an old paper round typed in).
    return _with_status(rounds, today).order_by("-closes_on", "-created_at", "-id")


def round_get(
    *, platform: Platform, partnership: Partnership, public_id, today: date
) -> HealthRound:
    """One round of this partnership; 404 for a missing one and another's alike."""
    found = (
        _with_status(
            HealthRound.objects.filter(
                platform=platform, partnership=partnership, public_id=public_id
            ),
            today,
        )
        .select_related("opened_by")
        .first()
    )
    if found is None:
        raise Http404("No such health check.")
    return found


def active_partner_count(*, platform: Platform, partnership: Partnership) -> int:
    return Partner.objects.filter(
        platform=platform, partnership=partnership, left_on__isnull=True
    ).count()


# --- Results ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FundamentalResult:
    fundamental: str
    label: str
    average: float | None
    std_dev: float | None  # population standard deviation: the partners are all there is
    minimum: int | None
    maximum: int | None
    ratings: tuple[int, ...] = ()  # each partner's rating, for the dot chart

    @property
    def range(self) -> int | None:
        if self.minimum is None or self.maximum is None:
            return None
        return self.maximum - self.minimum


@dataclass
class RoundResults:
    round_id: int
    responses: int
    fundamentals: list[FundamentalResult] = field(default_factory=list)


def _aggregates() -> dict:
    spec: dict = {"responses": Count("id")}
    for name in FUNDAMENTALS:
        spec[f"{name}__avg"] = Avg(name)
        spec[f"{name}__sd"] = StdDev(name, sample=False)
        spec[f"{name}__min"] = Min(name)
        spec[f"{name}__max"] = Max(name)
    return spec


def _results(row: dict, ratings: dict[str, list[int]] | None = None) -> list[FundamentalResult]:
    found = []
    for name in FUNDAMENTALS:
        average, sd = row.get(f"{name}__avg"), row.get(f"{name}__sd")
        found.append(
            FundamentalResult(
                fundamental=name,
                label=LABELS[name],
                average=None if average is None else float(average),
                std_dev=None if sd is None else float(sd),
                minimum=row.get(f"{name}__min"),
                maximum=row.get(f"{name}__max"),
                ratings=tuple(sorted((ratings or {}).get(name, []))),
            )
        )
    return found


def round_results(*, platform: Platform, health_round: HealthRound) -> RoundResults:
    """Average, spread and each rating per fundamental for one round: two queries.

    Every stored response counts, also one from a partner that has left since: it was a
    partner's view at the time."""
    responses = HealthResponse.objects.filter(platform=platform, round=health_round)
    row = responses.aggregate(**_aggregates())
    ratings: dict[str, list[int]] = {name: [] for name in FUNDAMENTALS}
    for values in responses.values_list(*FUNDAMENTALS):
        for name, value in zip(FUNDAMENTALS, values, strict=True):
            ratings[name].append(value)
    return RoundResults(health_round.pk, row["responses"], _results(row, ratings))


def trend(*, platform: Platform, partnership: Partnership) -> dict[int, RoundResults]:
    """Results of every round of the partnership that has responses, by round id: one query."""
    # values() + annotate(**spec) is typed by its first key only; these rows are plain dicts.
    rows = cast(
        "list[dict[str, Any]]",
        list(
            HealthResponse.objects.filter(platform=platform, round__partnership=partnership)
            .values("round_id")
            .annotate(**_aggregates())
            .order_by()
        ),
    )
    return {
        row["round_id"]: RoundResults(row["round_id"], row["responses"], _results(row))
        for row in rows
    }


def comments_by_fundamental(*, platform: Platform, health_round: HealthRound) -> list[tuple]:
    """[(label, [comments])] in the fundamentals' order; comments are not attributed, so
    partners can be frank."""
    found: dict[str, list[str]] = {name: [] for name in FUNDAMENTALS}
    rows = HealthResponse.objects.filter(platform=platform, round=health_round).order_by("id")
    for comments in rows.values_list("comments", flat=True):
        for name, text in (comments or {}).items():
            if name in found and text:
                found[name].append(text)
    return [(LABELS[name], found[name]) for name in FUNDAMENTALS]


def respondents(*, platform: Platform, health_round: HealthRound) -> list[Partner]:
    """The active partners with ``responded``, plus partners that
    have left but responded; by organisation name."""
    answered = HealthResponse.objects.filter(round=health_round, partner=OuterRef("pk"))
    return list(
        Partner.objects.filter(platform=platform, partnership_id=health_round.partnership_id)
        .annotate(responded=Exists(answered))
        .filter(Q(left_on__isnull=True) | Q(responded=True))
        .select_related("organisation")
        .order_by("organisation__name", "id")
    )


# --- Partner representatives ---------------------------------------------------------------
# Which partnerships a representative reaches is partnership_visible's answer (the
# permission AND its organisation still an active partner); which partner answers in
# one is partnerships.selectors.representation's. Nothing here goes from a Representative
# row to a Partner row on its own.


def response_of(*, platform: Platform, health_round: HealthRound, partner: Partner):
    return HealthResponse.objects.filter(
        platform=platform, round=health_round, partner=partner
    ).first()


def rounds_for_representative(
    *, platform: Platform, membership: Membership, today: date
) -> QuerySet[HealthRound]:
    """Rounds of the partnerships the member may see as a partner representative, with
    ``is_open`` and ``responded`` (its organisation's partner has answered), closing
    soonest first. None for a member who speaks for no organisation. Two queries."""
    organisation_id = represented_organisation_id(platform=platform, membership=membership)
    if organisation_id is None:
        return _with_status(HealthRound.objects.none(), today)
    answered = HealthResponse.objects.filter(
        round=OuterRef("pk"), partner__organisation_id=organisation_id
    )
    rounds = (
        HealthRound.objects.filter(
            platform=platform,
            partnership__in=partnership_visible(platform=platform, membership=membership),
        )
        .annotate(responded=Exists(answered))
        .select_related("partnership")
        .order_by("closes_on", "-created_at", "-id")
    )
    return _with_status(rounds, today)


def open_rounds_for_representative(
    *, platform: Platform, membership: Membership, today: date
) -> QuerySet[HealthRound]:
    return rounds_for_representative(platform=platform, membership=membership, today=today).filter(
        _open_q(today)
    )


def closed_rounds_for_representative(
    *, platform: Platform, membership: Membership, today: date
) -> QuerySet[HealthRound]:
    return (
        rounds_for_representative(platform=platform, membership=membership, today=today)
        .exclude(_open_q(today))
        .order_by("-closes_on", "-created_at", "-id")[:MY_CLOSED_ROUNDS]
    )


def round_for_representative(
    *, platform: Platform, membership: Membership, public_id
) -> HealthRound:
    """A round (open or not: the service says why a closed one refuses) of a partnership
    the member may see; 404 for anything else, another platform's included."""
    found = (
        HealthRound.objects.filter(
            platform=platform,
            public_id=public_id,
            partnership__in=partnership_visible(platform=platform, membership=membership),
        )
        .select_related("partnership")
        .first()
    )
    if found is None:
        raise Http404("No such health check.")
    return found
