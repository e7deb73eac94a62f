"""Writes for platforms and their settings, and for memberships."""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from platforms import hooks
from platforms.models import (
    LANGUAGES,
    AuditAction,
    AuditEvent,
    Membership,
    Platform,
    Role,
)
from platforms.tenancy import platform_transaction


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
            for hook in hooks.PLATFORM_CREATED:
                hook(platform=platform, actor=admin)
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
# A logo is stored under the extension of the format its content has, whatever the upload
# was called, and served with that extension's content type (views.settings.platform_logo).
LOGO_EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}
LOGO_CONTENT_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}


def logo_validate(upload) -> str:
    """A logo must be a real PNG, JPEG, GIF or WebP image of at most 1 MB. Returns the
    format the content has (a key of LOGO_FORMATS)."""
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
    return image_format


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
        # The name is the uploader's to choose; the extension is not: a PNG called
        # logo.pdf would otherwise be stored, and served, as a PDF.
        extension = LOGO_EXTENSIONS[logo_validate(logo)]
        logo.name = f"{PurePath(logo.name).stem or 'logo'}.{extension}"
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
