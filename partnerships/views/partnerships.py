"""Partnerships themselves: the list, the overview page, create, edit and the assigned
brokers. The journey, partners and the other areas have their own views modules."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from partnerships.forms.partnerships import BrokerForm, PartnershipFilterForm, PartnershipForm
from partnerships.models import Partnership, Stage
from partnerships.selectors import overview as page
from partnerships.selectors import partnerships as selectors
from partnerships.selectors.access import can_change, partnership_get
from partnerships.services import access
from partnerships.services import partnerships as services
from partnerships.views.common import partnership_changeable
from platforms.forms import form_add_service_errors
from platforms.models import Role
from platforms.permissions import can, require
from platforms.templatetags.ui import display_name

PAGE_SIZE = 25

# The journey's stages, short enough for a table cell; the full label is the cell's title.
STAGE_SHORT = {
    Stage.CONTEXT: "1. Context",
    Stage.VISION: "2. Vision",
    Stage.PURPOSE: "3. Purpose",
    Stage.OBJECTIVES: "4. Objectives",
    Stage.RESOURCES: "5. Roles and resources",
    Stage.STRUCTURE: "6. Structure",
    Stage.AGREEMENT: "7. Agreement",
    Stage.IMPLEMENTING: "Implementing",
    Stage.REVIEWING: "Reviewing",
    Stage.MOVING_ON: "Moved on",
}


@require("view_partnerships")
def partnership_list(request, platform_slug):
    platform, membership = request.platform, request.membership
    titles = selectors.goal_titles()
    goals = [(number, f"{number}. {title}") for number, title in titles.items()]
    form = PartnershipFilterForm(
        request.GET or None, goals=goals, show_mine=can(membership, "manage_partnerships")
    )
    page_obj = None
    nothing_visible = False
    if not form.errors:
        partnerships = selectors.partnership_list(
            platform=platform, membership=membership, filters=form.filters()
        )
        page_obj = Paginator(partnerships, PAGE_SIZE).get_page(request.GET.get("page"))
        if not page_obj.object_list and not form.filtered:
            nothing_visible = True
    rows = list(page_obj.object_list) if page_obj else []
    for partnership in rows:
        partnership.stage_short = STAGE_SHORT.get(partnership.stage, "")
        partnership.goal_badges = [(n, titles.get(n, "")) for n in partnership.goals]
    return render(
        request,
        "partnerships/partnerships/list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "partnerships": rows,
            "filtered": form.filtered,
            "nothing_visible": nothing_visible,
            "is_partner": membership.role == Role.PARTNER_REPRESENTATIVE,
        },
    )


def _gate(platform, partnership: Partnership) -> dict | None:
    """The next stage, what its gate needs in words, and what is still missing (each
    with the page that records it). None at the last stage."""
    if partnership.stage >= Stage.MOVING_ON:
        return None
    from partnerships.services.journey import GATE_NEEDS, broken_since, gate_check

    next_stage = partnership.stage + 1
    return {
        # What a passed stage agreed that no longer holds (a partner left, say).
        "undone": [
            (stage, [item.message for item in items])
            for stage, items in broken_since(partnership=partnership)
        ],
        "stage": Stage(next_stage).label,
        "needs": GATE_NEEDS.get(next_stage, ""),
        "missing": [
            {"message": item.message, "url": item.url(platform=platform, partnership=partnership)}
            for item in gate_check(partnership=partnership)
        ],
    }


def _targets(partnership: Partnership) -> list[tuple[str, str]]:
    texts = selectors.target_texts(codes=partnership.targets)
    return [(code, texts.get(code, "")) for code in partnership.targets]


@require("view_partnerships")
def partnership_detail(request, platform_slug, public_id):
    """The overview: where the partnership stands."""
    platform, membership = request.platform, request.membership
    partnership = partnership_get(platform=platform, membership=membership, public_id=public_id)
    today = platform.today()
    scope = {"platform": platform, "partnership": partnership}
    titles = selectors.goal_titles()
    return render(
        request,
        "partnerships/partnerships/detail.html",
        {
            "partnership": partnership,
            "stage_short": STAGE_SHORT.get(partnership.stage, ""),
            "goals": [(n, titles.get(n, "")) for n in partnership.goals],
            "targets": _targets(partnership),
            "gate": _gate(platform, partnership),
            "health": page.overview_health(**scope),
            "commitments": page.overview_commitments(**scope, today=today),
            "partners": page.overview_partners(**scope),
            "brokers": selectors.partnership_brokers(**scope),
            "activity": page.overview_activity(**scope, membership=membership),
            "today": today,
            "can_change": can_change(membership=membership, partnership=partnership),
        },
    )


def _form(request, *, partnership: Partnership | None) -> PartnershipForm:
    platform = request.platform
    return PartnershipForm(
        request.POST or None,
        initial=PartnershipForm.initial_from(partnership) if partnership else None,
        goals=selectors.goal_choices(),
        organisations=selectors.organisation_choices(
            platform=platform, keep_id=partnership.lead_organisation_id if partnership else None
        ),
        maps=selectors.map_choices(platform=platform),
    )


def _references(request, form: PartnershipForm) -> dict:
    """The lead organisation and the map the form chose, as objects of this platform (the
    form's choices were this platform's, so both are found)."""
    platform = request.platform
    lead_id, map_id = form.cleaned_data["lead_organisation"], form.cleaned_data["stakeholder_map"]
    return {
        "lead_organisation": selectors.organisation_for_lead(platform=platform, public_id=lead_id)
        if lead_id
        else None,
        "stakeholder_map": selectors.map_for_partnership(platform=platform, public_id=map_id)
        if map_id
        else None,
    }


def _form_page(request, form, *, partnership):
    return render(
        request,
        "partnerships/partnerships/form.html",
        {"form": form, "partnership": partnership, "targets_by_goal": selectors.targets_by_goal()},
    )


@require("create_partnerships")
def partnership_create(request, platform_slug):
    platform = request.platform
    form = _form(request, partnership=None)
    if request.method == "POST" and form.is_valid():
        try:
            partnership = services.partnership_create(
                platform=platform,
                actor=request.user,
                **form.service_fields(),
                **_references(request, form),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"{partnership.title} is created, at stage 1.")
            return redirect("partnership_detail", platform.slug, partnership.public_id)
    return _form_page(request, form, partnership=None)


@require("create_partnerships")
def partnership_edit(request, platform_slug, public_id):
    platform = request.platform
    partnership = partnership_changeable(request, public_id)
    form = _form(request, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.partnership_update(
                platform=platform,
                partnership=partnership,
                actor=request.user,
                **form.service_fields(),
                **_references(request, form),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"{partnership.title} is saved.")
            return redirect("partnership_detail", platform.slug, partnership.public_id)
    return _form_page(request, form, partnership=partnership)


@require("manage_partnerships")
def partnership_brokers(request, platform_slug, public_id):
    """GET lists the assigned brokers; POST assigns one (``assign``) or unassigns one
    (``unassign``: the membership's public id)."""
    platform = request.platform
    partnership = partnership_changeable(request, public_id)
    assigned = selectors.partnership_brokers(platform=platform, partnership=partnership)
    candidates = [
        m
        for m in selectors.broker_candidates(platform=platform)
        if m.pk not in {a.pk for a in assigned}
    ]
    form = BrokerForm(
        request.POST if request.method == "POST" and "assign" in request.POST else None,
        candidates=[
            (str(m.public_id), f"{display_name(m.user)} ({m.get_role_display()})")
            for m in candidates
        ],
    )
    if request.method == "POST":
        if "unassign" in request.POST:
            return _unassign(request, partnership, assigned)
        if form.is_valid():
            chosen = next(m for m in candidates if m.public_id == form.cleaned_data["membership"])
            try:
                access.broker_assign(platform=platform, partnership=partnership, membership=chosen)
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(
                    request, f"{display_name(chosen.user)} is assigned to {partnership.title}."
                )
                return redirect("partnership_brokers", platform.slug, partnership.public_id)
    return render(
        request,
        "partnerships/partnerships/brokers.html",
        {"partnership": partnership, "assigned": assigned, "form": form},
    )


def _unassign(request, partnership: Partnership, assigned: list):
    platform = request.platform
    wanted = request.POST.get("unassign", "").strip().lower()
    chosen = next((m for m in assigned if str(m.public_id) == wanted), None)
    if chosen is None:
        messages.error(request, "That member is not assigned to this partnership.")
        return redirect("partnership_brokers", platform.slug, partnership.public_id)
    access.broker_unassign(platform=platform, partnership=partnership, membership=chosen)
    messages.success(request, f"{display_name(chosen.user)} is no longer assigned.")
    if not can_change(membership=request.membership, partnership=partnership):
        # Brokers who unassigned themselves may no longer manage the brokers.
        return redirect("partnership_detail", platform.slug, partnership.public_id)
    return redirect("partnership_brokers", platform.slug, partnership.public_id)
