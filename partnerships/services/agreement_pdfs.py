"""Agreement PDFs: asking for one (a job), rendering it (the job's handler, in a worker,
never in a request), knowing whether it is ready, and recording each download in the
audit trail.

Idempotent by construction: the file's key comes from the version and a hash of its
content and look (partnerships.agreements.pdf). A request while that file exists
enqueues nothing; a job delivered twice, or a second job for the same content, finds the
file and does not render again. ``AgreementVersion.fingerprint`` holds the SHA-256 of the
PDF bytes (what the verification page matches an uploaded file against); the PDF itself
prints the fingerprint of the version's content (see pdf.py for why they differ).
"""

import hashlib
import logging
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from partnerships.agreements import pdf
from partnerships.models import AgreementVersion
from platforms.jobs import JobError, Progress, job_enqueue, job_handler
from platforms.models import AuditAction, AuditEvent, Job, JobStatus, Platform
from platforms.tenancy import platform_transaction
from stakeholders.services.common import actor_id, platform_check

logger = logging.getLogger(__name__)

KIND = "agreement_pdf"
DOWNLOAD = AuditAction.DOWNLOAD  # the trigger writes the other actions


def _version_for_pdf(*, platform_id: int, version_id) -> AgreementVersion | None:
    return (
        AgreementVersion.objects.filter(platform_id=platform_id, pk=version_id)
        .select_related("agreement__partnership", "platform")
        .first()
    )


@dataclass
class PdfState:
    """Where a version's PDF stands: ready (its file exists), being prepared (``job``),
    or neither."""

    key: str
    ready: bool
    job: Job | None


def agreement_pdf_state(*, version: AgreementVersion) -> PdfState:
    content = pdf.pdf_content(version=version)
    key = content.key
    if default_storage.exists(key):
        return PdfState(key=key, ready=True, job=None)
    job = (
        Job.objects.filter(
            platform_id=version.platform_id,
            kind=KIND,
            payload__version_id=version.pk,
            payload__key=key,
            status__in=[JobStatus.QUEUED, JobStatus.RUNNING],
        )
        .order_by("-created_at")
        .first()
    )
    return PdfState(key=key, ready=False, job=job)


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
        )
    return PdfState(key=state.key, ready=False, job=job)


def _fingerprint_keep(version: AgreementVersion, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    if version.fingerprint != digest:
        AgreementVersion.objects.filter(pk=version.pk, platform_id=version.platform_id).update(
            fingerprint=digest
        )
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
        # Already rendered (a second delivery, or another job for the same content).
        with default_storage.open(key, "rb") as handle:
            result["fingerprint"] = _fingerprint_keep(version, handle.read())
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
    result["fingerprint"] = _fingerprint_keep(version, data)
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
    return AuditEvent.objects.create(
        platform=platform,
        occurred_at=timezone.now(),
        actor_id=actor_id(actor),
        via=via,
        action=DOWNLOAD,
        table_name=AgreementVersion._meta.db_table,
        object_id=version.pk,
        object_public_id=version.public_id,
        changes={"file": key, "fingerprint": version.fingerprint},
    )
