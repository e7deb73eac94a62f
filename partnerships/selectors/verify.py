"""Which agreement version a PDF or a fingerprint belongs to, for the public
verification page (/verify/). Not under /p/<slug>/, so no platform is known and the
TenantMiddleware scopes nothing: the lookups below run in ``unscoped`` and return only
the few facts the page may show to anyone, never a clause.

Every file ever rendered has a row (AgreementFile), with two fingerprints, both indexed
(see partnerships.agreements.pdf): ``sha256``, the file's own (an uploaded copy is
matched on it); and ``content_fingerprint``, the SHA-256 of the content, PRINTED in an
executed PDF with its /verify/<hex>/ link. A typed fingerprint may be either, so it is
looked up as both, in one query. A file keeps verifying after a later render (a new look
of the platform) and after its version is superseded: it is still a genuine copy of what
was executed, and the page says which version replaced it.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from partnerships.models import AgreementFile, AgreementVersion, VersionStatus
from platforms.models import Membership
from platforms.tenancy import unscoped

HEX = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Verified:
    platform_name: str
    platform_slug: str
    agreement_title: str
    number: int
    executed: bool  # this document is the executed one (it prints its fingerprint)
    executed_on: date | None  # the platform's calendar day, as the PDF prints it
    matched: str  # "file" or "content"
    partnership_public_id: str
    agreement_public_id: str
    is_member: bool = False
    # A copy made before its version was executed: genuine, but not what was signed.
    executed_since: bool = False
    superseded: bool = False
    # The version that took its place: the first later one executed, else the next one.
    superseded_by: int | None = None
    superseded_on: date | None = None  # when that one was executed


def fingerprint_clean(value: str) -> str | None:
    """The fingerprint in lower case, or None when it is not 64 hexadecimal digits."""
    value = (value or "").strip().lower()
    return value if HEX.match(value) else None


def file_fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _later(field: str) -> Subquery:
    later = AgreementVersion.objects.filter(
        agreement_id=OuterRef("version__agreement_id"),
        number__gt=OuterRef("version__number"),
    ).order_by(F("executed_at").asc(nulls_last=True), "number")
    return Subquery(later.values(field)[:1])


def _day(value: datetime | None, platform) -> date | None:
    return timezone.localtime(value, platform.tzinfo).date() if value else None


def _facts(found: AgreementFile, user) -> Verified:
    version = found.version
    platform = version.platform
    is_member = bool(
        user is not None
        and user.is_authenticated
        and Membership.objects.filter(platform_id=version.platform_id, user_id=user.pk).exists()
    )
    superseded = version.status == VersionStatus.SUPERSEDED
    version_executed = version.executed_at is not None and version.status in (
        VersionStatus.EXECUTED,
        VersionStatus.SUPERSEDED,
    )
    return Verified(
        platform_name=platform.name,
        platform_slug=platform.slug,
        agreement_title=version.agreement.title,
        number=version.number,
        executed=found.executed and version_executed,
        executed_on=_day(version.executed_at, platform) if version_executed else None,
        matched="file" if found.by_file == 0 else "content",  # type: ignore[attr-defined]
        partnership_public_id=str(version.agreement.partnership.public_id),
        agreement_public_id=str(version.agreement.public_id),
        is_member=is_member,
        executed_since=version_executed and not found.executed,
        superseded=superseded,
        superseded_by=found.later_number if superseded else None,  # type: ignore[attr-defined]
        superseded_on=_day(found.later_executed_at, platform)  # type: ignore[attr-defined]
        if superseded
        else None,
    )


def verify_fingerprint(*, fingerprint: str, user=None, content: bool = True) -> Verified | None:
    """The version of the file that hashes to ``fingerprint`` or, when ``content``, of an
    executed file whose printed content fingerprint it is; None otherwise."""
    match = Q(sha256=fingerprint)
    if content:
        # Printed only in an executed document: a draft's is no proof of anything.
        match |= Q(content_fingerprint=fingerprint, executed=True)
    # Unscoped on purpose: the page is public and platform-less; it returns facts only.
    with unscoped(via="web"):
        found = (
            AgreementFile.objects.filter(match)
            .select_related("version__agreement__partnership", "version__platform")
            # A file match first, should both ever match (two files, one of each).
            .annotate(
                by_file=Case(
                    When(sha256=fingerprint, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                ),
                later_number=_later("number"),
                later_executed_at=_later("executed_at"),
            )
            .order_by("by_file", "pk")
            .first()
        )
        if found is None:
            return None
        return _facts(found, user)
