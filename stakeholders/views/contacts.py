"""An organisation's contacts: add, edit, delete, and invite one to become the
organisation's partner representative."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from platforms.forms import form_add_service_errors
from platforms.permissions import require
from stakeholders.forms.organisations import ContactForm
from stakeholders.selectors.organisation_page import contact_open_invitations
from stakeholders.selectors.organisations import contact_get, organisation_get
from stakeholders.services import organisations as services
from stakeholders.services.organisations import CONTACT_FIELDS
from stakeholders.services.representatives import contact_invite as invite


def _back(request, organisation):
    return redirect("organisation_detail", request.platform.slug, organisation.public_id)


@require("manage_organisations")
def contact_create(request, platform_slug, public_id):
    platform = request.platform
    organisation = organisation_get(platform=platform, public_id=public_id)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_create(
                platform=platform,
                organisation=organisation,
                actor=request.user,
                **{name: form.cleaned_data[name] for name in CONTACT_FIELDS},
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"{contact.name} is a contact of {organisation.name}.")
            return _back(request, organisation)
    return render(
        request,
        "stakeholders/organisations/contact_form.html",
        {"form": form, "organisation": organisation, "contact": None},
    )


@require("manage_organisations")
def contact_edit(request, platform_slug, public_id, contact_id):
    platform = request.platform
    organisation = organisation_get(platform=platform, public_id=public_id)
    contact = contact_get(platform=platform, organisation=organisation, public_id=contact_id)
    form = ContactForm(
        request.POST or None,
        initial={name: getattr(contact, name) for name in CONTACT_FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(
                platform=platform,
                contact=contact,
                actor=request.user,
                **{name: form.cleaned_data[name] for name in CONTACT_FIELDS},
            )
        except ValidationError as error:
            form_add_service_errors(form, error)  # the contact keeps its stored values
        else:
            messages.success(request, f"{contact.name} is saved.")
            return _back(request, organisation)
    return render(
        request,
        "stakeholders/organisations/contact_form.html",
        {"form": form, "organisation": organisation, "contact": contact},
    )


@require("manage_organisations")
def contact_delete(request, platform_slug, public_id, contact_id):
    """GET asks for confirmation (naming the invitations deleting revokes); POST deletes."""
    platform = request.platform
    organisation = organisation_get(platform=platform, public_id=public_id)
    contact = contact_get(platform=platform, organisation=organisation, public_id=contact_id)
    if request.method != "POST":
        return render(
            request,
            "stakeholders/organisations/contact_delete.html",
            {
                "organisation": organisation,
                "contact": contact,
                "invitations": contact_open_invitations(platform=platform, contact=contact),
            },
        )
    services.contact_delete(platform=platform, contact=contact, actor=request.user)
    messages.success(request, f"{contact.name} is no longer a contact of {organisation.name}.")
    return _back(request, organisation)


@require_POST
@require("invite_representatives")
def contact_invite(request, platform_slug, public_id, contact_id):
    platform = request.platform
    organisation = organisation_get(platform=platform, public_id=public_id)
    contact = contact_get(platform=platform, organisation=organisation, public_id=contact_id)
    try:
        invite(platform=platform, contact=contact, invited_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Invitation sent to {contact.email}. Once {contact.name} accepts, they represent "
            f"{organisation.name} on {platform.name}.",
        )
    return _back(request, organisation)
