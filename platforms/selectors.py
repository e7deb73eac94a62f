"""Reads for tenancy: platforms, memberships, API keys. Each takes the platform (or the
user) explicitly; lookups from request input answer 404 for missing and forbidden alike."""

import hashlib
import hmac
import re
import uuid
from collections.abc import Mapping
from datetime import datetime, time, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core import signing
from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone

from platforms.models import ApiKey, AuditEvent, Invitation, Job, Membership, Platform, Role
from platforms.permissions import can
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


def membership_for(*, platform: Platform, user: User | AnonymousUser) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(platform=platform, user=user).select_related("user").first()


def memberships_of_user(*, user: User | AnonymousUser) -> list[Membership]:
    """The user's own memberships on every platform, for the platform switcher.

    Reads across platforms on purpose (row-level security is opted out for this one
    query), but only the rows of this user.
    """
    if not user.is_authenticated:
        return []
    with unscoped(user_id=user.pk):
        return list(
            Membership.objects.filter(user=user)
            .select_related("platform")
            .order_by("platform__name")
        )


def member_list(*, platform: Platform) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(platform=platform).select_related("user").order_by("user__email")
    )


def member_get(*, platform: Platform, public_id) -> Membership:
    membership = member_list(platform=platform).filter(public_id=public_id).first()
    if membership is None:
        raise Http404("No such member.")
    return membership


# bw_<prefix>_<secret>: see services.apikeys. Anything else is refused before the
# database sees it (a NUL byte, for one, would make PostgreSQL raise).
API_KEY_FORMAT = re.compile(r"bw_([a-z0-9]{8})_([A-Za-z0-9-]{20,64})")


def api_key_resolve(*, raw_key: str) -> ApiKey | None:
    """The key for a raw ``bw_<prefix>_<secret>`` string, or None if unknown or wrong.

    Runs before the platform is known (the key names it), so it opts out of row-level
    security for this one lookup by the key's unique prefix.
    """
    match = API_KEY_FORMAT.fullmatch(raw_key)
    if match is None:
        return None
    with unscoped(via="api"):
        key = (
            ApiKey.objects.filter(prefix=match[1])
            .select_related("membership__user", "membership__platform")
            .first()
        )
    if key is None or not hmac.compare_digest(key.key_hash, hash_secret(raw_key)):
        return None
    return key


def user_by_email(*, email: str):
    """The account whose email is this address (any case), or None. Users are global."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(email__iexact=email.strip()).order_by("pk").first()


# --- Invitations ------------------------------------------------------------------------

INVITATION_SALT = "invitation"


class InvitationLinkError(Exception):
    """An invitation link that cannot be used, with the reason a person should read.

    ``reason`` is one of "invalid", "expired", "accepted", "revoked".
    """

    def __init__(self, reason: str, invitation: Invitation | None = None):
        super().__init__(reason)
        self.reason = reason
        self.invitation = invitation


def invitation_list(*, platform: Platform) -> QuerySet[Invitation]:
    """Invitations still waiting for an answer (pending or expired); accepted and revoked
    ones are history and live in the activity trail."""
    return (
        Invitation.objects.filter(platform=platform, accepted_at__isnull=True)
        .filter(revoked_at__isnull=True)
        .select_related("invited_by")
        .order_by("-created_at")
    )


def invitation_get(*, platform: Platform, public_id) -> Invitation:
    invitation = Invitation.objects.filter(platform=platform, public_id=public_id).first()
    if invitation is None:
        raise Http404("No such invitation.")
    return invitation


def invitation_pending_exists(*, platform: Platform, email: str) -> bool:
    return Invitation.objects.filter(
        platform=platform,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).exists()


def invitation_from_token(*, token: str) -> Invitation:
    """The pending invitation a link's token names, or InvitationLinkError saying why not."""
    try:
        public_id = uuid.UUID(signing.loads(token, salt=INVITATION_SALT))
    except (signing.BadSignature, ValueError, TypeError):
        raise InvitationLinkError("invalid") from None
    # The token is the only thing that names the platform, so this one lookup by the
    # signed (unforgeable) public id runs with row-level security opted out.
    with unscoped(via="web"):
        invitation = (
            Invitation.objects.filter(public_id=public_id)
            .select_related("platform", "invited_by")
            .first()
        )
    if invitation is None:
        raise InvitationLinkError("invalid")
    if invitation.status != "pending":
        raise InvitationLinkError(invitation.status, invitation)
    return invitation


def api_key_list(*, membership: Membership) -> QuerySet[ApiKey]:
    """The member's own keys on their platform, newest first (never anyone else's)."""
    return ApiKey.objects.filter(
        platform_id=membership.platform_id, membership=membership
    ).order_by("-created_at")


def api_key_get(*, membership: Membership, public_id) -> ApiKey:
    """One of the member's own keys; another member's key is as missing as an unknown one."""
    key = api_key_list(membership=membership).filter(public_id=public_id).first()
    if key is None:
        raise Http404("No such API key.")
    return key


def audit_event_list(
    *, platform: Platform, filters: Mapping[str, Any] | None = None
) -> QuerySet[AuditEvent]:
    """The platform's audit trail, newest first, with who acted fetched in the same query.

    ``filters`` (all optional; empty values do not filter): ``actor_id`` (a user id),
    ``system_only`` (changes no person made), ``table_name``, ``action``, and
    ``date_from`` / ``date_to`` (dates, both inclusive, read in the platform's time zone).
    """
    filters = filters or {}
    events = (
        AuditEvent.objects.filter(platform=platform)
        .select_related("actor")
        .order_by("-occurred_at", "-id")
    )
    if filters.get("system_only"):
        events = events.filter(actor__isnull=True)
    elif filters.get("actor_id"):
        events = events.filter(actor_id=filters["actor_id"])
    if filters.get("table_name"):
        events = events.filter(table_name=filters["table_name"])
    if filters.get("action"):
        events = events.filter(action=filters["action"])
    if filters.get("date_from"):
        start = datetime.combine(filters["date_from"], time.min, tzinfo=platform.tzinfo)
        events = events.filter(occurred_at__gte=start)
    if filters.get("date_to"):
        next_day = filters["date_to"] + timedelta(days=1)
        end = datetime.combine(next_day, time.min, tzinfo=platform.tzinfo)
        events = events.filter(occurred_at__lt=end)
    return events


def member_role_counts(*, platform: Platform) -> dict[str, int]:
    """How many members hold each role (every role present, zero if none), in one query."""
    rows = (
        Membership.objects.filter(platform=platform)
        .values("role")
        .annotate(count=Count("id"))
        .order_by()
    )
    counts = dict.fromkeys(Role.values, 0)
    counts.update({row["role"]: row["count"] for row in rows})
    return counts


# --- Background jobs -------------------------------------------------------------------


def job_list(
    *, platform: Platform, membership: Membership, status: str | None = None
) -> QuerySet[Job]:
    """The jobs this member may see, newest first: all of them for staff, otherwise the
    member's own."""
    jobs = (
        Job.objects.filter(platform=platform).select_related("requested_by").order_by("-created_at")
    )
    if not can(membership, "view_all_jobs"):
        jobs = jobs.filter(requested_by_id=membership.user_id)
    if status:
        jobs = jobs.filter(status=status)
    return jobs


def job_get(*, platform: Platform, public_id, membership: Membership) -> Job:
    job = job_list(platform=platform, membership=membership).filter(public_id=public_id).first()
    if job is None:
        raise Http404("No such job.")
    return job
