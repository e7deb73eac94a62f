"""Which agreement version a PDF or a fingerprint belongs to, for the public
verification page (/verify/). Not under /p/<slug>/, so no platform is known and the
TenantMiddleware scopes nothing: the lookups below run in ``unscoped`` and return only
the few facts the page may show to anyone, never a clause.

Two fingerprints (see partnerships.agreements.pdf), both columns of AgreementVersion,
indexed, set together whenever the PDF is made: ``fingerprint``, the file's SHA-256 (an
uploaded copy is matched on it); and ``content_fingerprint``, the SHA-256 of the content,
PRINTED in an executed PDF with its /verify/<hex>/ link. A typed fingerprint may be
either, so it is looked up as both, in one query.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from partnerships.models import AgreementVersion, VersionStatus
from platforms.models import Membership
from platforms.tenancy import unscoped

HEX = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Verified:
    platform_name: str
    platform_slug: str
    agreement_title: str
    number: int
    executed: bool
    executed_on: date | None  # the platform's calendar day, as the PDF prints it
    matched: str  # "file" or "content"
    partnership_public_id: str
    agreement_public_id: str
    is_member: bool = False


def fingerprint_clean(value: str) -> str | None:
    """The fingerprint in lower case, or None when it is not 64 hexadecimal digits."""
    value = (value or "").strip().lower()
    return value if HEX.match(value) else None


def file_fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _versions():
    return AgreementVersion.objects.select_related("agreement__partnership", "platform").order_by(
        "pk"
    )


def _facts(version: AgreementVersion, matched: str, user) -> Verified:
    is_member = bool(
        user is not None
        and user.is_authenticated
        and Membership.objects.filter(platform_id=version.platform_id, user_id=user.pk).exists()
    )
    return Verified(
        platform_name=version.platform.name,
        platform_slug=version.platform.slug,
        agreement_title=version.agreement.title,
        number=version.number,
        executed=version.status == VersionStatus.EXECUTED,
        executed_on=timezone.localtime(version.executed_at, version.platform.tzinfo).date()
        if version.executed_at
        else None,
        matched=matched,
        partnership_public_id=str(version.agreement.partnership.public_id),
        agreement_public_id=str(version.agreement.public_id),
        is_member=is_member,
    )


def verify_fingerprint(*, fingerprint: str, user=None, content: bool = True) -> Verified | None:
    """The version whose PDF file hashes to ``fingerprint`` or, when ``content``, the
    executed version whose printed content fingerprint it is; None otherwise."""
    match = Q(fingerprint=fingerprint)
    if content:
        # Printed only in an executed version's PDF: a draft's is no proof of anything.
        match |= Q(content_fingerprint=fingerprint, status=VersionStatus.EXECUTED)
    # Unscoped on purpose: the page is public and platform-less; it returns facts only.
    with unscoped(via="web"):
        # A file match first, should both ever match (two versions, one of each).
        found = (
            _versions()
            .filter(match)
            .annotate(
                by_file=Case(
                    When(fingerprint=fingerprint, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("by_file", "pk")
            .first()
        )
        if found is None:
            return None
        return _facts(found, "file" if found.fingerprint == fingerprint else "content", user)
