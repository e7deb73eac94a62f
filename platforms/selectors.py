"""Reads for tenancy: platforms, memberships, API keys. Each takes the platform (or the
user) explicitly; lookups from request input answer 404 for missing and forbidden alike."""

import hashlib

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.http import Http404

from platforms.models import ApiKey, Membership, Platform, Role
from platforms.tenancy import unscoped


def hash_secret(secret: str) -> str:
    # Keys and invitation tokens are 256-bit random strings, so a plain SHA-256 is a
    # safe and fast way to store them (a slow password hash buys nothing here).
    return hashlib.sha256(secret.encode()).hexdigest()


def platform_get(*, slug: str) -> Platform:
    platform = Platform.objects.filter(slug=slug).first()
    if platform is None:
        raise Http404("No such platform.")
    return platform


def membership_for(*, platform: Platform, user: AbstractBaseUser) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(platform=platform, user=user).select_related("user").first()


def memberships_of_user(*, user: AbstractBaseUser) -> list[Membership]:
    """The user's own memberships on every platform, for the platform switcher.

    Reads across platforms on purpose (row-level security is opted out for this one
    query), but only the rows of this user.
    """
    if not user.is_authenticated:
        return []
    with unscoped(user_id=user.pk):
        return list(
            Membership.objects.filter(user=user).select_related("platform").order_by("platform__name")
        )


def member_list(*, platform: Platform) -> QuerySet[Membership]:
    return Membership.objects.filter(platform=platform).select_related("user").order_by("user__email")


def member_get(*, platform: Platform, public_id) -> Membership:
    membership = member_list(platform=platform).filter(public_id=public_id).first()
    if membership is None:
        raise Http404("No such member.")
    return membership


def admin_count(*, platform: Platform) -> int:
    return Membership.objects.filter(platform=platform, role=Role.PLATFORM_ADMIN).count()


def api_key_resolve(*, raw_key: str) -> ApiKey | None:
    """The key for a raw ``bw_<prefix>_<secret>`` string, or None if unknown or wrong.

    Runs before the platform is known (the key names it), so it opts out of row-level
    security for this one lookup by the key's unique prefix.
    """
    parts = raw_key.split("_")
    if len(parts) != 3 or parts[0] != "bw" or not parts[1] or not parts[2]:
        return None
    with unscoped(via="api"):
        key = (
            ApiKey.objects.filter(prefix=parts[1])
            .select_related("membership__user", "membership__platform")
            .first()
        )
    if key is None or not _constant_time_equal(key.key_hash, hash_secret(raw_key)):
        return None
    return key


def _constant_time_equal(a: str, b: str) -> bool:
    import hmac

    return hmac.compare_digest(a.encode(), b.encode())
