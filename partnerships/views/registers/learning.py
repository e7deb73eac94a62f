"""The "Risks and learning" tab, continued: the divergences partners acknowledged and
the lessons learned. Same access rules as partnerships.views.registers.risks."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from partnerships.forms.registers import DivergenceForm, LessonForm
from partnerships.selectors import registers as selectors
from partnerships.selectors.access import can_change
from partnerships.services import registers as services
from partnerships.views.common import partnership_changeable, partnership_seen
from partnerships.views.registers.common import form_data, tab_url
from platforms.forms import form_add_service_errors
from platforms.permissions import require

# Divergences ----------------------------------------------------------------------------


@require("view_partnerships")
def divergence_list(request, platform_slug, public_id):
    partnership = partnership_seen(request, public_id)
    return render(
        request,
        "partnerships/registers/divergence_list.html",
        {
            "partnership": partnership,
            "divergences": selectors.divergence_list(
                platform=request.platform, partnership=partnership
            ),
            "can_change": can_change(membership=request.membership, partnership=partnership),
        },
    )


def _divergence_form_page(request, partnership, divergence, form):
    return render(
        request,
        "partnerships/registers/divergence_form.html",
        {
            "partnership": partnership,
            "divergence": divergence,
            "form": form,
            "back_url": tab_url("divergence_list", request, partnership),
        },
    )


@require("manage_partnerships")
def divergence_create(request, platform_slug, public_id):
    partnership = partnership_changeable(request, public_id)
    form = DivergenceForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.divergence_create(
                platform=request.platform,
                partnership=partnership,
                actor=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The divergence is recorded.")
            return redirect(tab_url("divergence_list", request, partnership))
    return _divergence_form_page(request, partnership, None, form)


@require("manage_partnerships")
def divergence_edit(request, platform_slug, public_id, divergence_id):
    platform = request.platform
    partnership = partnership_changeable(request, public_id)
    divergence = selectors.divergence_get(
        platform=platform, partnership=partnership, public_id=divergence_id
    )
    form = DivergenceForm(
        form_data(request),
        initial={name: getattr(divergence, name) for name in services.DIVERGENCE_FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.divergence_update(
                platform=platform,
                partnership=partnership,
                divergence=divergence,
                actor=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The divergence was saved.")
            return redirect(tab_url("divergence_list", request, partnership))
    return _divergence_form_page(request, partnership, divergence, form)


@require("manage_partnerships")
def divergence_delete(request, platform_slug, public_id, divergence_id):
    platform = request.platform
    partnership = partnership_changeable(request, public_id)
    divergence = selectors.divergence_get(
        platform=platform, partnership=partnership, public_id=divergence_id
    )
    back_url = tab_url("divergence_list", request, partnership)
    if request.method == "POST":
        services.divergence_delete(
            platform=platform, partnership=partnership, divergence=divergence, actor=request.user
        )
        messages.success(request, "The divergence was removed.")
        return redirect(back_url)
    return render(
        request,
        "partnerships/registers/delete.html",
        {
            "partnership": partnership,
            "what": "divergence",
            "text": divergence.description,
            "back_url": back_url,
        },
    )


# Lessons learned ------------------------------------------------------------------------


@require("view_partnerships")
def lesson_list(request, platform_slug, public_id):
    partnership = partnership_seen(request, public_id)
    return render(
        request,
        "partnerships/registers/lesson_list.html",
        {
            "partnership": partnership,
            "lessons": selectors.lesson_list(platform=request.platform, partnership=partnership),
            "can_change": can_change(membership=request.membership, partnership=partnership),
        },
    )


@require("manage_partnerships")
def lesson_create(request, platform_slug, public_id):
    partnership = partnership_changeable(request, public_id)
    back_url = tab_url("lesson_list", request, partnership)
    form = LessonForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.lesson_create(
                platform=request.platform,
                partnership=partnership,
                actor=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The lesson is recorded.")
            return redirect(back_url)
    return render(
        request,
        "partnerships/registers/lesson_form.html",
        {"partnership": partnership, "form": form, "back_url": back_url},
    )


@require("manage_partnerships")
def lesson_delete(request, platform_slug, public_id, lesson_id):
    platform = request.platform
    partnership = partnership_changeable(request, public_id)
    lesson = selectors.lesson_get(platform=platform, partnership=partnership, public_id=lesson_id)
    back_url = tab_url("lesson_list", request, partnership)
    if request.method == "POST":
        services.lesson_delete(
            platform=platform, partnership=partnership, lesson=lesson, actor=request.user
        )
        messages.success(request, "The lesson was removed.")
        return redirect(back_url)
    return render(
        request,
        "partnerships/registers/delete.html",
        {"partnership": partnership, "what": "lesson", "text": lesson.text, "back_url": back_url},
    )
