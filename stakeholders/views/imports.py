"""The CSV import pages: upload, the check's report and confirmation, the list of imports.

The work runs in background jobs (stakeholders.services.imports); these pages start
them and show how they went.
"""

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from platforms.forms import form_add_service_errors
from platforms.permissions import require
from stakeholders.csvio import COLUMNS, REQUIRED, THEME_SEPARATOR
from stakeholders.forms.imports import ImportConfirmForm, ImportUploadForm
from stakeholders.models import ImportStatus, Sector, SubType
from stakeholders.selectors import imports as selectors
from stakeholders.services.imports import (
    FILE_GONE,
    organisation_import_confirm,
    organisation_import_create,
)

PAGE_SIZE = 25
# Without JavaScript the page reloads itself this often while a job runs.
REFRESH_SECONDS = 3

TEMPLATE_ROWS = [
    [
        "Sarvodaya Shramadana Movement",
        "Sarvodaya",
        "Civil society",
        "National NGO",
        "Sri Lanka",
        "https://www.sarvodaya.org",
        "Community-led development in villages across the country.",
        "Rural communities in more than 15,000 villages",
        f"Food security{THEME_SEPARATOR} Community development",
        "Jane Perera",
        "Programme director",
        "jane.perera@example.org",
        "(011) 234 5678",
    ],
    [
        "Ministry of Agriculture",
        "",
        "Government",
        "Ministry/agency",
        "LK",
        "",
        "Agricultural policy and extension services.",
        "",
        "Food security",
        "",
        "",
        "",
        "",
    ],
]

COLUMN_HELP = {
    "name": "The organisation's name.",
    "acronym": "Short name, if any. Rows with the same name and acronym are one organisation.",
    "sector": "One of: " + ", ".join(str(label) for label in Sector.labels) + ".",
    "sub_type": "Optional; it must fit the sector: "
    + ", ".join(str(s) for s in SubType.labels)
    + ".",
    "country": "English name or two-letter code (Sri Lanka or LK).",
    "website": "Address of its website.",
    "mandate": "What it is for.",
    "constituencies": "Whom it represents.",
    "themes": f"Separated by semicolons ({THEME_SEPARATOR}).",
    "contact_name": "One contact per row; repeat the organisation's details on each row.",
    "contact_role": "The contact's job or role.",
    "contact_email": "The contact's email address.",
    "contact_phone": "The contact's phone number.",
}


@require("import_organisations")
@require_http_methods(["GET", "POST"])
def import_create(request, platform_slug):
    platform = request.platform
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                organisation_import = organisation_import_create(
                    platform=platform, actor=request.user, upload=form.cleaned_data["file"]
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, f"{organisation_import.filename} is being checked.")
                return redirect(
                    "import_detail",
                    platform_slug=platform.slug,
                    public_id=organisation_import.public_id,
                )
    else:
        form = ImportUploadForm()
    columns = [(column, column in REQUIRED, COLUMN_HELP[column]) for column in COLUMNS]
    return render(
        request,
        "stakeholders/imports/create.html",
        {"form": form, "columns": columns},
        status=400 if form.errors else 200,
    )


@require("import_organisations")
def import_template(request, platform_slug):
    buffer = io.StringIO()
    # The byte-order mark makes Excel read the file as UTF-8 (accents and all).
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(TEMPLATE_ROWS)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="organisations-template.csv"'
    return response


@require("import_organisations")
def import_list(request, platform_slug):
    page_obj = Paginator(selectors.import_list(platform=request.platform), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = []
    for item in page_obj:
        state = selectors.import_status(item)
        rows.append((item, state, ImportStatus(state).label))
    return render(request, "stakeholders/imports/list.html", {"rows": rows, "page_obj": page_obj})


@require("import_organisations")
def import_detail(request, platform_slug, public_id):
    organisation_import = selectors.import_get(platform=request.platform, public_id=public_id)
    return _detail(request, organisation_import, ImportConfirmForm())


@require_POST
@require("import_organisations")
def import_confirm(request, platform_slug, public_id):
    platform = request.platform
    organisation_import = selectors.import_get(platform=platform, public_id=public_id)
    form = ImportConfirmForm(request.POST)
    if form.is_valid():
        try:
            organisation_import_confirm(
                platform=platform,
                organisation_import=organisation_import,
                actor=request.user,
                duplicates=form.cleaned_data["duplicates"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                # Not a choice to correct (confirmed already, a file with errors): say so
                # on the import's page as it now is.
                messages.error(request, " ".join(error.messages))
                return redirect(
                    "import_detail",
                    platform_slug=platform.slug,
                    public_id=organisation_import.public_id,
                )
            form_add_service_errors(form, error)
        else:
            messages.success(request, "The import has started.")
            return redirect(
                "import_detail",
                platform_slug=platform.slug,
                public_id=organisation_import.public_id,
            )
    return _detail(request, organisation_import, form, status=400)


def _detail(request, organisation_import, form, status: int = 200):
    state = selectors.import_status(organisation_import)
    job = selectors.import_current_job(organisation_import)
    running = state in (ImportStatus.CHECKING, ImportStatus.IMPORTING)
    report = organisation_import.report or {}
    return render(
        request,
        "stakeholders/imports/detail.html",
        {
            "item": organisation_import,
            "state": state,
            "state_label": ImportStatus(state).label,
            "job": job,
            "running": running,
            "report": report,
            "result": report.get("result"),
            "shown_bad_rows": len(report.get("bad_rows", [])),
            "shown_duplicates": len(report.get("duplicates", [])),
            "form": form,
            "file_gone": FILE_GONE,
            "refresh_seconds": REFRESH_SECONDS,
        },
        status=status,
    )
