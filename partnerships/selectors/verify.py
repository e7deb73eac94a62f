"""Which agreement version a PDF or a fingerprint belongs to, for the public
verification page (/verify/). Not under /p/<slug>/, so no platform is known and the
TenantMiddleware scopes nothing: the lookups below run in ``unscoped`` and return only
the few facts the page may show to anyone, never a clause.

Two fingerprints (see partnerships.agreements.pdf): the file's SHA-256, stored on
``AgreementVersion.fingerprint``; and the content fingerprint PRINTED in an executed
PDF (its /verify/<hex>/ link). The content fingerprint is not a column: the render job
keeps it in its result, so a job finds the candidate version, and the fingerprint is
recomputed from the records to confirm the version still says exactly that.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from partnerships.agreements.pdf import pdf_content
from partnerships.models import AgreementVersion, VersionStatus
from partnerships.services.agreement_pdfs import KIND
from platforms.models import Job, JobStatus, Membership
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
    # Unscoped on purpose: the page is public and platform-less; it returns facts only.
    with unscoped(via="web"):
        version = _versions().filter(fingerprint=fingerprint).first()
        if version is not None:
            return _facts(version, "file", user)
        if not content:
            return None
        version_ids = (
            Job.objects.filter(
                kind=KIND,
                status=JobStatus.SUCCEEDED,
                result__content_fingerprint=fingerprint,
            )
            .order_by("-pk")
            .values_list("result__version_id", flat=True)[:5]
        )
        for version in _versions().filter(pk__in=list(version_ids), status=VersionStatus.EXECUTED):
            if pdf_content(version=version).fingerprint == fingerprint:
                return _facts(version, "content", user)
    return None
