"""Reads for the work plan (objectives, each with its activities) and the lookups every
page of what partners agree shares: one objective, activity, resource or commitment of a
partnership (404 for missing, another partnership's and another platform's alike), and the
partners a form may offer."""

from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404

from partnerships.models import (
    Activity,
    Commitment,
    Objective,
    Partner,
    Partnership,
    Resource,
)


def partner_choices(*, partnership: Partnership, current: Partner | None = None) -> list[Partner]:
    """The partnership's active partners, by name; plus ``current`` (already recorded on
    the object being edited) when it has since left, so the form can still show it."""
    partners = list(
        Partner.objects.filter(
            platform_id=partnership.platform_id, partnership=partnership, left_on__isnull=True
        )
        .select_related("organisation")
        .order_by(Lower("organisation__name"), "pk")
    )
    if current is not None and all(p.pk != current.pk for p in partners):
        partners.append(current)
    return partners


def _scoped(model, partnership: Partnership):
    return model.objects.filter(platform_id=partnership.platform_id, partnership=partnership)


def objective_get(*, partnership: Partnership, public_id) -> Objective:
    return get_object_or_404(
        _scoped(Objective, partnership).select_related("partnership"), public_id=public_id
    )


def activity_get(*, partnership: Partnership, public_id) -> Activity:
    return get_object_or_404(
        _scoped(Activity, partnership).select_related(
            "partnership", "objective", "responsible__organisation"
        ),
        public_id=public_id,
    )


def resource_get(*, partnership: Partnership, public_id) -> Resource:
    return get_object_or_404(
        _scoped(Resource, partnership).select_related("partnership", "partner__organisation"),
        public_id=public_id,
    )


def commitment_get(*, partnership: Partnership, public_id) -> Commitment:
    return get_object_or_404(
        _scoped(Commitment, partnership).select_related("partnership", "partner__organisation"),
        public_id=public_id,
    )


def work_plan(*, partnership: Partnership) -> list[Objective]:
    """The objectives in order, each with its activities (``.activities.all()``, by start
    date) and their responsible partners. Two queries, however long the plan."""
    activities = Activity.objects.filter(platform_id=partnership.platform_id).select_related(
        "responsible__organisation"
    )
    return list(
        _scoped(Objective, partnership)
        .order_by("position", "created_at", "pk")
        .prefetch_related(
            Prefetch(
                "activities",
                queryset=activities.order_by("starts_on", "created_at", "pk"),
            )
        )
    )


def partners_all(*, partnership: Partnership) -> list[Partner]:
    """Every partner the partnership has had (active and former), for filters: a former
    partner's commitments are still on record."""
    return list(
        Partner.objects.filter(platform_id=partnership.platform_id, partnership=partnership)
        .select_related("organisation")
        .order_by(Lower("organisation__name"), "pk")
    )
