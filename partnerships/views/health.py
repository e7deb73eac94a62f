"""The fundamentals health check: the rounds of a partnership with the latest results and
the trend, one round's results, opening and closing a round (admins and assigned brokers),
a partner representative's response, and the representative's own list of rounds.

Each page runs a fixed number of queries: results are aggregated in SQL per round.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from partnerships.charts.health import Row, Series, spread_svg, trend_svg
from partnerships.forms.health import EXPLANATIONS, HealthResponseForm, HealthRoundForm
from partnerships.models import FUNDAMENTALS, Fundamental
from partnerships.selectors import health as selectors
from partnerships.selectors.access import can_change
from partnerships.selectors.representation import represented_organisation, represented_partner
from partnerships.services import health as services
from partnerships.services.agreed_checks import day
from partnerships.views.common import change_check, partnership_changeable, partnership_seen
from platforms.forms import form_add_service_errors
from platforms.permissions import require

NOT_A_PARTNER = "Your organisation is not a current partner of this partnership."


def _my_partner(request, partnership):
    """The representative's partner in this partnership (None for everyone else). The
    partnership was found through partnership_get: this only says which partner answers."""
    return represented_partner(
        platform=request.platform, membership=request.membership, partnership=partnership
    )


def _rows(results: selectors.RoundResults) -> list[Row]:
    return [
        Row(f.label, f.ratings, f.average, f.std_dev, f.minimum, f.maximum)
        for f in results.fundamentals
    ]


def _spread_chart(health_round, results) -> str:
    return spread_svg(
        _rows(results),
        title=f"{health_round.title}: ratings per fundamental",
        responses=results.responses,
    )


@require("view_partnerships")
def health_list(request, platform_slug, public_id):
    platform = request.platform
    partnership = partnership_seen(request, public_id)
    today = platform.today()
    rounds = list(selectors.round_list(platform=platform, partnership=partnership, today=today))
    by_round = selectors.trend(platform=platform, partnership=partnership)
    latest = next((r for r in rounds if r.pk in by_round), None)
    latest_results = (
        selectors.round_results(platform=platform, health_round=latest) if latest else None
    )
    chronological = [r for r in reversed(rounds) if r.pk in by_round]
    series = [
        Series(label, [by_round[r.pk].fundamentals[i].average for r in chronological])
        for i, label in enumerate(Fundamental.labels)
    ]
    trend_rows = [
        (label, [by_round[r.pk].fundamentals[i] for r in chronological])
        for i, label in enumerate(Fundamental.labels)
    ]
    my_partner = _my_partner(request, partnership)
    return render(
        request,
        "partnerships/health/list.html",
        {
            "partnership": partnership,
            "rounds": rounds,
            "active_partners": selectors.active_partner_count(
                platform=platform, partnership=partnership
            ),
            "latest": latest,
            "latest_results": latest_results,
            "spread_chart": _spread_chart(latest, latest_results) if latest else "",
            "chronological": chronological,
            "trend_chart": trend_svg(
                series,
                round_labels=[r.title for r in chronological],
                title=f"{partnership.title}: average per fundamental across rounds",
            )
            if len(chronological) > 1
            else "",
            "trend_rows": trend_rows,
            "can_change": can_change(membership=request.membership, partnership=partnership),
            "my_partner": my_partner,
            "has_open": any(r.is_open for r in rounds),
        },
    )


@require("view_partnerships")
def health_round_detail(request, platform_slug, public_id, round_id):
    platform = request.platform
    partnership = partnership_seen(request, public_id)
    health_round = selectors.round_get(
        platform=platform, partnership=partnership, public_id=round_id, today=platform.today()
    )
    results = selectors.round_results(platform=platform, health_round=health_round)
    partners = selectors.respondents(platform=platform, health_round=health_round)
    my_partner = _my_partner(request, partnership)
    return render(
        request,
        "partnerships/health/detail.html",
        {
            "partnership": partnership,
            "health_round": health_round,
            "results": results,
            "chart": _spread_chart(health_round, results),
            "comments": selectors.comments_by_fundamental(
                platform=platform, health_round=health_round
            ),
            "responded": [p for p in partners if p.responded],
            "waiting": [p for p in partners if not p.responded],
            "can_change": can_change(membership=request.membership, partnership=partnership),
            "my_partner": my_partner,
            "my_response": any(
                p.responded for p in partners if my_partner and p.pk == my_partner.pk
            ),
        },
    )


@require("manage_partnerships")
def health_round_create(request, platform_slug, public_id):
    platform = request.platform
    partnership = partnership_changeable(request, public_id)
    form = HealthRoundForm(request.POST or None, today=platform.today())
    if request.method == "POST" and form.is_valid():
        try:
            health_round = services.health_round_open(
                platform=platform, partnership=partnership, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"“{health_round.title}” is open until {day(health_round.closes_on)}. "
                "Partner representatives find it under “Health checks”.",
            )
            return redirect(
                "health_round_detail", platform.slug, partnership.public_id, health_round.public_id
            )
    return render(
        request,
        "partnerships/health/round_form.html",
        {"partnership": partnership, "form": form},
    )


@require_POST
@require("manage_partnerships")
def health_round_close(request, platform_slug, public_id, round_id):
    platform = request.platform
    partnership = partnership_seen(request, public_id)
    health_round = selectors.round_get(
        platform=platform, partnership=partnership, public_id=round_id, today=platform.today()
    )
    change_check(request, partnership)
    try:
        services.health_round_close(
            platform=platform, health_round=health_round, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{health_round.title}” is closed.")
    return redirect("health_round_detail", platform.slug, partnership.public_id, round_id)


@require("respond_health_checks")
def health_respond(request, platform_slug, public_id, round_id):
    platform = request.platform
    partnership = partnership_seen(request, public_id)
    health_round = selectors.round_get(
        platform=platform, partnership=partnership, public_id=round_id, today=platform.today()
    )
    partner = _my_partner(request, partnership)
    if partner is None:
        raise Http404(NOT_A_PARTNER)
    detail_url = reverse(
        "health_round_detail", args=[platform.slug, partnership.public_id, health_round.public_id]
    )
    if not health_round.is_open:
        messages.error(request, services.round_closed_message(health_round))
        return redirect(detail_url)
    previous = selectors.response_of(platform=platform, health_round=health_round, partner=partner)
    form = HealthResponseForm(
        request.POST or None, initial=HealthResponseForm.initial_from(previous)
    )
    if request.method == "POST" and form.is_valid():
        try:
            _, created = services.health_respond(
                platform=platform,
                round=health_round,
                partner=partner,
                actor=request.user,
                ratings=form.ratings(),
                comments=form.comments(),
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Thank you: {partner.organisation.name}'s response to “{health_round.title}” "
                + ("is recorded." if created else "replaces its earlier one."),
            )
            return redirect("health_my_rounds", platform.slug)
    return render(
        request,
        "partnerships/health/respond.html",
        {
            "partnership": partnership,
            "health_round": health_round,
            "partner": partner,
            "form": form,
            "previous": previous,
            "detail_url": detail_url,
        },
    )


@require("respond_health_checks")
def health_my_rounds(request, platform_slug):
    platform = request.platform
    today = platform.today()
    membership = request.membership
    organisation = represented_organisation(platform=platform, membership=membership)
    open_rounds, closed_rounds = [], []
    if organisation is not None:
        open_rounds = list(
            selectors.open_rounds_for_representative(
                platform=platform, membership=membership, today=today
            )
        )
        closed_rounds = list(
            selectors.closed_rounds_for_representative(
                platform=platform, membership=membership, today=today
            )
        )
    return render(
        request,
        "partnerships/health/my_rounds.html",
        {
            "organisation": organisation,
            "open_rounds": open_rounds,
            "closed_rounds": closed_rounds,
            "closed_limit": selectors.MY_CLOSED_ROUNDS,
            "explanations": [(Fundamental(n).label, EXPLANATIONS[n]) for n in FUNDAMENTALS],
        },
    )
