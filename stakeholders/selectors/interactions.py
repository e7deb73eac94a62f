"""Reads for the engagement log."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from platforms.models import Platform
from stakeholders.models import Interaction, Organisation

# The values of the list's "Follow-ups" filter.
FOLLOW_UPS_DUE = "due"  # dated today or earlier and not done
FOLLOW_UPS_OPEN = "open"  # any date, not done


def interaction_list(
    *, platform: Platform, today: date, filters: Mapping[str, Any] | None = None
) -> QuerySet[Interaction]:
    """The platform's interactions, newest first, with their organisation in the same query.

    ``filters`` (all optional; empty values do not filter): ``kind``, ``organisation``
    (one Organisation), ``organisation_name`` (part of the name or acronym), ``date_from``
    / ``date_to`` (both inclusive, calendar days of the platform), ``follow_ups``
    (FOLLOW_UPS_DUE or FOLLOW_UPS_OPEN). Filtered to follow-ups, the list runs by
    follow-up date instead, the most overdue first, and leaves archived organisations out
    (their engagement log is closed, as their renewals are). ``today`` is the platform's
    today (Platform.today).
    """
    filters = filters or {}
    interactions = Interaction.objects.filter(platform=platform).select_related(
        "organisation", "recorded_by"
    )
    if filters.get("kind"):
        interactions = interactions.filter(kind=filters["kind"])
    if filters.get("organisation"):
        interactions = interactions.filter(organisation=filters["organisation"])
    if filters.get("organisation_name"):
        text = filters["organisation_name"]
        interactions = interactions.filter(
            Q(organisation__name__icontains=text) | Q(organisation__acronym__icontains=text)
        )
    if filters.get("date_from"):
        interactions = interactions.filter(occurred_on__gte=filters["date_from"])
    if filters.get("date_to"):
        interactions = interactions.filter(occurred_on__lte=filters["date_to"])
    follow_ups = filters.get("follow_ups")
    if follow_ups in (FOLLOW_UPS_DUE, FOLLOW_UPS_OPEN):
        interactions = interactions.filter(
            follow_up_on__isnull=False,
            follow_up_done_at__isnull=True,
            organisation__archived_at__isnull=True,
        )
        if follow_ups == FOLLOW_UPS_DUE:
            interactions = interactions.filter(follow_up_on__lte=today)
        return interactions.order_by("follow_up_on", "-occurred_on", "-created_at", "-id")
    return interactions.order_by("-occurred_on", "-created_at", "-id")


def interaction_get(*, platform: Platform, public_id) -> Interaction:
    """One interaction of the platform; 404 for a missing id and another platform's alike."""
    return get_object_or_404(
        Interaction.objects.filter(platform=platform).select_related("organisation"),
        public_id=public_id,
    )


def follow_ups_due(
    *, platform: Platform, today: date, organisation: Organisation | None = None
) -> QuerySet[Interaction]:
    """Follow-ups dated today or earlier and not done yet (of active organisations, or of
    ``organisation``), the most overdue first."""
    return interaction_list(
        platform=platform,
        today=today,
        filters={"follow_ups": FOLLOW_UPS_DUE, "organisation": organisation},
    )
