"""Reads for screening: criteria, screenings, and what is due for renewal.

Lookups from request input go through the platform and answer 404 for a missing id and
another platform's alike.
"""

from datetime import date, timedelta

from django.db.models import OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from platforms.models import Platform
from stakeholders.models import (
    CLEARANCES,
    Organisation,
    Screening,
    ScreeningCriterion,
    ScreeningDecision,
    ScreeningFinding,
)


def criterion_list(*, platform: Platform, include_retired: bool = False) -> QuerySet:
    criteria = ScreeningCriterion.objects.filter(platform=platform)
    if not include_retired:
        criteria = criteria.filter(is_active=True)
    return criteria.order_by("position", "name")


def criterion_exists(*, platform: Platform) -> bool:
    """Whether the platform has any criteria at all, retired ones included."""
    return ScreeningCriterion.objects.filter(platform=platform).exists()


def criterion_get(*, platform: Platform, public_id) -> ScreeningCriterion:
    return get_object_or_404(
        ScreeningCriterion.objects.filter(platform=platform), public_id=public_id
    )


def _screenings(platform: Platform) -> QuerySet:
    return Screening.objects.filter(platform=platform).select_related(
        "organisation", "opened_by", "decided_by"
    )


def screening_get(*, platform: Platform, public_id) -> Screening:
    return get_object_or_404(_screenings(platform), public_id=public_id)


def screening_findings(*, screening: Screening) -> list[ScreeningFinding]:
    return list(
        ScreeningFinding.objects.filter(platform_id=screening.platform_id, screening=screening)
        .select_related("criterion")
        .order_by("criterion__position", "criterion__name")
    )


def screening_history(*, platform: Platform, organisation: Organisation) -> QuerySet:
    """Every screening of the organisation, newest first."""
    return _screenings(platform).filter(organisation=organisation).order_by("-created_at", "-pk")


def screening_open_get(*, platform: Platform, organisation: Organisation) -> Screening | None:
    """The organisation's open (undecided) screening, if any."""
    return (
        Screening.objects.filter(
            platform=platform, organisation=organisation, decision=ScreeningDecision.PENDING
        )
        .order_by("-created_at")
        .first()
    )


def _with_open_screening(organisations: QuerySet) -> QuerySet:
    # The renewal already under way, so the page offers "Continue" rather than a second
    # screening (which the service would refuse). One subquery, not one query per row.
    open_screening = Screening.objects.filter(
        organisation=OuterRef("pk"), decision=ScreeningDecision.PENDING
    ).order_by("-created_at")
    return organisations.annotate(
        open_screening_id=Subquery(open_screening.values("public_id")[:1])
    )


def _current_clearances(platform: Platform) -> QuerySet:
    return Organisation.objects.filter(
        platform=platform, archived_at__isnull=True, screening_status__in=CLEARANCES
    )


def renewals_expired(*, platform: Platform, today: date) -> QuerySet:
    """Cleared organisations whose renew-by date has passed, most overdue first."""
    organisations = _current_clearances(platform).filter(screening_renew_by__lt=today)
    return _with_open_screening(organisations).order_by("screening_renew_by", "name")


def renewals_due(*, platform: Platform, today: date, days: int) -> QuerySet:
    """Cleared organisations to renew within ``days`` days from today, soonest first."""
    organisations = _current_clearances(platform).filter(
        screening_renew_by__gte=today, screening_renew_by__lte=today + timedelta(days=days)
    )
    return _with_open_screening(organisations).order_by("screening_renew_by", "name")


def screenings_open(*, platform: Platform) -> QuerySet:
    """Screenings awaiting a decision, oldest first (the longest waiting on top)."""
    return (
        Screening.objects.filter(platform=platform, decision=ScreeningDecision.PENDING)
        .select_related("organisation", "opened_by")
        .order_by("created_at", "pk")
    )
