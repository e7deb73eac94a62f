"""Agreement template pages: the platform's templates, one template's current text and
history, any older version, editing (which saves a new version), new templates, and
retiring or bringing back a template."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from partnerships.agreements.placeholders import PLACEHOLDERS
from partnerships.forms.agreement_templates import ClauseFormSet, NoteForm, TemplateForm
from partnerships.selectors import agreement_templates as selectors
from partnerships.services import agreement_templates as services
from platforms.forms import form_add_service_errors
from platforms.permissions import can, require


@require("view_agreement_templates")
def template_list(request, platform_slug):
    rows = selectors.template_rows(platform=request.platform)
    return render(
        request,
        "partnerships/agreement_templates/list.html",
        {"rows": rows, "can_manage": can(request.membership, "manage_agreement_templates")},
    )


@require_POST
@require("manage_agreement_templates")
def template_defaults(request, platform_slug):
    """Add the default templates to a platform made before templates existed."""
    added = services.agreement_templates_seed(platform=request.platform, actor=request.user)
    if added:
        messages.success(request, f"Added {added} default templates.")
    else:
        messages.info(request, "The platform already has its templates; nothing was added.")
    return redirect("agreement_template_list", platform_slug=request.platform.slug)


@require("manage_agreement_templates")
def template_create(request, platform_slug):
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            template = services.agreement_template_create(
                platform=request.platform, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request, f"Created “{template.name}” from the default clauses. Edit them now."
            )
            return redirect(
                "agreement_template_edit",
                platform_slug=request.platform.slug,
                template_id=template.public_id,
            )
    return render(request, "partnerships/agreement_templates/create.html", {"form": form})


def _version_page(request, template_id, number=None):
    template = selectors.template_get(platform=request.platform, public_id=template_id)
    versions = list(selectors.version_list(template=template))
    version = selectors.version_get(template=template, number=number)
    return render(
        request,
        "partnerships/agreement_templates/detail.html",
        {
            "template": template,
            "version": version,
            "is_current": bool(versions) and version.pk == versions[0].pk,
            "clauses": selectors.clause_list(version=version),
            "versions": versions,
            "can_manage": can(request.membership, "manage_agreement_templates"),
        },
    )


@require("view_agreement_templates")
def template_detail(request, platform_slug, template_id):
    return _version_page(request, template_id)


@require("view_agreement_templates")
def template_version(request, platform_slug, template_id, number):
    return _version_page(request, template_id, number)


@require("manage_agreement_templates")
def template_edit(request, platform_slug, template_id):
    """All the clauses at once; saving makes the next version (the old ones never change)."""
    template = selectors.template_get(platform=request.platform, public_id=template_id)
    current = selectors.version_get(template=template)
    initial = [
        {"title": c.title, "body": c.body, "ORDER": c.position}
        for c in selectors.clause_list(version=current)
    ]
    formset = ClauseFormSet(request.POST or None, initial=initial, prefix="clauses")
    note = NoteForm(request.POST or None)
    service_errors: list[str] = []
    if request.method == "POST" and formset.is_valid() and note.is_valid():
        try:
            saved = services.template_version_create(
                platform=request.platform,
                actor=request.user,
                template=template,
                clauses=formset.clauses(),
                note=note.cleaned_data["note"],
            )
        except ValidationError as error:
            service_errors = error.messages
        else:
            text = f"Saved version {saved.version.number} of “{template.name}”."
            if saved.removed:
                text += " We removed what clauses cannot hold: " + ", ".join(saved.removed) + "."
                messages.warning(request, text)
            else:
                messages.success(request, text)
            return redirect(
                "agreement_template_detail",
                platform_slug=request.platform.slug,
                template_id=template.public_id,
            )
    return render(
        request,
        "partnerships/agreement_templates/edit.html",
        {
            "template": template,
            "current": current,
            "formset": formset,
            "note": note,
            "service_errors": service_errors,
            "placeholders": PLACEHOLDERS,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@require("manage_agreement_templates")
def template_active(request, platform_slug, template_id):
    template = selectors.template_get(platform=request.platform, public_id=template_id)
    active = request.POST.get("is_active") == "1"
    services.agreement_template_set_active(
        platform=request.platform, actor=request.user, template=template, is_active=active
    )
    if active:
        messages.success(request, f"“{template.name}” is in use again for new agreements.")
    else:
        messages.success(
            request, f"Retired “{template.name}”: new agreements cannot start from it."
        )
    return redirect(
        "agreement_template_detail",
        platform_slug=request.platform.slug,
        template_id=template.public_id,
    )
