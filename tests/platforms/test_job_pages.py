"""The job pages: list, detail, the status JSON the detail page polls, and downloads."""

from datetime import UTC, datetime
from typing import cast

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from platforms.models import Job, JobStatus, Role
from platforms.tenancy import unscoped
from tests.factories import JobFactory

STAFF = [Role.PLATFORM_ADMIN, Role.BROKER, Role.SECRETARIAT]
OTHERS = [Role.PARTNER_REPRESENTATIVE, Role.OBSERVER]


def url(name, job=None, slug="alpha"):
    return reverse(name, args=[slug, job.public_id] if job else [slug])


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def finished_with_file(side, content=b"1\n2\n", **fields) -> Job:
    job = cast(
        Job,
        JobFactory(
            platform=side.platform,
            kind="demo_count",
            status=JobStatus.SUCCEEDED,
            progress=100,
            **fields,
        ),
    )
    name = default_storage.save(
        f"jobs/{side.platform.pk}/{job.public_id}/count.txt", ContentFile(content)
    )
    with unscoped():
        Job.objects.filter(pk=job.pk).update(result_file=name)
        return Job.objects.get(pk=job.pk)


# --- List ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", STAFF)
def test_staff_see_every_job_of_the_platform(world, login, role):
    JobFactory(platform=world.a.platform, kind="noop", requested_by=world.a.partner.user)
    JobFactory(platform=world.a.platform, kind="invitation_email", requested_by=world.a.admin.user)
    JobFactory(platform=world.b.platform, kind="demo_count", requested_by=world.b.admin.user)
    response = login(world.a.member(role)).get(url("job_list"))
    assert response.status_code == 200
    jobs = {row.job.kind for row in response.context["rows"]}
    assert jobs == {"noop", "invitation_email"}
    assert b"Invitation email" in response.content


@pytest.mark.parametrize("role", OTHERS)
def test_other_roles_see_only_the_jobs_they_asked_for(world, login, role):
    member = world.a.member(role)
    mine = JobFactory(platform=world.a.platform, requested_by=member.user)
    JobFactory(platform=world.a.platform, requested_by=world.a.broker.user)
    response = login(member).get(url("job_list"))
    assert [row.job.pk for row in response.context["rows"]] == [mine.pk]


def test_the_list_filters_by_status(world, login):
    running = JobFactory(platform=world.a.platform, status=JobStatus.RUNNING)
    JobFactory(platform=world.a.platform, status=JobStatus.FAILED)
    response = login(world.a.broker).get(url("job_list"), {"status": "running"})
    assert [row.job.pk for row in response.context["rows"]] == [running.pk]


def test_a_bad_filter_or_page_is_a_clear_message_not_an_error(world, login):
    JobFactory(platform=world.a.platform)
    client = login(world.a.broker)
    response = client.get(url("job_list"), {"status": "exploded"})
    assert response.status_code == 200
    assert b"This filter is not valid" in response.content
    assert response.context["rows"] == []
    assert client.get(url("job_list"), {"page": "many"}).status_code == 200
    assert client.get(url("job_list"), {"page": "9999"}).status_code == 200
    with unscoped():
        assert Job.objects.count() == 1  # nothing written


def test_the_empty_list_says_what_to_do_next(world, login):
    response = login(world.a.partner).get(url("job_list"))
    assert b"No background jobs yet" in response.content
    assert reverse("home", args=["alpha"]).encode() in response.content


def test_the_list_is_paginated(world, login):
    for _ in range(30):
        JobFactory(platform=world.a.platform)
    client = login(world.a.broker)
    first = client.get(url("job_list"))
    second = client.get(url("job_list"), {"page": 2})
    assert len(first.context["rows"]) == 25
    assert len(second.context["rows"]) == 5


def test_page_links_keep_the_status_filter(world, login):
    JobFactory.create_batch(30, platform=world.a.platform, status=JobStatus.FAILED)
    html = login(world.a.broker).get(url("job_list"), {"status": "failed"}).content.decode()
    assert '<nav class="pagination" aria-label="Pages of jobs">' in html
    assert 'href="?status=failed&amp;page=2" rel="next">Older</a>' in html


def test_the_list_runs_the_same_queries_for_5_or_50_jobs(world, login):
    client = login(world.a.broker)
    for _ in range(5):
        JobFactory(platform=world.a.platform, requested_by=world.a.partner.user)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("job_list")).status_code == 200
    for _ in range(45):
        JobFactory(platform=world.a.platform, requested_by=world.a.admin.user)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url("job_list")).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
    assert (
        len(few.captured_queries) <= 18
    )  # the frame (session, user, tenant, switcher) + count + page


# --- Detail and status -----------------------------------------------------------------


def test_the_detail_page_shows_progress_in_the_platform_time_zone(
    world, login, django_assert_max_num_queries
):
    job = JobFactory(
        platform=world.a.platform,
        kind="demo_count",
        status=JobStatus.RUNNING,
        progress=40,
        message="Counted 4 of 10.",
        requested_by=world.a.broker.user,
    )
    with unscoped():
        Job.objects.filter(pk=job.pk).update(created_at=datetime(2024, 1, 1, tzinfo=UTC))
    client = login(world.a.broker)
    with django_assert_max_num_queries(16):  # the page frame + the job
        response = client.get(url("job_detail", job))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<progress id="job-progress" max="100" value="40"' in html
    assert "Counted 4 of 10." in html
    assert "1 Jan 2024 05:30" in html  # Asia/Colombo is UTC+5:30
    assert url("job_status", job) in html  # polled by jobs.js
    assert "js/jobs.js" in html
    assert 'http-equiv="refresh"' in html  # inside <noscript>, for browsers without JS


def test_a_finished_job_page_stops_polling_and_offers_the_download(world, login, media):
    job = finished_with_file(world.a)
    html = login(world.a.broker).get(url("job_detail", job)).content.decode()
    assert url("job_download", job) in html
    assert "js/jobs.js" not in html
    assert 'http-equiv="refresh"' not in html


def test_the_status_json(world, login, media, django_assert_max_num_queries):
    running = JobFactory(
        platform=world.a.platform, status=JobStatus.RUNNING, progress=30, message="Working."
    )
    done = finished_with_file(world.a)
    client = login(world.a.admin)
    with django_assert_max_num_queries(10):  # the tenant frame + the job
        response = client.get(url("job_status", running))
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    assert response.json() == {
        "id": str(running.public_id),
        "status": "running",
        "status_label": "Running",
        "progress": 30,
        "message": "Working.",
        "finished": False,
        "finished_at": None,
        "download_url": None,
    }
    body = client.get(url("job_status", done)).json()
    assert (body["finished"], body["status_label"]) == (True, "Done")
    assert body["download_url"] == url("job_download", done)


@pytest.mark.parametrize("name", ["job_detail", "job_status", "job_download"])
def test_a_member_of_the_other_platform_gets_404(world, login, media, name):
    job = finished_with_file(world.a)
    client = login(world.b.admin)
    assert client.get(url(name, job, slug="alpha")).status_code == 404  # not a member of A
    assert client.get(url(name, job, slug="beta")).status_code == 404  # A's job under B's address


@pytest.mark.parametrize("name", ["job_list", "job_detail", "job_status", "job_download"])
def test_an_outsider_gets_404(world, login, media, name):
    job = finished_with_file(world.a)
    response = login(world.outsider).get(url(name, job) if name != "job_list" else url(name))
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["job_detail", "job_status", "job_download"])
@pytest.mark.parametrize("role", OTHERS)
def test_another_members_job_is_404_for_a_non_staff_role(world, login, media, name, role):
    job = finished_with_file(world.a, requested_by=world.a.broker.user)
    assert login(world.a.member(role)).get(url(name, job)).status_code == 404


@pytest.mark.parametrize("role", OTHERS)
def test_a_non_staff_member_opens_and_downloads_their_own_job(world, login, media, role):
    member = world.a.member(role)
    job = finished_with_file(world.a, requested_by=member.user)
    client = login(member)
    assert client.get(url("job_detail", job)).status_code == 200
    assert client.get(url("job_download", job)).status_code == 200


def test_an_unknown_or_malformed_job_id_is_404(world, login):
    client = login(world.a.broker)
    assert client.get("/p/alpha/jobs/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/p/alpha/jobs/not-a-uuid/").status_code == 404
    assert (
        client.get("/p/alpha/jobs/00000000-0000-0000-0000-000000000000/status/").status_code == 404
    )


def test_anonymous_visitors_are_sent_to_log_in(world, client):
    job = JobFactory(platform=world.a.platform)
    response = client.get(url("job_status", job))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- Download --------------------------------------------------------------------------


def test_download_streams_the_file_through_storage(
    world, login, media, django_assert_max_num_queries
):
    job = finished_with_file(world.a, content=b"one\ntwo\n")
    client = login(world.a.secretariat)
    with django_assert_max_num_queries(10):  # the tenant frame + the job
        response = client.get(url("job_download", job))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"one\ntwo\n"
    assert response["Content-Disposition"] == 'attachment; filename="count.txt"'
    assert "private" in response["Cache-Control"]


def test_download_is_404_while_running_or_when_the_file_is_gone(world, login, media):
    running = JobFactory(platform=world.a.platform, status=JobStatus.RUNNING)
    gone = finished_with_file(world.a)
    default_storage.delete(gone.result_file.name)
    client = login(world.a.broker)
    assert client.get(url("job_download", running)).status_code == 404
    assert client.get(url("job_download", gone)).status_code == 404
