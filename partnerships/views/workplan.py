"""The work plan: the partnership's objectives with their expected results, the activities
under each (responsible partner, dates, status), and a timeline of the activities.

Everyone who may see the partnership sees its work plan; changing it takes a platform
admin or a broker assigned to the partnership (``partnership_changeable``, shared with the
resources and commitments pages)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from partnerships.charts.timeline import Line, timeline_svg
from partnerships.forms.workplan import ActivityForm, ObjectiveForm, partner_initial
from partnerships.models import Partnership
from partnerships.selectors import workplan as selectors
from partnerships.selectors.access import (
    can_change,
    partnership_get,
)
from partnerships.services import workplan as services
from partnerships.views.common import confirm_delete, delete_confirmed, partnership_changeable
from platforms.forms import form_add_service_errors
from platforms.permissions import require


def _plan_url(request, partnership: Partnership, anchor: str = "") -> str:
    url = reverse("work_plan", args=[request.platform.slug, partnership.public_id])
    return f"{url}#{anchor}" if anchor else url


@require("view_partnerships")
def work_plan(request, platform_slug, public_id):
    platform = request.platform
    partnership = partnership_get(
        platform=platform, membership=request.membership, public_id=public_id
    )
    objectives = selectors.work_plan(partnership=partnership)
    lines = [
        Line(a.title, a.starts_on, a.ends_on, a.status, a.get_status_display())
        for objective in objectives
        for a in objective.activities.all()
    ]
    return render(
        request,
        "partnerships/workplan/work_plan.html",
        {
            "partnership": partnership,
            "objectives": objectives,
            "activity_count": len(lines),
            "timeline": timeline_svg(
                lines,
                title=f"Timeline of the work plan of {partnership.title}",
                today=platform.today(),
            ),
            "today": platform.today(),
            "can_edit": can_change(membership=request.membership, partnership=partnership),
        },
    )


def _objective_form(request, partnership, objective=None):
    initial = (
        {
            "title": objective.title,
            "expected_results": objective.expected_results,
            "position": objective.position,
        }
        if objective
        else {}
    )
    form = ObjectiveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if objective is None:
                objective = services.objective_create(
                    platform=request.platform,
                    partnership=partnership,
                    actor=request.user,
                    **form.cleaned_data,
                )
                messages.success(request, f"The objective “{objective.title}” was added.")
            else:
                services.objective_update(
                    platform=request.platform,
                    objective=objective,
                    actor=request.user,
                    **form.cleaned_data,
                )
                messages.success(request, f"The objective “{objective.title}” was saved.")
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect(_plan_url(request, partnership, f"objective-{objective.public_id}"))
    return render(
        request,
        "partnerships/workplan/objective_form.html",
        {"partnership": partnership, "form": form, "objective": objective},
    )


@require("manage_partnerships")
def objective_create(request, platform_slug, public_id):
    return _objective_form(request, partnership_changeable(request, public_id))


@require("manage_partnerships")
def objective_edit(request, platform_slug, public_id, objective_id):
    partnership = partnership_changeable(request, public_id)
    objective = selectors.objective_get(partnership=partnership, public_id=objective_id)
    return _objective_form(request, partnership, objective)


@require("manage_partnerships")
def objective_delete(request, platform_slug, public_id, objective_id):
    partnership = partnership_changeable(request, public_id)
    objective = selectors.objective_get(partnership=partnership, public_id=objective_id)
    if request.method == "POST":
        return delete_confirmed(
            request,
            lambda: services.objective_delete(
                platform=request.platform, objective=objective, actor=request.user
            ),
            success=f"The objective “{objective.title}” was deleted.",
            back_url=_plan_url(request, partnership),
        )
    count = objective.activities.count()
    return confirm_delete(
        request,
        partnership=partnership,
        title=f"Delete the objective “{objective.title}”?",
        explanation=(
            f"Its {count} activit{'y' if count == 1 else 'ies'} will be deleted with it."
            if count
            else "It has no activities."
        ),
        back_url=_plan_url(request, partnership, f"objective-{objective.public_id}"),
    )


def _activity_form(request, partnership, objective, activity=None):
    current = activity.responsible if activity else None
    partners = selectors.partner_choices(partnership=partnership, current=current)
    initial = (
        {
            "title": activity.title,
            "responsible": partner_initial(activity.responsible),
            "starts_on": activity.starts_on,
            "ends_on": activity.ends_on,
            "status": activity.status,
        }
        if activity
        else {}
    )
    form = ActivityForm(request.POST or None, initial=initial, partners=partners)
    if request.method == "POST" and form.is_valid():
        try:
            if activity is None:
                activity = services.activity_create(
                    platform=request.platform,
                    objective=objective,
                    actor=request.user,
                    **form.cleaned_data,
                )
                messages.success(request, f"The activity “{activity.title}” was added.")
            else:
                services.activity_update(
                    platform=request.platform,
                    activity=activity,
                    actor=request.user,
                    **form.cleaned_data,
                )
                messages.success(request, f"The activity “{activity.title}” was saved.")
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            return redirect(_plan_url(request, partnership, f"objective-{objective.public_id}"))
    return render(
        request,
        "partnerships/workplan/activity_form.html",
        {
            "partnership": partnership,
            "form": form,
            "objective": objective,
            "activity": activity,
            "has_partners": bool(partners),
        },
    )


@require("manage_partnerships")
def activity_create(request, platform_slug, public_id, objective_id):
    partnership = partnership_changeable(request, public_id)
    objective = selectors.objective_get(partnership=partnership, public_id=objective_id)
    return _activity_form(request, partnership, objective)


@require("manage_partnerships")
def activity_edit(request, platform_slug, public_id, activity_id):
    partnership = partnership_changeable(request, public_id)
    activity = selectors.activity_get(partnership=partnership, public_id=activity_id)
    return _activity_form(request, partnership, activity.objective, activity)


@require("manage_partnerships")
def activity_delete(request, platform_slug, public_id, activity_id):
    partnership = partnership_changeable(request, public_id)
    activity = selectors.activity_get(partnership=partnership, public_id=activity_id)
    back_url = _plan_url(request, partnership, f"objective-{activity.objective.public_id}")
    if request.method == "POST":
        return delete_confirmed(
            request,
            lambda: services.activity_delete(
                platform=request.platform, activity=activity, actor=request.user
            ),
            success=f"The activity “{activity.title}” was deleted.",
            back_url=back_url,
        )
    return confirm_delete(
        request,
        partnership=partnership,
        title=f"Delete the activity “{activity.title}”?",
        explanation=f"It will no longer be part of the objective “{activity.objective.title}”.",
        back_url=back_url,
    )
