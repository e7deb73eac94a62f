"""The platform's register of agreements (the secretariat's page): every agreement of every
partnership, filtered and sorted, with each one's PDF when it is ready; and a selection
downloaded as one zip, built by a background job whose page shows its progress.

Who may: the roles that see every partnership read the register (view_all_agreements);
the secretariat and platform admins download a selection (download_agreement_sets).
A row's own PDF link follows the single-download rule (agreement_access.may_have_pdf).
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from partnerships.forms.agreement_register import RegisterFilterForm, RegisterSelectionForm
from partnerships.models import AgreementVersion
from partnerships.selectors import agreement_register as selectors
from partnerships.selectors.access import assigned_partnership_ids
from partnerships.selectors.agreement_access import PDF_ROLES
from partnerships.services.agreement_zips import MAX_AGREEMENTS, agreement_zip_request
from platforms.models import Role
from platforms.permissions import can, require

PAGE_SIZE = 25


@dataclass(frozen=True)
class Row:
    version: AgreementVersion
    status_label: str
    badge: str
    form_short: str
    pdf: selectors.PdfReadiness
    pdf_allowed: bool


def _pdf_allowed(membership):
    """The single-download rule for a whole page, in at most one query."""
    if membership.role in PDF_ROLES:
        return lambda partnership_id: True
    if membership.role != Role.BROKER:
        return lambda partnership_id: False
    assigned = assigned_partnership_ids(membership=membership)
    return lambda partnership_id: partnership_id in assigned


def _rows(request, versions: list[AgreementVersion]) -> list[Row]:
    readiness = selectors.register_pdf_readiness(platform=request.platform, versions=versions)
    allowed = _pdf_allowed(request.membership) if versions else None
    rows = []
    for version in versions:
        status = selectors.RegisterStatus(version.register_status)  # type: ignore[attr-defined]
        rows.append(
            Row(
                version=version,
                status_label=status.label,
                badge=selectors.BADGES[status],
                form_short=selectors.FORM_SHORT.get(version.agreement.form, ""),
                pdf=readiness[version.pk],
                pdf_allowed=bool(allowed and allowed(version.agreement.partnership_id)),
            )
        )
    return rows


@require("view_all_agreements")
def agreement_register(request, platform_slug):
    platform = request.platform
    form = RegisterFilterForm(
        request.GET or None,
        partnerships=selectors.register_partnership_choices(platform=platform),
    )
    page_obj = None
    rows: list[Row] = []
    nothing_at_all = False
    if not form.errors:
        versions = selectors.register_list(platform=platform, filters=form.filters())
        page_obj = Paginator(versions, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = _rows(request, list(page_obj.object_list))
        if not rows:
            nothing_at_all = selectors.register_is_empty(platform=platform)
    return render(
        request,
        "partnerships/agreement_register/list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "rows": rows,
            "filtered": form.filtered,
            "nothing_at_all": nothing_at_all,
            "can_download_sets": can(request.membership, "download_agreement_sets"),
            "max_selected": MAX_AGREEMENTS,
            "back": request.GET.urlencode(),
        },
    )


def _register_url(request, back: str) -> str:
    """The register with the filters and page it was posted from. Only the query string
    is taken from the form, parsed and re-encoded, so it can never lead elsewhere."""
    url = reverse("agreement_register", args=[request.platform.slug])
    query = QueryDict(back).urlencode() if back else ""
    return f"{url}?{query}" if query else url


@require_POST
@require("download_agreement_sets")
def agreement_register_download(request, platform_slug):
    form = RegisterSelectionForm(request.POST)
    back = request.POST.get("back", "")[:2000]
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_register_url(request, back))
    try:
        job = agreement_zip_request(
            platform=request.platform,
            actor=request.user,
            agreement_ids=form.cleaned_data["selected"],
            back_url=_register_url(request, back),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(_register_url(request, back))
    count = len(job.payload["version_ids"])
    messages.success(
        request,
        f"Preparing a zip file of {count} agreement{'s' if count != 1 else ''}. "
        "The download appears on this page when it is ready.",
    )
    return redirect("job_detail", platform_slug=request.platform.slug, public_id=job.public_id)
