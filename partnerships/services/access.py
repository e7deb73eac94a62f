"""Grants and revocations of the object permissions (django-guardian) that give partner
representatives their partnerships and brokers their assignments. See
partnerships.selectors.access for how they are read.

The rows are keyed by the user, who outlives a membership and may change role, so they
follow the member: an organisation joining or leaving (partner_access_grant/revoke), a new
representative (the invitation hook), a role change or a removal (the membership hook).
Whatever path is missed, partnership_visible also asks for a current Representative row
of an active partner, so a stale row never shows anything on its own."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from guardian.shortcuts import assign_perm, remove_perm

from partnerships.models import Partner, Partnership, PartnershipUserObjectPermission
from partnerships.selectors.access import ACCESS, BROKER
from platforms.hooks import on_invitation_accepted, on_membership_changed
from platforms.models import Invitation, Membership, Platform, Role
from platforms.tenancy import platform_transaction
from stakeholders.models import Representative

User = get_user_model()


def _representative_users(*, platform: Platform, organisation_id: int) -> list:
    return [
        r.membership.user
        for r in Representative.objects.filter(
            platform=platform,
            organisation_id=organisation_id,
            membership__role=Role.PARTNER_REPRESENTATIVE,
        ).select_related("membership__user")
    ]


def partner_access_grant(*, platform: Platform, partner: Partner) -> int:
    """Give the organisation's representatives access to the partnership."""
    # Read inside the platform's scope too: outside a request row-level security shows
    # nothing until the platform is set.
    with platform_transaction(platform.pk):
        users = _representative_users(platform=platform, organisation_id=partner.organisation_id)
        for user in users:
            assign_perm(f"partnerships.{ACCESS}", user, partner.partnership)
    return len(users)


def partner_access_revoke(*, platform: Platform, partner: Partner) -> int:
    """Take access away from the organisation's representatives (the partner left),
    unless the organisation is still an active partner there another way."""
    with platform_transaction(platform.pk):
        still_in = Partner.objects.filter(
            platform=platform,
            partnership_id=partner.partnership_id,
            organisation_id=partner.organisation_id,
            left_on__isnull=True,
        ).exists()
        if still_in:
            return 0
        users = _representative_users(platform=platform, organisation_id=partner.organisation_id)
        for user in users:
            remove_perm(f"partnerships.{ACCESS}", user, partner.partnership)
    return len(users)


def broker_assign(*, platform: Platform, partnership: Partnership, membership: Membership) -> None:
    """Assign a broker (or platform admin) to the partnership."""
    if membership.platform_id != platform.pk or membership.role not in (
        Role.BROKER,
        Role.PLATFORM_ADMIN,
    ):
        raise ValidationError("Only the platform's brokers and admins can be assigned.")
    with platform_transaction(platform.pk):
        assign_perm(f"partnerships.{BROKER}", membership.user, partnership)


def broker_unassign(
    *, platform: Platform, partnership: Partnership, membership: Membership
) -> None:
    with platform_transaction(platform.pk):
        remove_perm(f"partnerships.{BROKER}", membership.user, partnership)


@on_invitation_accepted
def access_for_new_representative(*, invitation: Invitation, membership: Membership) -> None:
    """A new representative of an organisation gets its partnerships at once (and a
    representative invited for another organisation loses the old one's). Runs after the
    stakeholders hook that creates or moves the Representative (apps register in order)."""
    if membership.role != Role.PARTNER_REPRESENTATIVE:
        # Someone already on the platform keeps their role (and sees what it shows).
        return
    representative_access_sync(platform=invitation.platform, membership=membership)


@on_membership_changed
def access_follows_membership(*, membership: Membership, removed: bool) -> None:
    """Called inside the members service's transaction: a removed member loses every
    partnership permission on the platform; a member whose role changed keeps only what
    the new role is given (a partner representative its organisation's active
    partnerships, a broker or admin its broker assignments)."""
    platform = membership.platform
    if removed:
        permissions_remove_all(platform=platform, membership=membership)
        return
    if membership.role not in (Role.BROKER, Role.PLATFORM_ADMIN):
        # A broker moved to another role is no longer assigned anywhere: otherwise the
        # old assignments would come back with a later promotion.
        with platform_transaction(platform.pk):
            _granted(platform=platform, membership=membership, codenames=(BROKER,)).delete()
    representative_access_sync(platform=platform, membership=membership)


def _granted(*, platform: Platform, membership: Membership, codenames: tuple[str, ...]):
    return PartnershipUserObjectPermission.objects.filter(
        platform=platform,
        user_id=membership.user_id,
        permission__codename__in=codenames,
        permission__content_type__app_label="partnerships",
    )


def permissions_remove_all(*, platform: Platform, membership: Membership) -> int:
    """Every access and broker permission of the member's user on this platform (its
    rows on other platforms stay: they belong to its other memberships)."""
    with platform_transaction(platform.pk):
        removed, _ = _granted(
            platform=platform, membership=membership, codenames=(ACCESS, BROKER)
        ).delete()
    return removed


def representative_access_sync(*, platform: Platform, membership: Membership) -> int:
    """Make a member's partnership access match what it is now: a partner representative
    of an organisation sees that organisation's active partnerships, and nothing else
    through this permission. For when a Representative row is removed or moved to another
    organisation, or the member's role changes. Returns how many grants were removed."""
    with platform_transaction(platform.pk):
        representative = (
            Representative.objects.filter(platform=platform, membership_id=membership.pk).first()
            if membership.role == Role.PARTNER_REPRESENTATIVE
            else None
        )
        should_see = set(
            Partner.objects.filter(
                platform=platform,
                organisation_id=representative.organisation_id,
                left_on__isnull=True,
            ).values_list("partnership_id", flat=True)
            if representative is not None
            else ()
        )
        granted = _granted(platform=platform, membership=membership, codenames=(ACCESS,))
        removed, _ = granted.exclude(content_object_id__in=should_see).delete()
        have = set(granted.values_list("content_object_id", flat=True))
        for partnership in Partnership.objects.filter(platform=platform, pk__in=should_see - have):
            assign_perm(f"partnerships.{ACCESS}", membership.user, partnership)
    return removed
