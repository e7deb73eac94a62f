"""A partnership's partners: the list (active and former), adding an organisation,
editing what it brings and wants, and its leaving. Everyone who may see the partnership
sees the list; its admins and assigned brokers change it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from partnerships.forms.partners import PartnerAddForm, PartnerEditForm, PartnerLeaveForm
from partnerships.selectors import partners as selectors
from partnerships.selectors.access import (
    can_change,
    partnership_get,
)
from partnerships.services import partners as services
from partnerships.views.common import partnership_changeable
from platforms.forms import form_add_service_errors
from platforms.permissions import require


@require("view_partnerships")
def partner_list(request, platform_slug, public_id):
    partnership = partnership_get(
        platform=request.platform, membership=request.membership, public_id=public_id
    )
    lists = selectors.partner_lists(partnership=partnership)
    context = {
        "partnership": partnership,
        "active": lists.active,
        "former": lists.former,
        "can_change": can_change(membership=request.membership, partnership=partnership),
    }
    return render(request, "partnerships/partners/list.html", context)


@require("manage_partnerships")
def partner_add(request, platform_slug, public_id):
    """Adds an organisation. A registry too big for one list is searched instead:
    ?find=<text> offers the best matches as radio buttons (no JavaScript needed)."""
    platform = request.platform
    partnership = partnership_changeable(request, public_id)
    organisations = selectors.organisations_available(platform=platform, partnership=partnership)
    form = PartnerAddForm(
        request.POST or None, organisations=organisations, initial={"joined_on": platform.today()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_add(
                platform=platform, partnership=partnership, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"{partner.organisation} added as a partner.")
            return redirect("partner_list", platform_slug=platform.slug, public_id=public_id)
    context = {"partnership": partnership, "form": form}
    if selectors.organisations_too_many_to_list(platform=platform, partnership=partnership):
        find = request.GET.get("find", "").strip()
        found, more = (
            selectors.organisations_find(platform=platform, partnership=partnership, text=find)
            if find
            else ([], False)
        )
        chosen = form.cleaned_data.get("organisation") if form.is_bound else None
        # Whoever was chosen before the page came back (a refusal) stays chosen.
        offered = found if chosen is None or chosen in found else [chosen, *found]
        form.offer(offered)
        context.update(searching=True, find=find, found=found, more=more)
    return render(request, "partnerships/partners/add.html", context)


@require("manage_partnerships")
def partner_edit(request, platform_slug, public_id, partner_id):
    platform = request.platform
    partnership = partnership_changeable(request, public_id)
    partner = selectors.partner_get(partnership=partnership, public_id=partner_id)
    initial = {f: getattr(partner, f) for f in services.PARTNER_FIELDS}
    form = PartnerEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_update(
                platform=platform, partner=partner, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"{partner.organisation}: saved.")
            return redirect("partner_list", platform_slug=platform.slug, public_id=public_id)
    context = {"partnership": partnership, "partner": partner, "form": form}
    return render(request, "partnerships/partners/edit.html", context)


@require("manage_partnerships")
def partner_leave(request, platform_slug, public_id, partner_id):
    """GET asks for the date; POST records the leaving and takes access away."""
    platform = request.platform
    partnership = partnership_changeable(request, public_id)
    partner = selectors.partner_get(partnership=partnership, public_id=partner_id)
    form = PartnerLeaveForm(request.POST or None, initial={"left_on": platform.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_leave(
                platform=platform, partner=partner, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{partner.organisation} left the partnership; its representatives no "
                "longer see it.",
            )
            return redirect("partner_list", platform_slug=platform.slug, public_id=public_id)
    context = {"partnership": partnership, "partner": partner, "form": form}
    return render(request, "partnerships/partners/leave.html", context)
