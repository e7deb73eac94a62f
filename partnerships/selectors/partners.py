"""Reads for a partnership's partners: the list (active and former), one partner, and the
organisations that can still be added (listed in full, or searched when the registry is
too big to list, as the stakeholder map's position form does)."""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404

from partnerships.models import Partner, Partnership
from platforms.models import Platform, Role
from stakeholders.models import Organisation
from stakeholders.selectors.maps import FIND_LIMIT, PICKER_LIMIT
from stakeholders.selectors.organisations import organisation_list


@dataclass
class PartnerLists:
    active: list[Partner]
    former: list[Partner]


def partner_list(*, partnership: Partnership) -> QuerySet[Partner]:
    """Every partner the partnership has had, with its organisation and the number of the
    organisation's partner representatives; active first, then former, newest leaver
    first. One query."""
    return (
        Partner.objects.filter(platform_id=partnership.platform_id, partnership=partnership)
        .select_related("organisation", "override_by")
        .annotate(
            representative_count=Count(
                "organisation__representatives",
                filter=Q(
                    organisation__representatives__membership__role=Role.PARTNER_REPRESENTATIVE
                ),
            )
        )
        .order_by(
            F("left_on").desc(nulls_first=True), Lower("organisation__name"), "joined_on", "pk"
        )
    )


def partner_lists(*, partnership: Partnership) -> PartnerLists:
    """The active partners and the former ones (who left), in one query."""
    partners = list(partner_list(partnership=partnership))
    return PartnerLists(
        active=[p for p in partners if p.left_on is None],
        former=[p for p in partners if p.left_on is not None],
    )


def partner_get(*, partnership: Partnership, public_id) -> Partner:
    """One partner of this partnership; 404 for a missing id, another partnership's and
    another platform's alike."""
    return get_object_or_404(
        Partner.objects.filter(
            platform_id=partnership.platform_id, partnership=partnership
        ).select_related("organisation", "partnership"),
        public_id=public_id,
    )


def _active_partner_here(partnership: Partnership):
    return Partner.objects.filter(
        partnership=partnership, organisation_id=OuterRef("pk"), left_on__isnull=True
    )


def organisations_available(*, platform: Platform, partnership: Partnership):
    """Registry organisations that can be added: not archived, not an active partner
    already (a former partner can come back)."""
    return (
        Organisation.objects.filter(platform=platform, archived_at__isnull=True)
        .exclude(Exists(_active_partner_here(partnership)))
        .order_by(Lower("name"), "pk")
    )


def organisations_too_many_to_list(*, platform: Platform, partnership: Partnership) -> bool:
    """Whether more than PICKER_LIMIT organisations could be added (counting no further)."""
    available = organisations_available(platform=platform, partnership=partnership)
    return available.order_by()[: PICKER_LIMIT + 1].count() > PICKER_LIMIT


def organisations_find(
    *, platform: Platform, partnership: Partnership, text: str
) -> tuple[list[Organisation], bool]:
    """The best FIND_LIMIT matches for ``text`` (the registry's own search) among the
    organisations that can be added, and whether there are more."""
    found = organisation_list(platform=platform, filters={"q": text}).exclude(
        Exists(_active_partner_here(partnership))
    )
    first = list(found[: FIND_LIMIT + 1])
    return first[:FIND_LIMIT], len(first) > FIND_LIMIT
