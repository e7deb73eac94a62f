"""The journey pages: where a partnership stands on its ten stages, what its next gate
still needs (each item linked to the page that records it), moving it forward or back,
and recording its vision and common purpose.

Everyone who may see the partnership sees its journey; moving it and editing its vision
take a platform admin or a broker assigned to it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from partnerships.forms.journey import MoveForm, VisionForm
from partnerships.models import Ending, Stage
from partnerships.selectors.access import CHANGE_REFUSED, can_change
from partnerships.selectors.journey import journey_steps, stage_moves
from partnerships.services import journey as services
from partnerships.services.journey import (
    GATE_NEEDS,
    GateRefused,
    broken_since,
    gate_check,
    stage_name,
)
from partnerships.views.common import partnership_changeable, partnership_seen
from platforms.forms import form_add_service_errors
from platforms.permissions import require


def _journey_url(platform, partnership) -> str:
    return reverse("partnership_journey", args=[platform.slug, partnership.public_id])


@require("view_partnerships")
def partnership_journey(request, platform_slug, public_id):
    platform = request.platform
    partnership = partnership_seen(request, public_id)
    current = partnership.stage
    next_stage = current + 1 if current < Stage.MOVING_ON else None
    missing = [
        (item, item.url(platform=platform, partnership=partnership))
        for item in gate_check(partnership=partnership)
    ]
    # What a passed gate checked and no longer holds (a partner left after stage 5).
    undone = [
        (stage, [(item, item.url(platform=platform, partnership=partnership)) for item in items])
        for stage, items in broken_since(partnership=partnership)
    ]
    return render(
        request,
        "partnerships/journey/journey.html",
        {
            "partnership": partnership,
            "steps": journey_steps(partnership=partnership),
            "current_name": stage_name(current),
            "next_stage": next_stage,
            "next_name": stage_name(next_stage) if next_stage else "",
            "next_needs": GATE_NEEDS.get(next_stage, "") if next_stage else "",
            "missing": missing,
            "undone": undone,
            "moved_on": current >= Stage.MOVING_ON,
            "moving_on": next_stage == Stage.MOVING_ON,
            "earlier": [(stage, label) for stage, label in Stage.choices if stage < current],
            "endings": Ending.choices,
            "moves": list(stage_moves(platform=platform, partnership=partnership)),
            "can_change": can_change(membership=request.membership, partnership=partnership),
        },
    )


@require_POST
@require("manage_partnerships")
def partnership_move(request, platform_slug, public_id):
    platform = request.platform
    partnership = partnership_changeable(request, public_id)
    journey_url = _journey_url(platform, partnership)
    form = MoveForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(journey_url)
    to_stage = form.cleaned_data["to_stage"]
    try:
        move = services.partnership_move(
            platform=platform, partnership=partnership, actor=request.user, **form.cleaned_data
        )
    except GateRefused as refused:
        messages.error(
            request,
            f"{partnership.title} did not move to stage {to_stage} ({stage_name(to_stage)}): "
            f"{len(refused.missing)} thing{'s are' if len(refused.missing) > 1 else ' is'} "
            "still missing.",
        )
        for item in refused.missing:
            messages.error(request, item.message)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        direction = "back" if move.is_back else "on"
        messages.success(
            request,
            f"{partnership.title} moved {direction} to stage {move.to_stage}: "
            f"{stage_name(move.to_stage)}.",
        )
    return redirect(journey_url)


@require("view_partnerships")
def partnership_vision(request, platform_slug, public_id):
    platform = request.platform
    partnership = partnership_seen(request, public_id)
    changeable = can_change(membership=request.membership, partnership=partnership)
    if request.method == "POST" and not changeable:
        raise PermissionDenied(CHANGE_REFUSED)
    form = VisionForm(
        request.POST or None,
        initial={"vision": partnership.vision, "purpose": partnership.purpose},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.partnership_vision_update(
                platform=platform, partnership=partnership, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request, f"The vision and common purpose of {partnership.title} were saved."
            )
            return redirect(_journey_url(platform, partnership))
    return render(
        request,
        "partnerships/journey/vision.html",
        {"partnership": partnership, "form": form, "can_change": changeable},
    )
