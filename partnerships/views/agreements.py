"""A partnership's agreements: the list, drafting a new one from a template, one
agreement's current version with its completeness check and every version before it,
one version's own page, and editing a draft's clauses."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from partnerships.agreements.completeness import completeness_check
from partnerships.agreements.pdf import parties_of, signatories_by_party
from partnerships.agreements.placeholders import PLACEHOLDERS
from partnerships.forms.agreement_templates import ClauseFormSet
from partnerships.forms.agreements import AgreementCreateForm
from partnerships.models import AgreementVersion, VersionStatus
from partnerships.selectors import agreements as selectors
from partnerships.selectors.access import (
    can_change,
    partnership_for_change,
    partnership_get,
)
from partnerships.selectors.agreement_access import may_have_pdf, pdf_allowed_versions
from partnerships.selectors.agreement_register import PdfReadiness, register_pdf_readiness
from partnerships.selectors.signing import signatory_list, version_get
from partnerships.services import agreements as services
from partnerships.services.agreement_pdfs import agreement_pdf_state
from partnerships.views.common import partnership_seen
from platforms.forms import form_add_service_errors
from platforms.permissions import can, require


@require("view_partnerships")
def agreement_list(request, platform_slug, public_id):
    partnership = partnership_get(
        platform=request.platform, membership=request.membership, public_id=public_id
    )
    return render(
        request,
        "partnerships/agreements/list.html",
        {
            "partnership": partnership,
            "agreements": selectors.agreement_list(partnership=partnership),
            "can_draft": can(request.membership, "draft_agreements")
            and can_change(membership=request.membership, partnership=partnership),
        },
    )


@require("draft_agreements")
def agreement_create(request, platform_slug, public_id):
    partnership = partnership_for_change(
        platform=request.platform, membership=request.membership, public_id=public_id
    )
    templates = selectors.templates_in_use(platform=request.platform)
    form = AgreementCreateForm(request.POST or None, templates=templates)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_create(
                platform=request.platform,
                partnership=partnership,
                actor=request.user,
                title=form.cleaned_data["title"],
                template=form.cleaned_data["template"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Drafted “{agreement.title}” from the partnership's records. Check the "
                "completeness below, then edit the clauses.",
            )
            return redirect(
                "agreement_detail",
                platform_slug=request.platform.slug,
                public_id=partnership.public_id,
                agreement_id=agreement.public_id,
            )
    return render(
        request,
        "partnerships/agreements/create.html",
        {"partnership": partnership, "form": form, "has_templates": templates.exists()},
        status=400 if request.method == "POST" else 200,
    )


@require("view_partnerships")
def agreement_detail(request, platform_slug, public_id, agreement_id):
    """The newest version, and the history: every version with its status, signatures and
    PDF. While an amendment is drafted or signed, the executed version before it is still
    in force, and the page says which, with its PDF."""
    partnership = partnership_seen(request, public_id)
    agreement = selectors.agreement_get(partnership=partnership, public_id=agreement_id)
    versions = selectors.version_list(agreement=agreement)
    if not versions:  # an agreement is always made with its version 1
        raise Http404("This agreement has no version.")
    version = versions[0]
    in_force = selectors.version_in_force(versions=versions)
    # Whether the PDF column shows at all, then which rows may have theirs: a
    # representative has only the versions that name its organisation as a party.
    pdf_allowed = may_have_pdf(membership=request.membership, partnership=partnership)
    allowed = (
        pdf_allowed_versions(
            membership=request.membership, partnership=partnership, versions=versions
        )
        if pdf_allowed
        else set()
    )
    pdfs = _pdfs(request, versions, in_force) if pdf_allowed else {}
    return render(
        request,
        "partnerships/agreements/detail.html",
        {
            "partnership": partnership,
            "agreement": agreement,
            "version": version,
            "in_force": in_force,
            "in_force_pdf": pdfs.get(in_force.pk) if in_force and in_force.pk in allowed else None,
            "pdf_allowed": pdf_allowed,
            "version_rows": [(v, pdfs.get(v.pk) if v.pk in allowed else None) for v in versions],
            "clauses": selectors.clause_list(version=version),
            "elements": completeness_check(version=version),
            "can_edit": version.status == VersionStatus.DRAFT
            and can(request.membership, "draft_agreements")
            and can_change(membership=request.membership, partnership=partnership),
        },
    )


def _pdfs(
    request, versions: list[AgreementVersion], in_force: AgreementVersion | None
) -> dict[int, PdfReadiness]:
    """Whether each version's PDF is ready or being prepared, for the whole history in a
    fixed number of queries. The version in force, shown above the history when an
    amendment is under way, is read the way its download is served (its own state)."""
    pdfs = register_pdf_readiness(platform=request.platform, versions=versions)
    if in_force is not None and in_force is not versions[0]:
        state = agreement_pdf_state(version=in_force)
        pdfs[in_force.pk] = PdfReadiness(
            key=state.key, ready=state.ready, preparing=state.job is not None
        )
    return pdfs


@require_GET
@require("view_partnerships")
def agreement_version_detail(request, platform_slug, public_id, agreement_id, number):
    """One version as it stands (a superseded one as it was signed): its clauses, read
    only, its parties, its signatories and its PDF. Open to whoever sees the agreement."""
    partnership = partnership_seen(request, public_id)
    agreement = selectors.agreement_get(partnership=partnership, public_id=agreement_id)
    version = version_get(agreement=agreement, number=number)
    versions = selectors.version_list(agreement=agreement)
    parties = parties_of(version=version)
    signatories = signatories_by_party(parties=parties, signatories=signatory_list(version=version))
    required = [s for s in signatories if s.required]
    return render(
        request,
        "partnerships/agreements/version.html",
        {
            "partnership": partnership,
            "agreement": agreement,
            "version": version,
            "newest": versions[0],
            "in_force": selectors.version_in_force(versions=versions),
            "clauses": selectors.clause_list(version=version),
            "parties": parties,
            "signatories": signatories,
            "required_count": len(required),
            "signed_count": sum(1 for s in required if s.signed_at),
        },
    )


@require("draft_agreements")
def agreement_edit(request, platform_slug, public_id, agreement_id):
    """All the draft's clauses at once; all or nothing."""
    partnership = partnership_for_change(
        platform=request.platform, membership=request.membership, public_id=public_id
    )
    agreement = selectors.agreement_get(partnership=partnership, public_id=agreement_id)
    version = selectors.version_current(agreement=agreement)
    if version.status != VersionStatus.DRAFT:
        raise PermissionDenied(services.FROZEN)
    initial = [
        {"title": c.title, "body": c.body, "ORDER": c.position}
        for c in selectors.clause_list(version=version)
    ]
    formset = ClauseFormSet(request.POST or None, initial=initial, prefix="clauses")
    service_errors: list[str] = []
    if request.method == "POST" and formset.is_valid():
        try:
            saved = services.agreement_clauses_update(
                platform=request.platform,
                actor=request.user,
                version=version,
                clauses=formset.clauses(),
            )
        except ValidationError as error:
            service_errors = error.messages
        else:
            text = f"Saved the clauses of “{agreement.title}”."
            if saved.removed:
                text += " We removed what clauses cannot hold: " + ", ".join(saved.removed) + "."
                messages.warning(request, text)
            else:
                messages.success(request, text)
            return redirect(
                "agreement_detail",
                platform_slug=request.platform.slug,
                public_id=partnership.public_id,
                agreement_id=agreement.public_id,
            )
    return render(
        request,
        "partnerships/agreements/edit.html",
        {
            "partnership": partnership,
            "agreement": agreement,
            "version": version,
            "formset": formset,
            "service_errors": service_errors,
            "placeholders": PLACEHOLDERS,
        },
        status=400 if request.method == "POST" else 200,
    )
