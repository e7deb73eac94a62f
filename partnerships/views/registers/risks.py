"""The "Risks and learning" tab of a partnership: the risk register (its landing page,
with the 5×5 heat map), the levers, the divergences partners acknowledged and the
lessons learned.

Everyone who may see the partnership sees these pages; writing takes a platform admin or
a broker assigned to the partnership (``can_change``)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from partnerships.forms.registers import LeversForm, RiskForm
from partnerships.selectors import registers as selectors
from partnerships.selectors.access import CHANGE_REFUSED, can_change
from partnerships.services import registers as services
from partnerships.views.common import partnership_changeable, partnership_seen
from partnerships.views.registers.common import form_data, tab_url
from platforms.forms import form_add_service_errors
from platforms.permissions import require

# Levers ---------------------------------------------------------------------------------


@require("view_partnerships")
def partnership_levers(request, platform_slug, public_id):
    """Everyone sees the levers; those who may change the partnership tick them here."""
    partnership = partnership_seen(request, public_id)
    changeable = can_change(membership=request.membership, partnership=partnership)
    if request.method == "POST" and not changeable:
        raise PermissionDenied(CHANGE_REFUSED)
    form = None
    if changeable:
        form = LeversForm(form_data(request), initial={"levers": partnership.levers})
        if request.method == "POST" and form.is_valid():
            try:
                services.partnership_levers_set(
                    platform=request.platform,
                    partnership=partnership,
                    actor=request.user,
                    levers=form.cleaned_data["levers"],
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                count = len(partnership.levers)
                messages.success(
                    request,
                    f"{partnership.title} brings {count} lever{'s' if count != 1 else ''} to bear.",
                )
                return redirect(tab_url("partnership_levers", request, partnership))
    return render(
        request,
        "partnerships/registers/levers.html",
        {
            "partnership": partnership,
            "form": form,
            "levers": selectors.lever_rows(partnership=partnership),
            "can_change": changeable,
        },
    )


# Risks ----------------------------------------------------------------------------------


@require("view_partnerships")
def risk_list(request, platform_slug, public_id):
    platform = request.platform
    partnership = partnership_seen(request, public_id)
    risks = list(selectors.risk_list(platform=platform, partnership=partnership))
    for risk in risks:
        risk.level = selectors.risk_level(risk.score)
    return render(
        request,
        "partnerships/registers/risk_list.html",
        {
            "partnership": partnership,
            "risks": risks,
            "heat_map": selectors.risk_heat_map(risks),
            "impact_labels": selectors.IMPACT_LABELS,
            "counts": selectors.register_counts(platform=platform, partnership=partnership),
            "levers": [row for row in selectors.lever_rows(partnership=partnership) if row.chosen],
            "can_change": can_change(membership=request.membership, partnership=partnership),
        },
    )


def _risk_form_page(request, partnership, risk, form):
    return render(
        request,
        "partnerships/registers/risk_form.html",
        {
            "partnership": partnership,
            "risk": risk,
            "form": form,
            "back_url": tab_url("risk_list", request, partnership),
        },
    )


@require("manage_partnerships")
def risk_create(request, platform_slug, public_id):
    platform = request.platform
    partnership = partnership_changeable(request, public_id)
    owners = list(selectors.owner_choices(platform=platform, partnership=partnership))
    form = RiskForm(form_data(request), owners=owners)
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_create(
                platform=platform, partnership=partnership, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The risk is in the register.")
            return redirect(tab_url("risk_list", request, partnership))
    return _risk_form_page(request, partnership, None, form)


@require("manage_partnerships")
def risk_edit(request, platform_slug, public_id, risk_id):
    platform = request.platform
    partnership = partnership_changeable(request, public_id)
    risk = selectors.risk_get(platform=platform, partnership=partnership, public_id=risk_id)
    owners = list(selectors.owner_choices(platform=platform, partnership=partnership))
    form = RiskForm(
        form_data(request),
        owners=owners,
        current_owner=risk.owner,
        initial={name: getattr(risk, name) for name in services.RISK_FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_update(
                platform=platform,
                partnership=partnership,
                risk=risk,
                actor=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The risk was saved.")
            return redirect(tab_url("risk_list", request, partnership))
    return _risk_form_page(request, partnership, risk, form)


@require("manage_partnerships")
def risk_delete(request, platform_slug, public_id, risk_id):
    platform = request.platform
    partnership = partnership_changeable(request, public_id)
    risk = selectors.risk_get(platform=platform, partnership=partnership, public_id=risk_id)
    back_url = tab_url("risk_list", request, partnership)
    if request.method == "POST":
        services.risk_delete(
            platform=platform, partnership=partnership, risk=risk, actor=request.user
        )
        messages.success(request, "The risk was removed from the register.")
        return redirect(back_url)
    return render(
        request,
        "partnerships/registers/delete.html",
        {
            "partnership": partnership,
            "what": "risk",
            "text": risk.description,
            "back_url": back_url,
        },
    )
