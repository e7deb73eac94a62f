"""The registry as a CSV file: the list's current filters and search, one row per
contact (stakeholders.csvio)."""

import csv
from collections.abc import Iterator

from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from platforms.permissions import require
from platforms.tenancy import platform_transaction
from stakeholders import csvio
from stakeholders.selectors.organisations import organisation_list_with_contacts
from stakeholders.views.organisations import filter_form

# Organisations fetched per query; each chunk's contacts take one more query.
CHUNK_SIZE = 500


class _Echo:
    """A file-like object whose write returns the line: csv.writer then yields lines."""

    def write(self, value: str) -> str:
        return value


@require("view_organisations")
def organisation_export(request, platform_slug):
    platform = request.platform
    form = filter_form(request)
    if form.errors:
        messages.error(request, "Some filters are not valid, so nothing was exported.")
        return redirect(
            reverse("organisation_list", args=[platform.slug]) + "?" + request.GET.urlencode()
        )
    filters = form.filters()
    response = StreamingHttpResponse(
        _lines(platform=platform, user_id=request.user.pk, filters=filters),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"organisations-{platform.slug}-{platform.today().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _lines(*, platform, user_id: int, filters: dict) -> Iterator[str]:
    writer = csv.writer(_Echo())
    # A BOM, so spreadsheet programs read the file as UTF-8 (names in Sinhala, Tamil...).
    yield "\ufeff" + writer.writerow(csvio.COLUMNS)
    # The response streams after the view returned and the request's transaction ended:
    # reading tenant rows needs a transaction scoped to the platform of its own.
    with platform_transaction(platform.pk, user_id=user_id):
        organisations = organisation_list_with_contacts(platform=platform, filters=filters)
        for organisation in organisations.iterator(chunk_size=CHUNK_SIZE):
            for row in csvio.organisation_rows(organisation):
                yield writer.writerow(row)
