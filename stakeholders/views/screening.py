"""Screening (due diligence) pages: the platform's criteria, a screening's life (open,
record and decide, view), an organisation's history, and what is due for renewal."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from platforms.forms import form_add_service_errors
from platforms.permissions import can, require
from stakeholders.forms.screening import CriterionForm, RenewalWindowForm, ScreeningForm
from stakeholders.models import Organisation, ScreeningDecision
from stakeholders.selectors import screening as selectors
from stakeholders.selectors.organisations import organisation_get
from stakeholders.services import screening as services

HISTORY_PAGE_SIZE = 25
RENEWALS_PAGE_SIZE = 25


# --- Criteria -------------------------------------------------------------------------


@require("view_organisations")
def criterion_list(request, platform_slug):
    """The published criteria for everyone who reads the registry; admins also see the
    retired ones and can edit."""
    platform = request.platform
    is_admin = can(request.membership, "manage_screening_criteria")
    criteria = list(selectors.criterion_list(platform=platform, include_retired=is_admin))
    return render(
        request,
        "stakeholders/screening/criteria.html",
        {
            "criteria": criteria,
            "is_admin": is_admin,
            "has_any": bool(criteria) or selectors.criterion_exists(platform=platform),
        },
    )


@require_POST
@require("manage_screening_criteria")
def criterion_defaults(request, platform_slug):
    """Add DOMAIN.md's default criteria to a platform that has none (made before screening)."""
    added = services.screening_criteria_seed(platform=request.platform, actor=request.user)
    if added:
        messages.success(request, f"Added the {added} default criteria.")
    else:
        messages.info(request, "The platform already has criteria, so the defaults were not added.")
    return redirect("criterion_list", platform_slug=request.platform.slug)


@require("manage_screening_criteria")
def criterion_create(request, platform_slug):
    platform = request.platform
    form = CriterionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            criterion = services.criterion_create(
                platform=platform, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"Published the criterion “{criterion.name}”.")
            return redirect("criterion_list", platform_slug=platform.slug)
    return render(
        request, "stakeholders/screening/criterion_form.html", {"form": form, "criterion": None}
    )


