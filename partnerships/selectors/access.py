"""Who may see and change which partnership.

The roles with the capability ``view_all_partnerships`` (platforms.permissions: staff and
observers) see every partnership of the platform. A partner representative sees the
partnerships its organisation belongs to: it needs the django-guardian permission
``access_partnership`` that partnerships.services.access grants and revokes as
organisations join and leave and members change, AND its organisation (its
Representative row) must still be an active partner there. The second condition means a
permission row left behind by any path can never show a partnership on its own.
Changing a partnership takes a platform admin, or a broker assigned to it
(``broker_partnership``). Lists filter with a subquery on the direct permission table,
not guardian's generic joins.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from partnerships.models import Partner, Partnership, PartnershipUserObjectPermission
from platforms.models import Membership, Platform, Role
from platforms.permissions import CAPABILITIES
from stakeholders.models import Representative

ACCESS = "access_partnership"
BROKER = "broker_partnership"
# The one source of truth: the platform-wide pages are gated by the same capability.
SEES_ALL = CAPABILITIES["view_all_partnerships"]


def _granted(membership: Membership, codename: str) -> QuerySet:
    return PartnershipUserObjectPermission.objects.filter(
        platform_id=membership.platform_id,
        user_id=membership.user_id,
        permission__codename=codename,
        permission__content_type__app_label="partnerships",
    )


def partnership_visible(*, platform: Platform, membership: Membership) -> QuerySet[Partnership]:
    """The partnerships this member may see."""
    partnerships = Partnership.objects.filter(platform=platform)
    if membership.role in SEES_ALL:
        return partnerships
    if membership.role != Role.PARTNER_REPRESENTATIVE:
        # A role this module does not know sees nothing rather than whatever rows it holds.
        return partnerships.none()
    represented = Representative.objects.filter(
        platform=platform, membership_id=membership.pk
    ).values("organisation_id")
    still_partner = Partner.objects.filter(
        platform=platform,
        partnership_id=OuterRef("pk"),
        left_on__isnull=True,
        organisation_id__in=represented,
    )
    return partnerships.filter(
        Exists(_granted(membership, ACCESS).filter(content_object_id=OuterRef("pk"))),
        Exists(still_partner),
    )


def partnership_get(*, platform: Platform, membership: Membership, public_id) -> Partnership:
    """One partnership the member may see; 404 for missing, another platform's and
    not-yours alike."""
    partnership = (
        partnership_visible(platform=platform, membership=membership)
        .filter(public_id=public_id)
        .select_related("lead_organisation", "stakeholder_map")
        .first()
    )
    if partnership is None:
        raise Http404("No such partnership.")
    return partnership


CHANGE_REFUSED = (
    "Only the platform's admins and the brokers assigned to this partnership can change it."
)


def partnership_for_change(*, platform: Platform, membership: Membership, public_id) -> Partnership:
    """A partnership the member may change: 404 when it may not even see it, 403 when it
    sees it but is neither a platform admin nor a broker assigned to it."""
    partnership = partnership_get(platform=platform, membership=membership, public_id=public_id)
    if not can_change(membership=membership, partnership=partnership):
        raise PermissionDenied(CHANGE_REFUSED)
    return partnership


def can_change(*, membership: Membership, partnership: Partnership) -> bool:
    """Platform admins change any partnership; brokers the ones they are assigned to."""
    if membership.platform_id != partnership.platform_id:
        return False
    if membership.role == Role.PLATFORM_ADMIN:
        return True
    if membership.role != Role.BROKER:
        return False
    return _granted(membership, BROKER).filter(content_object_id=partnership.pk).exists()


def assigned_partnership_ids(*, membership: Membership) -> set[int]:
    """The partnerships this broker is assigned to, in one query (for lists)."""
    return set(_granted(membership, BROKER).values_list("content_object_id", flat=True))
