"""A partnership's commitments: common ones (all partners) and specific ones (one
partner), with their due dates, status, evidence and whether they are overdue (open and
due before the platform's today); recording, correcting and deleting one (admins and
assigned brokers). Partner organisations report on their own through the API."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from partnerships.forms.commitments import CommitmentFilterForm, CommitmentForm
from partnerships.forms.workplan import partner_initial
from partnerships.models import Commitment, CommitmentKind
from partnerships.selectors import workplan as lookups
from partnerships.selectors.access import can_change, partnership_get
from partnerships.selectors.commitment_list import commitment_list as commitments_of
from partnerships.selectors.commitment_list import is_overdue
from partnerships.services import commitments as services
from partnerships.views.common import (
    confirm_delete,
    delete_confirmed,
    partnership_changeable,
)
from platforms.forms import form_add_service_errors
from platforms.permissions import require


@dataclass(frozen=True)
class Row:
    commitment: Commitment
    overdue: bool


def _list_url(request, partnership) -> str:
    return reverse("commitment_list", args=[request.platform.slug, partnership.public_id])


@require("view_partnerships")
def commitment_list(request, platform_slug, public_id):
    platform = request.platform
    today = platform.today()
    partnership = partnership_get(
        platform=platform, membership=request.membership, public_id=public_id
    )
    form = CommitmentFilterForm(
        request.GET or None, partners=lookups.partners_all(partnership=partnership)
    )
    valid = form.is_bound and form.is_valid()
    rows: list[Row] = []
    if not form.is_bound or valid:
        filters = form.filters() if valid else {}
        rows = [
            Row(c, is_overdue(c, today))
            for c in commitments_of(partnership=partnership, today=today, filters=filters)
        ]
    return render(
        request,
        "partnerships/commitments/list.html",
        {
            "partnership": partnership,
            "form": form,
            "filtered": form.is_bound and any(request.GET.values()),
            "common": [r for r in rows if r.commitment.kind == CommitmentKind.COMMON],
            "specific": [r for r in rows if r.commitment.kind == CommitmentKind.SPECIFIC],
            "overdue_count": sum(r.overdue for r in rows),
            "today": today,
            "can_edit": can_change(membership=request.membership, partnership=partnership),
        },
    )


def _commitment_form(request, partnership, commitment=None):
    current = commitment.partner if commitment else None
    partners = lookups.partner_choices(partnership=partnership, current=current)
    initial = {}
    if commitment is not None:
        initial = {
            "kind": commitment.kind,
            "partner": partner_initial(commitment.partner),
            "what": commitment.what,
            "due_on": commitment.due_on,
            "status": commitment.status,
            "evidence": commitment.evidence,
        }
    form = CommitmentForm(request.POST or None, initial=initial, partners=partners)
    if request.method == "POST" and form.is_valid():
        try:
            if commitment is None:
                services.commitment_create(
                    platform=request.platform,
                    partnership=partnership,
                    actor=request.user,
                    **form.cleaned_data,
                )
                messages.success(request, "The commitment was recorded.")
            else:
                services.commitment_update(
                    platform=request.platform,
                    commitment=commitment,
                    actor=request.user,
                    **form.cleaned_data,
                )
                messages.success(request, "The commitment was saved.")
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect(_list_url(request, partnership))
    return render(
        request,
        "partnerships/commitments/form.html",
        {
            "partnership": partnership,
            "form": form,
            "commitment": commitment,
            "back_url": _list_url(request, partnership),
        },
    )


@require("manage_partnerships")
def commitment_create(request, platform_slug, public_id):
    return _commitment_form(request, partnership_changeable(request, public_id))


@require("manage_partnerships")
def commitment_edit(request, platform_slug, public_id, commitment_id):
    partnership = partnership_changeable(request, public_id)
    commitment = lookups.commitment_get(partnership=partnership, public_id=commitment_id)
    return _commitment_form(request, partnership, commitment)


@require("manage_partnerships")
def commitment_delete(request, platform_slug, public_id, commitment_id):
    partnership = partnership_changeable(request, public_id)
    commitment = lookups.commitment_get(partnership=partnership, public_id=commitment_id)
    if request.method == "POST":
        return delete_confirmed(
            request,
            lambda: services.commitment_delete(
                platform=request.platform, commitment=commitment, actor=request.user
            ),
            success="The commitment was deleted.",
            back_url=_list_url(request, partnership),
        )
    owner = commitment.partner.organisation if commitment.partner else "all the partners"
    return confirm_delete(
        request,
        partnership=partnership,
        title="Delete this commitment?",
        explanation=f"“{commitment.what}”, of {owner}.",
        back_url=_list_url(request, partnership),
    )
