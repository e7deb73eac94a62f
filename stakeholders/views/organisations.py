"""The organisation registry: the list, an organisation's page, create, edit, archive and
restore. Contacts are in views.contacts, the CSV export in views.export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from platforms.forms import form_add_service_errors
from platforms.permissions import can, require
from stakeholders.forms.organisations import (
    OrganisationCreateForm,
    OrganisationFilterForm,
    OrganisationForm,
)
from stakeholders.models import Organisation
from stakeholders.selectors import organisation_page as page
from stakeholders.selectors import organisations as selectors
from stakeholders.selectors.maps import strategy_label
from stakeholders.services import organisations as services

PAGE_SIZE = 25


def filter_form(request) -> OrganisationFilterForm:
    """The list's filters, from the query string (shared with the export)."""
    themes, countries = selectors.filter_choices(platform=request.platform)
    return OrganisationFilterForm(request.GET or None, themes=themes, countries_used=countries)


@require("view_organisations")
def organisation_list(request, platform_slug):
    platform = request.platform
    form = filter_form(request)
    page_obj = None
    registry_empty = False
    if not form.errors:
        organisations = selectors.organisation_list(platform=platform, filters=form.filters())
        page_obj = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
        if not page_obj.object_list and not form.filtered:
            # Tell "nothing here yet" from "everything is archived": one query, only
            # when the list is empty.
            registry_empty = selectors.registry_is_empty(platform=platform)
    return render(
        request,
        "stakeholders/organisations/list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "organisations": list(page_obj.object_list) if page_obj else [],
            "filtered": form.filtered,
            "registry_empty": registry_empty,
        },
    )


@require("view_organisations")
def organisation_detail(request, platform_slug, public_id):
    platform = request.platform
    today = platform.today()
    organisation = selectors.organisation_get(platform=platform, public_id=public_id)
    scope = {"platform": platform, "organisation": organisation}
    contacts = page.organisation_contacts(**scope)
    representatives = page.organisation_representatives(**scope)
    invitations = page.organisation_open_invitations(**scope)
    represented_by = {r.contact_id for r in representatives if r.contact_id}
    invited = {i.contact_id for i in invitations if i.invitation.status == "pending"}
    return render(
        request,
        "stakeholders/organisations/detail.html",
        {
            "organisation": organisation,
            "contacts": contacts,
            "representatives": representatives,
            "invitations": invitations,
            "represented_by": represented_by,
            "invited": invited,
            "screenings": page.organisation_screenings(**scope),
            "positions": [
                (position, strategy_label(position))
                for position in page.organisation_positions(**scope)
            ],
            "interactions": page.organisation_interactions(**scope),
            "follow_ups": page.organisation_follow_ups_due(**scope, today=today),
            "activity": page.organisation_activity(**scope, contacts=contacts),
            "today": today,
            "can_manage": can(request.membership, "manage_organisations"),
            "can_invite": can(request.membership, "invite_representatives"),
            "can_screen": can(request.membership, "screen_organisations"),
            "can_log": can(request.membership, "log_interactions"),
        },
    )


def _duplicates(form: OrganisationForm, *, platform, organisation=None) -> list[Organisation]:
    """Other organisations of the platform with the form's name or acronym. An edit that
    keeps both asks nothing: a twin confirmed once is not questioned at every edit."""
    name, acronym = form.cleaned_data["name"], form.cleaned_data["acronym"]
    if organisation is not None and (" ".join(name.split()).lower(), acronym.strip().lower()) == (
        organisation.name.lower(),
        organisation.acronym.lower(),
    ):
        return []
    return selectors.organisation_duplicates(
        platform=platform,
        name=name,
        acronym=acronym,
        exclude_pk=organisation.pk if organisation is not None else None,
    )


def _form_page(request, form, *, duplicates, organisation):
    return render(
        request,
        "stakeholders/organisations/form.html",
        {"form": form, "duplicates": duplicates, "organisation": organisation},
    )


@require("manage_organisations")
def organisation_create(request, platform_slug):
    platform = request.platform
    themes = selectors.theme_choices(platform=platform)
    form = OrganisationCreateForm(request.POST or None, existing_themes=themes)
    duplicates: list[Organisation] = []
    if request.method == "POST" and form.is_valid():
        duplicates = _duplicates(form, platform=platform)
        if form.duplicates_confirmed(duplicates):
            try:
                organisation = services.organisation_create(
                    platform=platform, actor=request.user, **form.service_fields()
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, f"{organisation.name} is in the registry.")
                return redirect("organisation_detail", platform.slug, organisation.public_id)
    return _form_page(request, form, duplicates=duplicates, organisation=None)


@require("manage_organisations")
def organisation_edit(request, platform_slug, public_id):
    platform = request.platform
    organisation = selectors.organisation_get(platform=platform, public_id=public_id)
    themes = selectors.theme_choices(platform=platform)
    form = OrganisationForm(
        request.POST or None,
        initial=OrganisationForm.initial_from(organisation),
        existing_themes=themes,
    )
    duplicates: list[Organisation] = []
    if request.method == "POST" and form.is_valid():
        duplicates = _duplicates(form, platform=platform, organisation=organisation)
        if form.duplicates_confirmed(duplicates):
            try:
                services.organisation_update(
                    platform=platform,
                    organisation=organisation,
                    actor=request.user,
                    **form.service_fields(),
                )
            except ValidationError as error:
                # The refused values stay on the form; the service gave the organisation
                # back its stored ones, which the page's header shows.
                form_add_service_errors(form, error)
            else:
                messages.success(request, f"{organisation.name} is saved.")
                return redirect("organisation_detail", platform.slug, organisation.public_id)
    return _form_page(request, form, duplicates=duplicates, organisation=organisation)


@require("manage_organisations")
def organisation_archive(request, platform_slug, public_id):
    """GET asks for confirmation; POST archives."""
    platform = request.platform
    organisation = selectors.organisation_get(platform=platform, public_id=public_id)
    if request.method != "POST":
        return render(
            request, "stakeholders/organisations/archive.html", {"organisation": organisation}
        )
    try:
        services.organisation_archive(
            platform=platform, organisation=organisation, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"{organisation.name} is archived. It no longer shows in the list."
        )
    return redirect("organisation_detail", platform.slug, organisation.public_id)


@require_POST
@require("manage_organisations")
def organisation_restore(request, platform_slug, public_id):
    platform = request.platform
    organisation = selectors.organisation_get(platform=platform, public_id=public_id)
    try:
        services.organisation_restore(
            platform=platform, organisation=organisation, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{organisation.name} is restored.")
    return redirect("organisation_detail", platform.slug, organisation.public_id)
