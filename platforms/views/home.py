"""The start page (``/``) and each platform's home page.

The home page is a grid of cards. Each card is one template and one function that
gathers what it shows; later features add a card by appending to CARDS. A card's
function runs a fixed number of queries, so the page does not slow down as data grows.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from platforms import rls, selectors
from platforms.models import Role
from platforms.permissions import can, require
from platforms.templatetags.ui import actor_name

RECENT = 5


@login_required
def index(request):
    """Send a member of one platform straight there; let a member of several choose."""
    memberships = selectors.memberships_of_user(user=request.user)
    if len(memberships) == 1:
        return redirect("home", platform_slug=memberships[0].platform.slug)
    # The switcher in the layout shows the same list: hand it over instead of asking again.
    return render(
        request,
        "platforms/index.html",
        {"memberships": memberships, "my_memberships": memberships},
    )


@dataclass(frozen=True)
class Card:
    template: str
    data: Callable  # (request) -> dict, given to the template as ``card``
    capability: str = "view_platform"


def _members(request) -> dict:
    counts = selectors.member_role_counts(platform=request.platform)
    return {
        "roles": [(label, counts[value]) for value, label in Role.choices],
        "total": sum(counts.values()),
    }


def _jobs(request) -> dict:
    return {
        "jobs": list(
            selectors.job_list(platform=request.platform, membership=request.membership)[:RECENT]
        )
    }


def _activity(request) -> dict:
    events = list(selectors.audit_event_list(platform=request.platform)[:RECENT])
    kinds = rls.audited_models()
    return {
        "events": [
            {
                "event": event,
                "who": actor_name(event),
                "what": rls.audited_label(kinds[event.table_name])
                if event.table_name in kinds
                else event.table_name,
            }
            for event in events
        ]
    }


def _next_steps(request) -> dict:
    membership = request.membership
    return {
        "invite": can(membership, "manage_members"),
        "brand": can(membership, "manage_platform") and not request.platform.logo,
        "api_key": not selectors.api_key_list(membership=membership).exists(),
    }


CARDS: list[Card] = [
    Card("platforms/home/members.html", _members),
    Card("platforms/home/jobs.html", _jobs, "view_jobs"),
    Card("platforms/home/activity.html", _activity, "view_activity"),
    Card("platforms/home/next_steps.html", _next_steps),
]


@require("view_platform")
def platform_home(request, platform_slug):
    cards = [
        (card.template, card.data(request))
        for card in CARDS
        if can(request.membership, card.capability)
    ]
    # The middleware activated the platform's time zone, so "today" is the platform's today.
    return render(request, "platforms/home.html", {"cards": cards, "today": timezone.localdate()})
