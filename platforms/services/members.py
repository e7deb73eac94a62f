"""Writes for members: role changes and removal, keeping at least one admin."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from platforms import hooks
from platforms.models import (
    Membership,
    Platform,
    Role,
)
from platforms.tenancy import platform_transaction

User = get_user_model()


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
        # Apps above this one hold rights keyed by the user (object permissions): they
        # follow the new role in this same transaction.
        for hook in hooks.MEMBERSHIP_CHANGED:
            hook(membership=membership, removed=False)
    return membership


def membership_remove(*, platform: Platform, membership: Membership, actor) -> None:
    with platform_transaction(platform.pk, user_id=actor.pk):
        _keep_an_admin(
            platform=platform,
            membership=membership,
            message=f"{membership.user.email} is the last platform admin and cannot be removed. "
            "Make someone else a platform admin first.",
        )
        # Before the delete, while what hangs off the membership can still be read. The
        # user outlives the membership, so rights keyed by the user must go explicitly.
        for hook in hooks.MEMBERSHIP_CHANGED:
            hook(membership=membership, removed=True)
        Membership.objects.filter(platform=platform, pk=membership.pk).delete()
