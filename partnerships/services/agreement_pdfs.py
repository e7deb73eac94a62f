"""Agreement PDFs: asking for one (a job), rendering it (the job's handler, in a worker,
never in a request), knowing whether it is ready, and recording each download in the
audit trail.

Idempotent by construction: the file's key comes from the version and a hash of its
content and look (partnerships.agreements.pdf). A request while that file exists
enqueues nothing; a job delivered twice, or a second job for the same content, finds the
file and does not render again. Every file made gets an ``AgreementFile`` row with the
SHA-256 of its bytes (what the verification page matches an uploaded copy against) and
of its content (what an executed PDF prints; see pdf.py for why they differ);
``AgreementVersion.fingerprint`` names the latest render of the version's current content.
"""

import hashlib
import logging
from dataclasses import dataclass

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse
from django.utils.text import slugify

from partnerships.agreements import pdf
from partnerships.models import AgreementFile, AgreementVersion, VersionStatus
from platforms.audit import audit_download
from platforms.jobs import JobError, Progress, job_enqueue, job_handler
from platforms.models import AuditEvent, Job, JobStatus, Platform
from platforms.tenancy import platform_transaction
from stakeholders.services.common import actor_id, platform_check

logger = logging.getLogger(__name__)

KIND = "agreement_pdf"


def _version_for_pdf(*, platform_id: int, version_id) -> AgreementVersion | None:
    return (
        AgreementVersion.objects.filter(platform_id=platform_id, pk=version_id)
        .select_related("agreement__partnership", "platform")
        .first()
    )


@dataclass
class PdfState:
    """Where a version's PDF stands: ready (its file exists), being prepared (``job``),
    or neither; and then ``failed``, the last job for this content if it failed."""

    key: str
    ready: bool
    job: Job | None
    failed: Job | None = None
    content_fingerprint: str = ""


