"""The "PDF" block of an agreement's page, in one of four states: ready (download, with
the file's size and fingerprint), being prepared (the job's progress, followed live by
static/js/jobs.js like the job's own page), failed (the job's message and "Try again"),
or not yet (a button that asks for it). Looks only; nothing renders here."""

from django import template
from django.core.files.storage import default_storage

from partnerships.agreements.pdf import document_status
from partnerships.models import VersionStatus
from partnerships.selectors.agreement_access import may_have_pdf
from partnerships.services.agreement_pdfs import PdfState, agreement_pdf_state
from platforms.models import Job
from platforms.permissions import can

register = template.Library()


def _can_follow(request, job: Job | None) -> bool:
    """Whether the job's page (and the status it polls) is open to this user: the one who
    asked, or staff, who see every job (platforms.selectors.job_list)."""
    return job is not None and (
        job.requested_by_id == request.user.pk or can(request.membership, "view_all_jobs")
    )


def _size(state: PdfState) -> int | None:
    try:
        return default_storage.size(state.key)
    except OSError:  # gone since exists() (FileNotFoundError): the page still shows
        return None


@register.inclusion_tag("partnerships/agreements/pdf_block.html", takes_context=True)
def agreement_pdf_block(context, partnership, agreement, version):
    request = context["request"]
    version.agreement = agreement
    allowed = may_have_pdf(membership=request.membership, partnership=partnership, version=version)
    state = agreement_pdf_state(version=version) if allowed else None
    ready = state is not None and state.ready
    return {
        "allowed": allowed,
        "state": state,
        "size": _size(state) if state is not None and ready else None,
        # The stored file fingerprint belongs to the ready file only if it was taken from
        # the same content (an earlier text of a draft may have been rendered since).
        "fingerprint": version.fingerprint
        if ready and state and version.content_fingerprint == state.content_fingerprint
        else "",
        # A superseded version that was executed stays verifiable as it was signed.
        "executed": document_status(version) == VersionStatus.EXECUTED,
        "follow": _can_follow(request, state.job if state else None),
        "follow_failed": _can_follow(request, state.failed if state else None),
        "platform": request.platform,
        "request": request,
        "partnership": partnership,
        "agreement": agreement,
        "version": version,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
    }
