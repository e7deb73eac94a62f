"""Every open commitment of the platform that is overdue or due within 30 days.

Platform-wide, not filtered partnership by partnership: so only for the roles that see
every partnership (``view_all_partnerships``, the same set partnership_visible uses)."""

from django.core.paginator import Paginator
from django.shortcuts import render

from partnerships.forms.partnerships import CommitmentsDueFilterForm
from partnerships.selectors.overview import DUE_WINDOW
from partnerships.selectors.overview import commitments_due as due
from platforms.permissions import require

PAGE_SIZE = 25


@require("view_all_partnerships")
def commitments_due(request, platform_slug):
    platform = request.platform
    today = platform.today()
    form = CommitmentsDueFilterForm(request.GET or None)
    overdue_only = bool(form.filters().get("overdue"))
    rows = due(platform=platform, today=today, overdue_only=overdue_only)
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "partnerships/commitments_due.html",
        {
            "form": form,
            "page_obj": page_obj,
            "commitments": list(page_obj.object_list),
            "overdue_only": overdue_only,
            "today": today,
            "window_days": DUE_WINDOW.days,
        },
    )
