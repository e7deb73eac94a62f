"""A partnership's agreements: the list, drafting a new one from a template, one
agreement's current version with its completeness check, and editing a draft's clauses."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from partnerships.agreements.completeness import completeness_check
from partnerships.agreements.placeholders import PLACEHOLDERS
from partnerships.forms.agreement_templates import ClauseFormSet
from partnerships.forms.agreements import AgreementCreateForm
from partnerships.models import VersionStatus
from partnerships.selectors import agreements as selectors
from partnerships.selectors.access import (
    can_change,
    partnership_for_change,
    partnership_get,
)
from partnerships.services import agreements as services
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
    partnership = partnership_get(
        platform=request.platform, membership=request.membership, public_id=public_id
    )
    agreement = selectors.agreement_get(partnership=partnership, public_id=agreement_id)
    version = selectors.version_current(agreement=agreement)
    return render(
        request,
        "partnerships/agreements/detail.html",
        {
            "partnership": partnership,
            "agreement": agreement,
            "version": version,
            "clauses": selectors.clause_list(version=version),
            "elements": completeness_check(version=version),
            "can_edit": version.status == VersionStatus.DRAFT
            and can(request.membership, "draft_agreements")
            and can_change(membership=request.membership, partnership=partnership),
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
