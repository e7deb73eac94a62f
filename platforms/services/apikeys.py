"""Writes for API keys: created with their secret shown once, revoked."""

import secrets
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from platforms.models import (
    ApiKey,
    ApiScope,
    Membership,
)
from platforms.selectors import hash_secret
from platforms.tenancy import platform_transaction

User = get_user_model()


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
