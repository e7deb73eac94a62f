"""Writes for invitations: create, revoke, accept, and the email job."""

import uuid

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from platforms import hooks, selectors
from platforms.jobs import job_enqueue, job_handler
from platforms.models import (
    Invitation,
    Membership,
    Platform,
    Role,
)
from platforms.tenancy import platform_transaction

from .platforms import membership_add

User = get_user_model()


def invitation_url(invitation: Invitation) -> str:
    """The absolute accept link: the signed public id, so nothing secret is stored."""
    token = signing.dumps(str(invitation.public_id), salt=selectors.INVITATION_SALT)
    return settings.SITE_URL.rstrip("/") + reverse("invitation_accept", args=[token])


def invitation_create(*, platform: Platform, email: str, role: str, invited_by) -> Invitation:
    """Invite an email address with a role; the email goes out from a background job."""
    email = User.objects.normalize_email((email or "").strip()).lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": "Enter a valid email address, for example name@example.org."}
        ) from None
    if role not in Role.values:
        raise ValidationError({"role": "Choose one of the platform's roles."})
    with platform_transaction(platform.pk, user_id=invited_by.pk):
        if Membership.objects.filter(platform=platform, user__email__iexact=email).exists():
            raise ValidationError({"email": f"{email} is already a member of {platform.name}."})
        if selectors.invitation_pending_exists(platform=platform, email=email):
            pending = f"An invitation to {email} is already pending. Revoke it to send another."
            raise ValidationError({"email": pending})
        invitation = Invitation.objects.create(
            platform=platform,
            email=email,
            role=role,
            invited_by=invited_by,
            expires_at=timezone.now() + settings.INVITATION_TTL,
        )
        job_enqueue(
            platform=platform,
            kind="invitation_email",
            payload={"invitation": str(invitation.public_id)},
            requested_by=invited_by,
        )
    return invitation


def invitation_revoke(*, platform: Platform, invitation: Invitation, actor) -> Invitation:
    with platform_transaction(platform.pk, user_id=actor.pk):
        # Locked and re-read, as invitation_accept does, so a revoke racing an accept
        # cannot leave an invitation both accepted and revoked.
        invitation = Invitation.objects.select_for_update().get(platform=platform, pk=invitation.pk)
        if invitation.status in ("accepted", "revoked"):
            status = invitation.status
            raise ValidationError(f"The invitation to {invitation.email} is already {status}.")
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
    return invitation


def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """Make the invited user a member. The user's email must be the invited address."""
    with platform_transaction(invitation.platform_id, user_id=user.pk):
        # Lock the row and look again: two clicks on one link must not both succeed.
        locked = (
            Invitation.objects.select_for_update()
            .filter(platform_id=invitation.platform_id, pk=invitation.pk)
            .first()
        )
        if locked is None:
            raise selectors.InvitationLinkError("invalid")
        if locked.status != "pending":
            raise selectors.InvitationLinkError(locked.status, locked)
        if user.email.lower() != locked.email.lower():
            raise ValidationError(f"This invitation is for {locked.email}, not {user.email}.")
        membership = selectors.membership_for(platform=invitation.platform, user=user)
        if membership is None:  # someone who is already a member keeps their role
            membership = membership_add(
                platform=invitation.platform, user=user, role=locked.role, actor=user
            )
        locked.accepted_at = timezone.now()
        locked.accepted_by = user
        locked.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
        for hook in hooks.INVITATION_ACCEPTED:
            hook(invitation=locked, membership=membership)
    return membership


def invitation_accept_new_account(
    *, invitation: Invitation, first_name: str, last_name: str, password: str
) -> Membership:
    """Create the invited person's account and make them a member, all or nothing."""
    email = invitation.email
    candidate = User(username=email, email=email, first_name=first_name, last_name=last_name)
    try:
        password_validation.validate_password(password, user=candidate)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    taken = ValidationError(f"An account for {email} already exists. Log in to accept.")
    if selectors.user_by_email(email=email) is not None:
        raise taken
    with transaction.atomic():
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    username=email,
                    email=email,
                    password=password,
                    first_name=first_name,
                    last_name=last_name,
                )
        except IntegrityError:  # created by a parallel request since the check above
            raise taken from None
        return invitation_accept(invitation=invitation, user=user)


@job_handler("invitation_email", label="Invitation email")
def invitation_email_send(job, progress) -> dict:
    """Send the invitation email (run by a worker; enqueued by invitation_create)."""
    try:
        public_id = uuid.UUID(str(job.payload.get("invitation")))
    except ValueError:
        return {"skipped": "malformed payload"}
    invitation = (
        Invitation.objects.filter(platform_id=job.platform_id, public_id=public_id)
        .select_related("platform", "invited_by")
        .first()
    )
    if invitation is None or invitation.status != "pending":
        # Revoked, used or expired before the mail went out: a link that no longer works
        # is worse than no mail.
        return {"skipped": invitation.status if invitation else "missing"}
    with timezone.override(invitation.platform.tzinfo):
        url = invitation_url(invitation)
        context = {"invitation": invitation, "platform": invitation.platform, "url": url}
        subject = " ".join(render_to_string("emails/invitation_subject.txt", context).split())
        body = render_to_string("emails/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])
    return {"sent_to": invitation.email}
