"""The engagement log: every interaction of the platform, logging one with an
organisation, correcting one, marking its follow-up done, and the home page's card of
follow-ups that are due.

"Today" is the platform's today (a follow-up dated the 15th is due on the 15th in
Colombo, hours before it is the 15th in Paris).
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from platforms.forms import form_add_service_errors
from platforms.permissions import can, require
from stakeholders.forms.interactions import InteractionFilterForm, InteractionForm
from stakeholders.models import Interaction
from stakeholders.selectors import interactions as selectors
from stakeholders.selectors.organisations import organisation_get
from stakeholders.services import interactions as services
from stakeholders.services.interactions import (
    INTERACTION_FIELDS,
    interaction_archived_message,
)

PAGE_SIZE = 25
CARD_SIZE = 5


@dataclass(frozen=True)
class Row:
    interaction: Interaction
    follow_up: str  # Interaction.follow_up_state, or "" without a follow-up


@require("view_organisations")
def interaction_list(request, platform_slug):
    platform = request.platform
    today = platform.today()
    form = InteractionFilterForm(request.GET or None, platform=platform)
    rows: list[Row] = []
    page = None
    valid = form.is_bound and form.is_valid()
    if not form.is_bound or valid:
        filters = form.filters() if form.is_bound else {}
        interactions = selectors.interaction_list(platform=platform, today=today, filters=filters)
        page = Paginator(interactions, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = [Row(i, i.follow_up_state(today)) for i in page.object_list]
    filtered = form.is_bound and any(value for key, value in request.GET.items() if key != "page")
    # Filtered to one organisation (from its page): name it, and offer the whole log back
    # with the other filters kept.
    organisation = form.cleaned_data.get("organisation") if valid else None
    widen = request.GET.copy()
    for key in ("organisation", "page"):
        widen.pop(key, None)
    return render(
        request,
        "stakeholders/interactions/list.html",
        {
            "form": form,
            "rows": rows,
            "page_obj": page,
            "filtered": filtered,
            "by_follow_up": valid and bool(form.cleaned_data["follow_ups"]),
            "organisation": organisation,
            "every_organisation_query": widen.urlencode(),
            "can_log": can(request.membership, "log_interactions"),
            "today": today,
        },
    )


@require("log_interactions")
def interaction_create(request, platform_slug, public_id):
    platform = request.platform
    organisation = organisation_get(platform=platform, public_id=public_id)
    detail_url = reverse("organisation_detail", args=[platform.slug, organisation.public_id])
    if organisation.is_archived:
        messages.error(request, interaction_archived_message(organisation))
        return redirect(detail_url)
    form = InteractionForm(request.POST or None, today=platform.today())
    if request.method == "POST" and form.is_valid():
        try:
            interaction = services.interaction_create(
                platform=platform,
                organisation=organisation,
                actor=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"The {interaction.get_kind_display().lower()} “{interaction.subject}” with "
                f"{organisation.name} is in the engagement log.",
            )
            return redirect(detail_url)
    return render(
        request,
        "stakeholders/interactions/form.html",
        {"form": form, "organisation": organisation, "interaction": None, "back_url": detail_url},
    )


@require("log_interactions")
def interaction_edit(request, platform_slug, public_id):
    platform = request.platform
    interaction = selectors.interaction_get(platform=platform, public_id=public_id)
    back_url = _next_url(request, reverse("interaction_list", args=[platform.slug]))
    form = InteractionForm(
        request.POST or None,
        initial={name: getattr(interaction, name) for name in INTERACTION_FIELDS},
        today=platform.today(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.interaction_update(
                platform=platform, interaction=interaction, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"“{interaction.subject}” was saved.")
            return redirect(back_url)
    return render(
        request,
        "stakeholders/interactions/form.html",
        {
            "form": form,
            "organisation": interaction.organisation,
            "interaction": interaction,
            "back_url": back_url,
        },
    )


@require_POST
@require("log_interactions")
def interaction_follow_up_done(request, platform_slug, public_id):
    platform = request.platform
    interaction = selectors.interaction_get(platform=platform, public_id=public_id)
    try:
        services.interaction_follow_up_complete(
            platform=platform, interaction=interaction, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"The follow-up of “{interaction.subject}” with {interaction.organisation.name} "
            "is done.",
        )
    return redirect(_next_url(request, reverse("interaction_list", args=[platform.slug])))


def follow_ups_card(request) -> dict:
    """The home page card (registered in stakeholders.apps): follow-ups due, the most
    overdue first. Two queries at most, however many are due."""
    platform = request.platform
    today = platform.today()
    due = selectors.follow_ups_due(platform=platform, today=today)
    # One more than shown tells whether there are more, without counting when there are not.
    shown = list(due[: CARD_SIZE + 1])
    total = due.count() if len(shown) > CARD_SIZE else len(shown)
    return {
        "rows": [Row(i, i.follow_up_state(today)) for i in shown[:CARD_SIZE]],
        "total": total,
        "more": max(total - CARD_SIZE, 0),
    }


def _next_url(request, default: str) -> str:
    """Where to go back to: the page the form came from (only this site's), else default."""
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default
