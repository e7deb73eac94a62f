"""Reads for partnerships themselves: the list with its filters, the choices the forms
offer, and a partnership's assigned brokers. See partnerships.selectors.access for who
may see which partnership."""

from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from partnerships.models import (
    Goal,
    Partner,
    Partnership,
    PartnershipUserObjectPermission,
    Target,
)
from partnerships.selectors.access import BROKER, partnership_visible
from partnerships.services.agreed_checks import day
from platforms.models import Membership, Platform, Role
from stakeholders.models import Organisation, StakeholderMap

# Sort keys the list accepts, and what each orders by. Anything else sorts by title.
SORTS: dict[str, tuple[str, ...]] = {
    "title": ("title", "id"),
    "stage": ("stage", "title", "id"),
    "updated": ("-updated_at", "-id"),
    "newest": ("-created_at", "-id"),
}


def _assigned(membership: Membership) -> QuerySet[PartnershipUserObjectPermission]:
    """The broker permission rows of this member (see selectors.access)."""
    return PartnershipUserObjectPermission.objects.filter(
        platform_id=membership.platform_id,
        user_id=membership.user_id,
        permission__codename=BROKER,
        permission__content_type__app_label="partnerships",
    )


def _active_partner_count() -> Coalesce:
    # A subquery, not a JOIN + GROUP BY: the list stays one flat scan of partnerships.
    counts = (
        Partner.objects.filter(partnership=OuterRef("pk"), left_on__isnull=True)
        .order_by()
        .values("partnership")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def partnership_list(
    *, platform: Platform, membership: Membership, filters: Mapping[str, Any] | None = None
) -> QuerySet[Partnership]:
    """The partnerships the member may see, filtered and sorted, each with its lead
    organisation, its number of active partners and whether the member is assigned.

    ``filters`` (all optional): ``q`` (words in the title or issue), ``stage``, ``type``,
    ``level``, ``goal`` (a number), ``mine`` (True: those the member brokers),
    ``sort`` (a key of SORTS)."""
    filters = filters or {}
    assigned = Exists(_assigned(membership).filter(content_object_id=OuterRef("pk")))
    partnerships = (
        partnership_visible(platform=platform, membership=membership)
        .select_related("lead_organisation")
        .annotate(partner_count=_active_partner_count(), assigned=assigned)
    )
    for field in ("stage", "type", "level"):
        if filters.get(field):
            partnerships = partnerships.filter(**{field: filters[field]})
    if filters.get("goal"):
        partnerships = partnerships.filter(goals__contains=[int(filters["goal"])])
    if filters.get("mine"):
        partnerships = partnerships.filter(assigned=True)
    for word in (filters.get("q") or "").split()[:12]:
        partnerships = partnerships.filter(Q(title__icontains=word) | Q(issue__icontains=word))
    return partnerships.order_by(*SORTS.get(filters.get("sort") or "", SORTS["title"]))


def partnerships_exist(*, platform: Platform, membership: Membership) -> bool:
    """Whether the member may see any partnership at all (for the empty list's words)."""
    return partnership_visible(platform=platform, membership=membership).exists()


def goal_choices() -> list[tuple[int, str]]:
    """The 17 goals, as (number, "1. No poverty")."""
    return [
        (number, f"{number}. {title}")
        for number, title in Goal.objects.values_list("number", "title")
    ]


def goal_titles() -> dict[int, str]:
    return dict(Goal.objects.values_list("number", "title"))


def target_texts(*, codes: list[str]) -> dict[str, str]:
    """The text of each of these targets, by code (for the overview)."""
    if not codes:
        return {}
    return dict(Target.objects.filter(code__in=codes).values_list("code", "text"))


def targets_by_goal() -> list[tuple[int, str, list[tuple[str, str]]]]:
    """Every target under its goal, in the UN list's order (the form's reference list)."""
    groups: dict[int, tuple[int, str, list[tuple[str, str]]]] = {}
    rows = Target.objects.values_list("goal__number", "goal__title", "code", "text")
    for number, title, code, text in rows.order_by("goal__number", "position"):
        groups.setdefault(number, (number, title, []))[2].append((code, text))
    return list(groups.values())


def organisation_choices(
    *, platform: Platform, keep_id: int | None = None
) -> list[tuple[str, str]]:
    """Organisations that may lead: the platform's non-archived ones (and the current
    lead, even archived, so an edit does not drop it silently)."""
    rows = Organisation.objects.filter(platform=platform).filter(
        Q(archived_at__isnull=True) | Q(pk=keep_id)
    )
    return [
        (str(public_id), f"{name} ({acronym})" if acronym else name)
        for public_id, name, acronym in rows.order_by("name", "id").values_list(
            "public_id", "name", "acronym"
        )
    ]


def organisation_for_lead(*, platform: Platform, public_id: str) -> Organisation | None:
    return Organisation.objects.filter(platform=platform, public_id=public_id).first()


def map_choices(*, platform: Platform) -> list[tuple[str, str]]:
    return [
        (str(public_id), f"{title} ({day(as_of)})")
        for public_id, title, as_of in StakeholderMap.objects.filter(platform=platform)
        .order_by("-as_of", "title", "id")
        .values_list("public_id", "title", "as_of")
    ]


def map_for_partnership(*, platform: Platform, public_id: str) -> StakeholderMap | None:
    return StakeholderMap.objects.filter(platform=platform, public_id=public_id).first()


def partnership_brokers(*, platform: Platform, partnership: Partnership) -> list[Membership]:
    """The members assigned to broker this partnership, by name."""
    assigned = PartnershipUserObjectPermission.objects.filter(
        platform_id=platform.pk,
        content_object_id=partnership.pk,
        permission__codename=BROKER,
        permission__content_type__app_label="partnerships",
        user_id=OuterRef("user_id"),
    )
    return list(
        Membership.objects.filter(platform=platform)
        .filter(Exists(assigned))
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__email")
    )


def broker_candidates(*, platform: Platform) -> list[Membership]:
    """Who may be assigned: the platform's brokers and admins."""
    return list(
        Membership.objects.filter(platform=platform, role__in=(Role.BROKER, Role.PLATFORM_ADMIN))
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__email")
    )
