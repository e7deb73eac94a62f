"""Writes for tenancy: platforms and memberships. Every function takes the platform
explicitly and runs in a transaction scoped to it."""

import secrets
import uuid
from datetime import datetime

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

from platforms import selectors
from platforms.jobs import job_enqueue, job_handler
from platforms.models import (
    LANGUAGES,
    ApiKey,
    ApiScope,
    AuditAction,
    AuditEvent,
    Invitation,
    Membership,
    Platform,
    Role,
)
from platforms.selectors import hash_secret
from platforms.tenancy import platform_transaction, unscoped

User = get_user_model()


def platform_create(*, name: str, slug: str, admin, **fields) -> Platform:
    """A new platform with its first platform admin."""
    if Platform.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": f"The address /p/{slug}/ is already taken; choose another."})
    platform = Platform(name=name, slug=slug, **fields)
    platform.full_clean()
    with transaction.atomic():
        platform.save()
        with platform_transaction(platform.pk, user_id=admin.pk):
            Membership.objects.create(platform=platform, user=admin, role=Role.PLATFORM_ADMIN)
    return platform


def membership_add(*, platform: Platform, user, role: str, actor=None) -> Membership:
    """Give a user a role on the platform (or a new role, if already a member)."""
    if role not in Role.values:
        raise ValidationError({"role": "Choose one of the platform's roles."})
    with platform_transaction(platform.pk, user_id=getattr(actor, "pk", None)):
        membership, created = Membership.objects.get_or_create(
            platform=platform, user=user, defaults={"role": role}
        )
        if not created and membership.role != role:
            membership.role = role
            membership.save(update_fields=["role", "updated_at"])
    return membership


def user_get_or_create(*, email: str, first_name: str = "", last_name: str = ""):
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user, False
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                username=email, email=email, first_name=first_name, last_name=last_name
            )
    except IntegrityError:
        return User.objects.get(username=email), False
    return user, True


# --- API keys ----------------------------------------------------------------------------

# Lower-case letters and digits without the look-alikes (0/o, 1/l/i), so a prefix read
# aloud or off a screen is unambiguous. Never "_": it separates the parts of a key.
API_KEY_PREFIX_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
API_KEY_PREFIX_LENGTH = 8


def api_key_create(
    *, membership: Membership, name: str, scopes: list[str], expires_at: datetime | None = None
) -> tuple[ApiKey, str]:
    """A new key acting as the membership. Returns the key and its raw string.

    The raw ``bw_<prefix>_<secret>`` exists only in this return value: the database keeps
    its SHA-256, so the caller shows it once and forgets it.
    """
    name = (name or "").strip()
    wanted = list(dict.fromkeys(scopes or []))
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Give the key a name, so you can tell it apart from your other keys."
    elif len(name) > 100:  # ApiKey.name's max_length
        errors["name"] = "Keep the name to 100 characters or fewer."
    if not wanted:
        errors["scopes"] = "Choose at least one scope: read, write or both."
    elif not set(wanted) <= set(ApiScope.values):
        errors["scopes"] = "Choose scopes from: " + ", ".join(ApiScope.values) + "."
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = "The expiry must be in the future."
    if errors:
        raise ValidationError(errors)

    with platform_transaction(membership.platform_id, user_id=membership.user_id):
        # Prefixes are unique across all platforms, but row-level security hides the other
        # platforms' keys; let the unique index decide and draw again on the rare clash.
        for _attempt in range(5):
            prefix = "".join(
                secrets.choice(API_KEY_PREFIX_ALPHABET) for _ in range(API_KEY_PREFIX_LENGTH)
            )
            # token_urlsafe may contain "_", which separates the parts of the key.
            raw = f"bw_{prefix}_{secrets.token_urlsafe(32).replace('_', '-')}"
            try:
                with transaction.atomic():
                    key = ApiKey.objects.create(
                        platform_id=membership.platform_id,
                        membership=membership,
                        name=name,
                        prefix=prefix,
                        key_hash=hash_secret(raw),
                        scopes=wanted,
                        expires_at=expires_at,
                    )
            except IntegrityError:
                continue
            return key, raw
    raise RuntimeError("Could not draw a unique API key prefix.")


def api_key_revoke(*, api_key: ApiKey, actor=None) -> ApiKey:
    """Stop the key working from now on. Revoking a revoked key changes nothing."""
    now = timezone.now()
    with platform_transaction(api_key.platform_id, user_id=getattr(actor, "pk", None)):
        # Conditional, so two revocations at once keep the first time.
        revoked = ApiKey.objects.filter(
            platform_id=api_key.platform_id, pk=api_key.pk, revoked_at__isnull=True
        ).update(revoked_at=now, updated_at=now)
        if revoked:
            api_key.revoked_at = api_key.updated_at = now
        else:
            api_key.refresh_from_db(fields=["revoked_at", "updated_at"])
    return api_key


# --- Members ----------------------------------------------------------------------------


