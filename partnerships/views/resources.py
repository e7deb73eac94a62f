"""The resources partners contribute: the list with totals per currency and per type and
a bar chart by partner; adding, correcting and deleting a resource (admins and assigned
brokers)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from partnerships.forms.resources import ResourceForm
from partnerships.forms.workplan import partner_initial
from partnerships.selectors import workplan as lookups
from partnerships.selectors.access import can_change, partnership_get
from partnerships.selectors.resources import resource_summary
from partnerships.services import resources as services
from partnerships.views.common import (
    confirm_delete,
    delete_confirmed,
    partnership_changeable,
)
from platforms.forms import form_add_service_errors
from platforms.permissions import require


def _list_url(request, partnership) -> str:
    return reverse("resource_list", args=[request.platform.slug, partnership.public_id])


@require("view_partnerships")
def resource_list(request, platform_slug, public_id):
    partnership = partnership_get(
        platform=request.platform, membership=request.membership, public_id=public_id
    )
    return render(
        request,
        "partnerships/resources/list.html",
        {
            "partnership": partnership,
            "summary": resource_summary(partnership=partnership),
            "can_edit": can_change(membership=request.membership, partnership=partnership),
        },
    )


def _resource_form(request, partnership, resource=None):
    current = resource.partner if resource else None
    partners = lookups.partner_choices(partnership=partnership, current=current)
    initial = {}
    if resource is not None:
        initial = {
            "partner": partner_initial(resource.partner),
            "type": resource.type,
            "description": resource.description,
            "value": resource.value,
            "currency": resource.currency,
            "period_start": resource.period_start,
            "period_end": resource.period_end,
        }
    elif (chosen := request.GET.get("partner", "")) in {
        partner_initial(p) for p in partners if p.left_on is None
    }:
        # The journey's "X has no resource yet" links here with X chosen.
        initial = {"partner": chosen}
    form = ResourceForm(request.POST or None, initial=initial, partners=partners)
    if request.method == "POST" and form.is_valid():
        try:
            if resource is None:
                services.resource_create(
                    platform=request.platform,
                    partnership=partnership,
                    actor=request.user,
                    **form.cleaned_data,
                )
                messages.success(request, "The resource was added.")
            else:
                services.resource_update(
                    platform=request.platform,
                    resource=resource,
                    actor=request.user,
                    **form.cleaned_data,
                )
                messages.success(request, "The resource was saved.")
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect(_list_url(request, partnership))
    return render(
        request,
        "partnerships/resources/form.html",
        {
            "partnership": partnership,
            "form": form,
            "resource": resource,
            "has_partners": bool(partners),
            "back_url": _list_url(request, partnership),
        },
    )


@require("manage_partnerships")
def resource_create(request, platform_slug, public_id):
    return _resource_form(request, partnership_changeable(request, public_id))


@require("manage_partnerships")
def resource_edit(request, platform_slug, public_id, resource_id):
    partnership = partnership_changeable(request, public_id)
    resource = lookups.resource_get(partnership=partnership, public_id=resource_id)
    return _resource_form(request, partnership, resource)


@require("manage_partnerships")
def resource_delete(request, platform_slug, public_id, resource_id):
    partnership = partnership_changeable(request, public_id)
    resource = lookups.resource_get(partnership=partnership, public_id=resource_id)
    if request.method == "POST":
        return delete_confirmed(
            request,
            lambda: services.resource_delete(
                platform=request.platform, resource=resource, actor=request.user
            ),
            success="The resource was deleted.",
            back_url=_list_url(request, partnership),
        )
    return confirm_delete(
        request,
        partnership=partnership,
        title=f"Delete this resource of {resource.partner.organisation}?",
        explanation=f"{resource.get_type_display()}: {resource.description}",
        back_url=_list_url(request, partnership),
    )
