"""A partnership's governance: its bodies and members, the balance of power (seats by
sector as a chart, the primary stakeholders' voice, who decides what, sectors without a
seat), and the forms that create, change and delete bodies. Everyone who sees the
partnership sees its governance; its admins and assigned brokers change it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from partnerships import charts
from partnerships.forms.governance import BodyForm, SeatsForm
from partnerships.selectors import governance as selectors
from partnerships.selectors.access import (
    can_change,
)
from partnerships.services import governance as services
from partnerships.views.common import partnership_changeable, partnership_seen
from partnerships.views.workplan import delete_confirmed
from platforms.forms import form_add_service_errors
from platforms.permissions import require


def _chart(partnership, balance) -> str:
    return charts.seats_by_sector_svg(
        balance.sectors,
        title=f"Seats by sector: {partnership.title}",
        bodies=len(balance.bodies),
    )


@require("view_partnerships")
def governance(request, platform_slug, public_id):
    partnership = partnership_seen(request, public_id)
    balance = selectors.governance_overview(platform=request.platform, partnership=partnership)
    context = {
        "partnership": partnership,
        "balance": balance,
        "chart": _chart(partnership, balance),
        "can_change": can_change(membership=request.membership, partnership=partnership),
    }
    return render(request, "partnerships/governance/detail.html", context)


@require_GET
@require("view_partnerships")
def power_balance_chart(request, platform_slug, public_id):
    """The seats-by-sector chart alone, as an SVG file to download."""
    partnership = partnership_seen(request, public_id)
    balance = selectors.governance_overview(platform=request.platform, partnership=partnership)
    response = HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + _chart(partnership, balance),
        content_type="image/svg+xml",
    )
    name = slugify(f"{partnership.title} seats by sector") or "seats-by-sector"
    response["Content-Disposition"] = f'attachment; filename="{name}.svg"'
    # The file is user content: never let a browser run it as a page of ours.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@require("manage_partnerships")
def body_create(request, platform_slug, public_id):
    partnership = partnership_changeable(request, public_id)
    return _body_form(request, partnership, body=None)


@require("manage_partnerships")
def body_edit(request, platform_slug, public_id, body_id):
    partnership = partnership_changeable(request, public_id)
    body = selectors.body_get(platform=request.platform, partnership=partnership, public_id=body_id)
    return _body_form(request, partnership, body=body)


def _body_form(request, partnership, *, body):
    platform = request.platform
    partners = selectors.active_partners(platform=platform, partnership=partnership)
    data = request.POST if request.method == "POST" else None
    if body is None:
        initial, seats_initial = {}, {}
    else:
        initial = {f: getattr(body, f) for f in services.BODY_FIELDS}
        held = selectors.body_seats(platform=platform, body=body)
        seats_initial = {str(p.public_id): held.get(p.pk, 0) for p in partners}
    form = BodyForm(data, initial=initial)
    seats_form = SeatsForm(data, initial=seats_initial, partners=partners)
    # Both forms are checked before either is used: all or nothing.
    if data is not None and all([form.is_valid(), seats_form.is_valid()]):
        try:
            if body is None:
                body = services.body_create(
                    platform=platform,
                    partnership=partnership,
                    actor=request.user,
                    seats=seats_form.seats(),
                    **form.cleaned_data,
                )
                messages.success(request, f"“{body.name}” added.")
            else:
                services.body_update(
                    platform=platform,
                    body=body,
                    actor=request.user,
                    seats=seats_form.seats(),
                    **form.cleaned_data,
                )
                messages.success(request, f"“{body.name}” saved.")
        except ValidationError as error:
            _service_errors(form, seats_form, error)
        else:
            return redirect(
                "governance", platform_slug=platform.slug, public_id=partnership.public_id
            )
    context = {"partnership": partnership, "body": body, "form": form, "seats_form": seats_form}
    return render(request, "partnerships/governance/body_form.html", context)


def _service_errors(form: BodyForm, seats_form: SeatsForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict") and "seats" in error.error_dict:
        for message in error.error_dict.pop("seats"):
            seats_form.add_error(None, message)
        if not error.error_dict:
            return
    form_add_service_errors(form, error)


@require("manage_partnerships")
def body_delete(request, platform_slug, public_id, body_id):
    """GET asks for confirmation; POST deletes the body and its seats."""
    partnership = partnership_changeable(request, public_id)
    body = selectors.body_get(platform=request.platform, partnership=partnership, public_id=body_id)
    if request.method != "POST":
        return render(
            request,
            "partnerships/governance/body_delete.html",
            {"partnership": partnership, "body": body},
        )
    back_url = reverse("governance", args=[request.platform.slug, partnership.public_id])
    return delete_confirmed(
        request,
        lambda: services.body_delete(platform=request.platform, body=body, actor=request.user),
        success=f"“{body.name}” deleted.",
        back_url=back_url,
    )
