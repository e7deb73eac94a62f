"""Writes for tenancy: platforms and memberships. Every function takes the platform
explicitly and runs in a transaction scoped to it."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from platforms.models import Membership, Platform, Role
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


__all__ = ["membership_add", "platform_create", "unscoped", "user_get_or_create"]