def _keep_an_admin(*, platform: Platform, membership: Membership, message: str) -> None:
    """Refuse to take away the platform's last admin.

    The admin rows are locked first, so two admins demoting each other at the same moment
    cannot both succeed and leave the platform with nobody to manage it.
    """
    admins = list(
        Membership.objects.select_for_update()
        .filter(platform=platform, role=Role.PLATFORM_ADMIN)
        .values_list("pk", flat=True)
    )
    if admins == [membership.pk]:
        raise ValidationError(message)


def membership_change_role(
    *, platform: Platform, membership: Membership, role: str, actor
) -> Membership:
    if role not in Role.values:
        raise ValidationError({"role": "Choose one of the platform's roles."})
    with platform_transaction(platform.pk, user_id=actor.pk):
        if role != Role.PLATFORM_ADMIN:
            _keep_an_admin(
                platform=platform,
                membership=membership,
                message=f"{membership.user.email} is the last platform admin and must stay one. "
                "Make someone else a platform admin first.",
            )
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
    return membership


def membership_remove(*, platform: Platform, membership: Membership, actor) -> None:
    with platform_transaction(platform.pk, user_id=actor.pk):
        _keep_an_admin(
            platform=platform,
            membership=membership,
            message=f"{membership.user.email} is the last platform admin and cannot be removed. "
            "Make someone else a platform admin first.",
        )
        Membership.objects.filter(platform=platform, pk=membership.pk).delete()


# --- Invitations ------------------------------------------------------------------------


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
    if invitation.status in ("accepted", "revoked"):
        status = invitation.status
        raise ValidationError(f"The invitation to {invitation.email} is already {status}.")
    with platform_transaction(platform.pk, user_id=actor.pk):
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


# --- Platform settings -----------------------------------------------------------------

PLATFORM_EDITABLE = (
    "name",
    "country",
    "time_zone",
    "languages",
    "reporting_cadence",
    "primary_colour",
    "publishes_register",
)
LOGO_MAX_BYTES = 1024 * 1024
LOGO_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF", "WEBP": "WebP"}


def logo_validate(upload) -> None:
    """A logo must be a real PNG, JPEG, GIF or WebP image of at most 1 MB."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError(
            {"logo": f"The logo is {upload.size / 1024 / 1024:.1f} MB; it can be at most 1 MB."}
        )
    allowed = ", ".join(LOGO_FORMATS.values())
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ValidationError({"logo": f"The logo must be an image file ({allowed})."}) from None
    finally:
        upload.seek(0)
    if image_format not in LOGO_FORMATS:
        raise ValidationError({"logo": f"The logo must be a {allowed} image, not {image_format}."})


def platform_update(*, platform: Platform, actor, **fields) -> Platform:
    """Change the platform's settings. ``logo`` is a new upload, or False to remove it.

    Everything is checked before anything is written; on a ValidationError the platform
    object is left as it was. The change is recorded in the audit trail (the platform row
    itself has no trigger, because it is not tenant-owned).
    """
    unknown = set(fields) - set(PLATFORM_EDITABLE) - {"logo"}
    if unknown:
        names = ", ".join(sorted(unknown))
        raise ValidationError(f"These settings cannot be changed here: {names}.")
    logo = fields.pop("logo", None)
    if logo:
        logo_validate(logo)
    if "languages" in fields:
        known = {code for code, _ in LANGUAGES}
        if not isinstance(fields["languages"], list) or not set(fields["languages"]) <= known:
            raise ValidationError({"languages": "Choose languages from the list."})

    before = {name: getattr(platform, name) for name in PLATFORM_EDITABLE}
    for name, value in fields.items():
        setattr(platform, name, value)
    try:
        platform.full_clean(exclude=["slug", "logo"])
    except ValidationError:
        for name, value in before.items():
            setattr(platform, name, value)
        raise

    changes = {
        name: [before[name], getattr(platform, name)]
        for name in PLATFORM_EDITABLE
        if before[name] != getattr(platform, name)
    }
    old_logo = platform.logo.name
    if logo or (logo is False and old_logo):
        platform.logo = logo or ""
        changes["logo"] = [old_logo, None]
    if not changes:
        return platform
    platform.__dict__.pop("tzinfo", None)  # a cached ZoneInfo of the old time zone
    with platform_transaction(platform.pk, user_id=getattr(actor, "pk", None)):
        platform.save(update_fields=[*changes, "updated_at"])
        if "logo" in changes:
            changes["logo"][1] = platform.logo.name  # the stored name, known after saving
        AuditEvent.objects.create(
            platform=platform,
            occurred_at=timezone.now(),
            actor=actor,
            via="web",
            action=AuditAction.UPDATE,
            table_name=Platform._meta.db_table,
            object_id=platform.pk,
            object_public_id=platform.public_id,
            changes=changes,
        )
    return platform


__all__ = ["membership_add", "platform_create", "unscoped", "user_get_or_create"]
