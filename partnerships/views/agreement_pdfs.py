"""An agreement version's PDF: asking for it (a background job; the page never renders)
and downloading it once ready, permission-checked and recorded in the audit trail.

Who may: the secretariat and platform admins, the brokers assigned to the partnership,
and the representatives of its parties (who reach it only through partnership_get).
Observers and unassigned brokers get 403; anyone who cannot see the partnership, 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from partnerships.models import AgreementVersion
from partnerships.selectors import agreements as selectors
from partnerships.selectors.access import can_change, partnership_get
from partnerships.services import agreement_pdfs as services
from platforms.models import Role
from platforms.permissions import can, require

REFUSED = (
    "Only the secretariat, the platform's admins, the brokers assigned to this partnership "
    "and its parties' representatives can have its agreements as PDFs."
)
PDF_ROLES = {Role.PLATFORM_ADMIN, Role.SECRETARIAT, Role.PARTNER_REPRESENTATIVE}


def may_have_pdf(*, membership, partnership) -> bool:
    """Called after partnership_get, so a representative here is one of a party's."""
    return membership.role in PDF_ROLES or can_change(
        membership=membership, partnership=partnership
    )


def _lookup(request, public_id, agreement_id, number):
    partnership = partnership_get(
        platform=request.platform, membership=request.membership, public_id=public_id
    )
    agreement = selectors.agreement_get(partnership=partnership, public_id=agreement_id)
    version = (
        AgreementVersion.objects.filter(
            platform_id=agreement.platform_id, agreement=agreement, number=number
        )
        .select_related("platform")
        .first()
    )
    if version is None:
        raise Http404("No such version.")
    version.agreement = agreement
    agreement.partnership = partnership
    if not may_have_pdf(membership=request.membership, partnership=partnership):
        raise PermissionDenied(REFUSED)
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
    state = services.agreement_pdf_state(version=version)
    if not state.ready:
        messages.info(
            request,
            f"The PDF of version {version.number} has not been prepared yet (or the agreement "
            "changed since). Prepare it, then download it here.",
        )
        return _back(request, partnership, agreement)
    services.agreement_pdf_download_record(
        platform=request.platform, actor=request.user, version=version, key=state.key
    )
    filename = f"{slugify(agreement.title)[:80] or 'agreement'}-v{version.number}.pdf"
    return FileResponse(
        default_storage.open(state.key, "rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )
