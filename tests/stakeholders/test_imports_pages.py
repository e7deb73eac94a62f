"""The import pages: who may use them, the other platform's imports, the list, the
template file. The check and the import themselves are in test_imports.py."""

import csv
import io
from typing import cast

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from platforms.models import Job, Role
from platforms.tenancy import unscoped
from stakeholders.csvio import COLUMNS
from stakeholders.models import ImportStatus, OrganisationImport
from tests.factories import JobFactory
from tests.stakeholders.imports_helpers import (
    confirm_url,
    counts,
    csv_bytes,
    detail_url,
    latest_import,
    many,
    run_jobs,
    upload,
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


READY_REPORT = {
    "rows": 3, "organisations": 3, "new": 3, "duplicate_count": 0, "bad_row_count": 0,
    "bad_rows": [], "duplicates": [], "contacts": 0,
}  # fmt: skip


def a_job(side, **fields) -> Job:
    return cast(Job, JobFactory(platform=side.platform, **fields))


def an_import(side, status=ImportStatus.READY, **fields) -> OrganisationImport:
    """An import as a check left it, without running one (pages only read it)."""
    with unscoped():
        return OrganisationImport.objects.create(
            platform=side.platform,
            filename="organisations.csv",
            file=f"imports/{side.platform.pk}/x.csv",
            status=status,
            created_by=side.broker.user,
            check_job=a_job(side, status="succeeded"),
            **{"report": READY_REPORT, **fields},
        )


def pages(side, organisation_import):
    slug = side.platform.slug
    return [
        ("get", reverse("import_create", args=[slug])),
        ("post", reverse("import_create", args=[slug])),
        ("get", reverse("import_template", args=[slug])),
        ("get", reverse("import_list", args=[slug])),
        ("get", detail_url(side, organisation_import)),
        ("post", confirm_url(side, organisation_import)),
    ]


@pytest.mark.parametrize("role", [Role.PARTNER_REPRESENTATIVE, Role.OBSERVER])
def test_partners_and_observers_get_403_and_nothing_changes(world, login, role):
    organisation_import = an_import(world.a)
    client = login(world.a.member(role))
    for method, url in pages(world.a, organisation_import):
        assert getattr(client, method)(url).status_code == 403, url
    assert latest_import().status == ImportStatus.READY
    assert run_jobs() == []


@pytest.mark.parametrize("role", [Role.PLATFORM_ADMIN, Role.BROKER, Role.SECRETARIAT])
def test_staff_may_use_every_page(world, login, role):
    organisation_import = an_import(world.a)
    client = login(world.a.member(role))
    for method, url in pages(world.a, organisation_import)[2:5]:
        assert getattr(client, method)(url).status_code == 200, url


def test_the_other_platforms_members_get_404_and_nothing_changes(world, login):
    organisation_import = an_import(world.a)
    client = login(world.b.admin)
    for method, url in pages(world.a, organisation_import):
        assert getattr(client, method)(url).status_code == 404, url
    # Nor through their own platform's address.
    assert client.get(detail_url(world.b, organisation_import)).status_code == 404
    assert client.post(confirm_url(world.b, organisation_import)).status_code == 404
    assert latest_import().status == ImportStatus.READY
    assert run_jobs() == []


def test_an_outsider_gets_404(world, login):
    organisation_import = an_import(world.a)
    client = login(world.outsider)
    for method, url in pages(world.a, organisation_import):
        assert getattr(client, method)(url).status_code == 404, url


def test_anonymous_visitors_are_sent_to_log_in(world, client):
    organisation_import = an_import(world.a)
    for method, url in pages(world.a, organisation_import):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_an_import_of_the_other_platform_is_never_written_by_this_ones_job(world, login):
    client = login(world.b.broker)
    upload(client, world.b, csv_bytes(many(4)))
    run_jobs()
    client.post(confirm_url(world.b, latest_import()))
    run_jobs()
    assert counts(world.b.platform) == (4, 4)
    assert counts(world.a.platform) == (0, 0)


def test_the_upload_page_explains_the_columns_and_limits(world, login):
    page = login(world.a.broker).get(reverse("import_create", args=["alpha"])).content.decode()
    assert "at most <strong>5 MB</strong>" in page and "<strong>20,000 rows</strong>" in page
    assert reverse("import_template", args=["alpha"]) in page
    for column in COLUMNS:
        assert f"<code>{column}</code>" in page


def test_the_template_has_the_header_and_two_example_rows(world, login):
    response = login(world.a.broker).get(reverse("import_template", args=["alpha"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == COLUMNS
    assert len(rows) == 3


def test_a_running_check_shows_its_progress_and_polls(world, login):
    organisation_import = an_import(world.a, status=ImportStatus.CHECKING)
    with unscoped():
        job = organisation_import.check_job
        job.status, job.progress, job.message = "running", 40, "Checked 4,000 of 10,000 rows."
        job.save()
    page = login(world.a.broker).get(detail_url(world.a, organisation_import)).content.decode()
    assert "Checked 4,000 of 10,000 rows." in page
    assert reverse("job_status", args=["alpha", job.public_id]) in page
    assert "js/jobs.js" in page
    assert '<meta http-equiv="refresh"' in page


def test_a_check_whose_job_failed_says_so(world, login):
    organisation_import = an_import(world.a, status=ImportStatus.CHECKING)
    with unscoped():
        job = organisation_import.check_job
        job.status, job.message = "failed", "The uploaded file is no longer available."
        job.save()
    client = login(world.a.broker)
    page = client.get(detail_url(world.a, organisation_import)).content.decode()
    assert "The uploaded file is no longer available." in page
    assert "js/jobs.js" not in page
    assert "Failed" in client.get(reverse("import_list", args=["alpha"])).content.decode()


def test_a_malformed_import_id_is_404(world, login):
    client = login(world.a.broker)
    assert client.get("/p/alpha/imports/not-a-uuid/").status_code == 404
    assert client.get("/p/alpha/imports/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_the_list_shows_who_when_and_counts(world, login):
    an_import(world.a, status=ImportStatus.DONE,
              report={"rows": 7, "organisations": 5, "result": {"created": 4, "updated": 1}})  # fmt: skip
    an_import(world.b)
    page = login(world.a.broker).get(reverse("import_list", args=["alpha"])).content.decode()
    assert "Broker ALPHA" in page and "Imported" in page
    assert '<td class="num">7</td>' in page and '<td class="num">4</td>' in page
    assert page.count("organisations.csv") == 1  # not the other platform's


def test_the_empty_list_says_what_to_do_next(world, login):
    page = login(world.a.broker).get(reverse("import_list", args=["alpha"])).content.decode()
    assert "No imports yet." in page


def test_the_list_runs_the_same_queries_for_5_or_25_imports(
    world, login, django_assert_max_num_queries
):
    client = login(world.a.broker)
    url = reverse("import_list", args=["alpha"])
    for _ in range(5):
        an_import(world.a)
    client.get(url)  # warm up (session, content types)
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200
    for _ in range(20):
        an_import(world.a, status=ImportStatus.IMPORTING, import_job=a_job(world.a))
    with django_assert_max_num_queries(len(five)):
        assert client.get(url).status_code == 200
