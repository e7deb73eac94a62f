"""Which partner a partner representative speaks for: the one place that goes from a
membership to its organisation (Representative) and on to a Partner row.

Whether the member may reach a partnership at all is decided elsewhere, by
partnerships.selectors.access (partnership_visible / partnership_get): callers look the
partnership up there first, and ask here only WHICH partner is answering in it. Only a
member whose role is partner representative speaks for an organisation; a Representative
row left behind after a role change speaks for nobody.
"""

from partnerships.models import Partner, Partnership
from platforms.models import Membership, Platform, Role
from stakeholders.models import Organisation, Representative


def _represents(membership: Membership | None, platform: Platform) -> bool:
    return (
        membership is not None
        and membership.platform_id == platform.pk
        and membership.role == Role.PARTNER_REPRESENTATIVE
    )


def represented_organisation_id(*, platform: Platform, membership: Membership | None) -> int | None:
    """The id of the organisation the member speaks for on this platform, or None. One
    query (none for other roles)."""
    if not _represents(membership, platform):
        return None
    assert membership is not None  # for the type checker: _represents says so
    return (
        Representative.objects.filter(platform=platform, membership_id=membership.pk)
        .values_list("organisation_id", flat=True)
        .first()
    )


def represented_organisation(
    *, platform: Platform, membership: Membership | None
) -> Organisation | None:
    """The organisation itself (for its name on a page), or None; as
    represented_organisation_id."""
    if not _represents(membership, platform):
        return None
    assert membership is not None
    representative = (
        Representative.objects.filter(platform=platform, membership_id=membership.pk)
        .select_related("organisation")
        .first()
    )
    return representative.organisation if representative else None


def represented_partner(
    *, platform: Platform, membership: Membership | None, partnership: Partnership
) -> Partner | None:
    """The active Partner row of the member's organisation in this partnership (with its
    organisation), or None: not a representative, no organisation, or not (or no longer)
    a partner there. One query (none for other roles)."""
    if not _represents(membership, platform) or partnership.platform_id != platform.pk:
        return None
    assert membership is not None
    represented = Representative.objects.filter(
        platform=platform, membership_id=membership.pk
    ).values("organisation_id")
    return (
        Partner.objects.filter(
            platform=platform,
            partnership=partnership,
            left_on__isnull=True,
            organisation_id__in=represented,
        )
        .select_related("organisation")
        .order_by("id")
        .first()
    )