def agreement_pdf_state(*, version: AgreementVersion) -> PdfState:
    content = pdf.pdf_content(version=version)
    key = content.key
    if default_storage.exists(key):
        return PdfState(key=key, ready=True, job=None, content_fingerprint=content.fingerprint)
    active = [JobStatus.QUEUED, JobStatus.RUNNING]
    # One query: a job on its way if there is one, else the latest (a failure to show,
    # unless a later job succeeded and its file has gone since).
    job = (
        Job.objects.filter(
            platform_id=version.platform_id,
            kind=KIND,
            payload__version_id=version.pk,
            payload__key=key,
            status__in=[*active, JobStatus.FAILED, JobStatus.SUCCEEDED],
        )
        .order_by(
            Case(
                When(status__in=active, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            "-created_at",
        )
        .first()
    )
    return PdfState(
        key=key,
        ready=False,
        job=job if job is not None and job.status in active else None,
        failed=job if job is not None and job.status == JobStatus.FAILED else None,
        content_fingerprint=content.fingerprint,
    )


def agreement_pdf_request(*, platform: Platform, actor, version: AgreementVersion) -> PdfState:
    """Ask for the version's PDF: nothing to do when its file exists or a job for the
    same content is already on its way; otherwise a job, sent after commit."""
    platform_check(platform, version)
    state = agreement_pdf_state(version=version)
    if state.ready or state.job is not None:
        return state
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        job = job_enqueue(
            platform=platform,
            kind=KIND,
            payload={"version_id": version.pk, "key": state.key},
            requested_by=actor,
            back_url=_agreement_url(version),
            back_label=f"{version.agreement.title} v{version.number}",
        )
    return PdfState(key=state.key, ready=False, job=job)


def _agreement_url(version: AgreementVersion) -> str:
    agreement = version.agreement
    return reverse(
        "agreement_detail",
        kwargs={
            "platform_slug": version.platform.slug,
            "public_id": agreement.partnership.public_id,
            "agreement_id": agreement.public_id,
        },
    )


def _fingerprint_keep(
    version: AgreementVersion, data: bytes, *, content: pdf.PdfContent, key: str
) -> str:
    """Record the file just made or found: a row of its own, kept for good (every copy
    ever handed out stays verifiable), and, if what it was rendered from is still the
    version's content, its fingerprints on the version as the latest render. A slow job
    that started before a signature must not replace what a later render recorded."""
    digest = hashlib.sha256(data).hexdigest()
    AgreementFile.objects.get_or_create(
        platform_id=version.platform_id,
        key=key,
        sha256=digest,
        defaults={
            "version": version,
            "content_fingerprint": content.fingerprint,
            "executed": content.canonical["status"] == VersionStatus.EXECUTED,
            "bytes": len(data),
        },
    )
    if (version.fingerprint, version.content_fingerprint) == (digest, content.fingerprint):
        return digest
    current = _version_for_pdf(platform_id=version.platform_id, version_id=version.pk)
    if current is None or pdf.pdf_content(version=current).fingerprint != content.fingerprint:
        return digest
    # The status in the condition too: it may still move on before this line.
    AgreementVersion.objects.filter(
        pk=version.pk, platform_id=version.platform_id, status=current.status
    ).update(fingerprint=digest, content_fingerprint=content.fingerprint)
    version.fingerprint, version.content_fingerprint = digest, content.fingerprint
    return digest


def agreement_pdf_ensure(*, version: AgreementVersion, progress: Progress | None = None) -> dict:
    """Make sure the version's PDF file exists, rendering it only if it does not: the one
    place a PDF is rendered (the render job and the zip job both call it, in a worker).
    Returns what the job records: the key, both fingerprints, and whether it rendered."""
    report = progress or (lambda percent, message="": None)
    content = pdf.pdf_content(version=version)
    key = content.key
    result = {
        "version_id": version.pk,
        "key": key,
        "content_fingerprint": content.fingerprint,
    }
    if default_storage.exists(key):
        with default_storage.open(key, "rb") as handle:
            found = handle.read()
        if not found.rstrip().endswith(b"%%EOF"):
            # A worker killed while saving left half a file: render it again.
            default_storage.delete(key)
    if default_storage.exists(key):
        # Already rendered (a second delivery, or another job for the same content).
        result["fingerprint"] = _fingerprint_keep(version, found, content=content, key=key)
        return {**result, "rendered": False}
    report(20, "Laying out the pages.")
    data = pdf.pdf_render(pdf.pdf_html(content))
    report(90, "Saving the file.")
    name = default_storage.save(key, ContentFile(data))
    if name != key:
        # Another run saved the same content meanwhile: keep one file.
        default_storage.delete(name)
        with default_storage.open(key, "rb") as handle:
            data = handle.read()
    result["fingerprint"] = _fingerprint_keep(version, data, content=content, key=key)
    return {**result, "rendered": True, "bytes": len(data)}


@job_handler(KIND, label="Render an agreement")
def agreement_pdf_job(job: Job, progress: Progress) -> dict:
    version = _version_for_pdf(
        platform_id=job.platform_id, version_id=job.payload.get("version_id")
    )
    if version is None:
        raise JobError("This agreement version no longer exists.")
    progress(5, "Reading the agreement.")
    return agreement_pdf_ensure(version=version, progress=progress)


def agreement_pdf_download_record(
    *, platform: Platform, actor, version: AgreementVersion, key: str, via: str = "web"
) -> AuditEvent:
    """The audit trail's line for a download. The trigger records changes only; reading
    is not a change, so this row is written here, in the same append-only table."""
    platform_check(platform, version)
    return audit_download(
        platform=platform,
        actor_id=actor_id(actor),
        instance=version,
        changes={"file": key, "fingerprint": version.fingerprint},
        via=via,
    )


def agreement_pdf_open(
    *, platform: Platform, actor, version: AgreementVersion, via: str = "web"
) -> tuple[File, str] | None:
    """The version's PDF opened for a download, and the file name to give it, the download
    recorded in the audit trail; None while it is not prepared, which includes a file
    removed between looking for it and opening it."""
    state = agreement_pdf_state(version=version)
    if not state.ready:
        return None
    try:
        handle = default_storage.open(state.key, "rb")
    except FileNotFoundError:
        return None
    agreement_pdf_download_record(
        platform=platform, actor=actor, version=version, key=state.key, via=via
    )
    title = slugify(version.agreement.title)[:80] or "agreement"
    return handle, f"{title}-v{version.number}.pdf"