@require("manage_screening_criteria")
def criterion_edit(request, platform_slug, public_id):
    platform = request.platform
    criterion = selectors.criterion_get(platform=platform, public_id=public_id)
    initial = {
        "name": criterion.name,
        "description": criterion.description,
        "position": criterion.position,
        "is_active": criterion.is_active,
    }
    form = CriterionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.criterion_update(
                platform=platform,
                criterion=criterion,
                actor=request.user,
                name=data["name"],
                description=data["description"],
                position=criterion.position if data["position"] is None else data["position"],
                is_active=data["is_active"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            messages.success(request, f"Saved the criterion “{criterion.name}”.")
            return redirect("criterion_list", platform_slug=platform.slug)
    return render(
        request,
        "stakeholders/screening/criterion_form.html",
        {"form": form, "criterion": criterion},
    )


# --- Screenings -----------------------------------------------------------------------


@require("screen_organisations")
def screening_create(request, platform_slug, public_id):
    """GET: what opening a screening means, or why it cannot be opened. POST: open it."""
    platform = request.platform
    organisation = organisation_get(platform=platform, public_id=public_id)
    if request.method == "POST":
        try:
            screening = services.screening_open(
                platform=platform, organisation=organisation, actor=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("screening_create", platform_slug=platform.slug, public_id=public_id)
        messages.success(request, f"Opened a screening of {organisation.name}.")
        return redirect(
            "screening_edit", platform_slug=platform.slug, public_id=screening.public_id
        )
    return render(
        request,
        "stakeholders/screening/create.html",
        {
            "organisation": organisation,
            "open_screening": selectors.screening_open_get(
                platform=platform, organisation=organisation
            ),
            "criteria": list(selectors.criterion_list(platform=platform)),
        },
    )


def _one_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@require("screen_organisations")
def screening_edit(request, platform_slug, public_id):
    platform = request.platform
    screening = selectors.screening_get(platform=platform, public_id=public_id)
    if screening.decision != ScreeningDecision.PENDING:
        messages.error(request, services.CLOSED)
        return redirect("screening_detail", platform_slug=platform.slug, public_id=public_id)
    findings = selectors.screening_findings(screening=screening)
    today = platform.today()
    initial = {
        "risk_level": screening.risk_level,
        "decision": screening.decision,
        "conditions": screening.conditions,
        "summary": screening.summary,
        "renew_by": screening.renew_by,
    }
    form = ScreeningForm(
        request.POST or None,
        initial={k: v for k, v in initial.items() if v},
        findings=findings,
        suggested_renew_by=_one_year_after(today),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            screening = services.screening_update(
                platform=platform,
                screening=screening,
                actor=request.user,
                findings=form.finding_inputs(),
                risk_level=data["risk_level"],
                decision=data["decision"],
                conditions=data["conditions"],
                summary=data["summary"],
                renew_by=data["renew_by"],
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            if screening.decision == ScreeningDecision.PENDING:
                messages.success(request, "Saved. The screening stays open until you decide.")
                return redirect("screening_edit", platform_slug=platform.slug, public_id=public_id)
            messages.success(
                request,
                f"Decided: {screening.organisation.name} is {screening.get_decision_display().lower()}.",
            )
            return redirect("screening_detail", platform_slug=platform.slug, public_id=public_id)
    return render(
        request,
        "stakeholders/screening/edit.html",
        {
            "screening": screening,
            "organisation": screening.organisation,
            "form": form,
            "today": today,
        },
    )


@require("view_organisations")
def screening_detail(request, platform_slug, public_id):
    screening = selectors.screening_get(platform=request.platform, public_id=public_id)
    return render(
        request,
        "stakeholders/screening/detail.html",
        {
            "screening": screening,
            "organisation": screening.organisation,
            "findings": selectors.screening_findings(screening=screening),
        },
    )


@require("view_organisations")
def screening_history(request, platform_slug, public_id):
    platform = request.platform
    organisation = organisation_get(platform=platform, public_id=public_id)
    screenings = selectors.screening_history(platform=platform, organisation=organisation)
    page_obj = Paginator(screenings, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "stakeholders/screening/history.html",
        {"organisation": organisation, "page_obj": page_obj, "screenings": list(page_obj)},
    )


# --- Renewals -------------------------------------------------------------------------


@dataclass(frozen=True)
class RenewalRow:
    organisation: Organisation
    days: int  # days left (negative: overdue)

    @property
    def overdue(self) -> int:
        return -self.days


@dataclass(frozen=True)
class Table:
    page: Page
    rows: list
    param: str
    previous_query: str
    next_query: str


def _table(request, queryset, param: str, row=None) -> Table:
    page = Paginator(queryset, RENEWALS_PAGE_SIZE).get_page(request.GET.get(param))

    def query(number: int) -> str:
        params = request.GET.copy()
        params[param] = str(number)
        return "?" + params.urlencode()

    return Table(
        page=page,
        rows=[row(item) if row else item for item in page],
        param=param,
        previous_query=query(page.previous_page_number()) if page.has_previous() else "",
        next_query=query(page.next_page_number()) if page.has_next() else "",
    )


@require("view_organisations")
def screening_renewals(request, platform_slug):
    """Clearances that expired, clearances due soon, and screenings awaiting a decision.
    Each table pages on its own, so the page runs a fixed number of queries."""
    platform = request.platform
    today = platform.today()
    window_form = RenewalWindowForm(request.GET or None)
    days = window_form.window()

    def renewal(organisation: Organisation) -> RenewalRow:
        return RenewalRow(
            organisation=organisation, days=(organisation.screening_renew_by - today).days
        )

    return render(
        request,
        "stakeholders/screening/renewals.html",
        {
            "today": today,
            "days": days,
            "window_form": window_form,
            "expired": _table(
                request,
                selectors.renewals_expired(platform=platform, today=today),
                "expired_page",
                renewal,
            ),
            "due": _table(
                request,
                selectors.renewals_due(platform=platform, today=today, days=days),
                "due_page",
                renewal,
            ),
            "open": _table(request, selectors.screenings_open(platform=platform), "open_page"),
            "due_until": today + timedelta(days=days),
        },
    )
