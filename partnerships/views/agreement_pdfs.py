"""An agreement version's PDF: asking for it (a background job; the page never renders)
and downloading it once ready, permission-checked and recorded in the audit trail.

Who may: partnerships.selectors.agreement_access.pdf_refusal (the secretariat and
platform admins, the assigned brokers, and the representatives of the version's parties).
Others who see the partnership get 403; anyone who cannot see it, 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from partnerships.selectors import agreements as selectors
from partnerships.selectors.access import partnership_get
from partnerships.selectors.agreement_access import pdf_refusal
from partnerships.selectors.signing import version_get
from partnerships.services import agreement_pdfs as services
from platforms.permissions import can, require


def _lookup(request, public_id, agreement_id, number):
    partnership = partnership_get(
        platform=request.platform, membership=request.membership, public_id=public_id
    )
    agreement = selectors.agreement_get(partnership=partnership, public_id=agreement_id)
    agreement.partnership = partnership
    version = version_get(agreement=agreement, number=number)
    refusal = pdf_refusal(membership=request.membership, partnership=partnership, version=version)
    if refusal:
        raise PermissionDenied(refusal)
    return partnership, agreement, version


def _back(request, partnership, agreement):
    return redirect(
        "agreement_detail",
        platform_slug=request.platform.slug,
        public_id=partnership.public_id,
        agreement_id=agreement.public_id,
    )


@require_POST
@require("view_partnerships")
def agreement_pdf_prepare(request, platform_slug, public_id, agreement_id, number):
    partnership, agreement, version = _lookup(request, public_id, agreement_id, number)
    state = services.agreement_pdf_request(
        platform=request.platform, actor=request.user, version=version
    )
    if state.ready:
        messages.info(request, f"The PDF of version {version.number} is ready to download.")
        return _back(request, partnership, agreement)
    job = state.job
    assert job is not None  # noqa: S101 - agreement_pdf_request returns one when not ready
    if job.requested_by_id == request.user.pk or can(request.membership, "view_all_jobs"):
        return redirect("job_detail", platform_slug=request.platform.slug, public_id=job.public_id)
    messages.info(request, "The PDF is being prepared; its download appears here when ready.")
    return _back(request, partnership, agreement)


@require_GET
@require("view_partnerships")
def agreement_pdf_download(request, platform_slug, public_id, agreement_id, number):
    partnership, agreement, version = _lookup(request, public_id, agreement_id, number)
    opened = services.agreement_pdf_open(
        platform=request.platform, actor=request.user, version=version
    )
    if opened is None:
        messages.info(
            request,
            f"The PDF of version {version.number} has not been prepared yet (or the agreement "
            "changed since). Prepare it, then download it here.",
        )
        return _back(request, partnership, agreement)
    handle, filename = opened
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )
