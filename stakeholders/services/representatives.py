"""Partner representatives: a membership tied to the organisation it speaks for.

A broker invites one of an organisation's contacts; accepting the invitation makes the
contact's user a partner representative of the platform, tied to that organisation.
"""

from django.core.exceptions import ValidationError

from platforms.hooks import on_invitation_accepted
from platforms.models import Invitation, Membership, Platform, Role
from platforms.services import invitation_create
from platforms.tenancy import platform_transaction
from stakeholders.models import Contact, Representative, RepresentativeInvitation
from stakeholders.services.common import actor_id, platform_check


def contact_invite(*, platform: Platform, contact: Contact, invited_by) -> Invitation:
    """Invite a contact to become the organisation's partner representative."""
    platform_check(platform, contact)
    if not contact.email:
        raise ValidationError(f"{contact.name} has no email address; add one to invite them.")
    if contact.organisation.is_archived:
        raise ValidationError("The organisation is archived; restore it before inviting anyone.")
    with platform_transaction(platform.pk, user_id=actor_id(invited_by)):
        invitation = invitation_create(
            platform=platform,
            email=contact.email,
            role=Role.PARTNER_REPRESENTATIVE,
            invited_by=invited_by,
        )
        RepresentativeInvitation.objects.create(
            platform=platform,
            invitation=invitation,
            organisation=contact.organisation,
            contact=contact,
        )
    return invitation


@on_invitation_accepted
def representative_from_invitation(*, invitation: Invitation, membership: Membership) -> None:
    link = (
        RepresentativeInvitation.objects.filter(
            platform_id=invitation.platform_id, invitation=invitation
        )
        .select_related("organisation")
        .first()
    )
    if link is None or membership.role != Role.PARTNER_REPRESENTATIVE:
        return  # an ordinary invitation, or a member who already had another role
    Representative.objects.update_or_create(
        platform_id=invitation.platform_id,
        membership=membership,
        defaults={"organisation": link.organisation, "contact": link.contact},
    )
