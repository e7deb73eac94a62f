"""Who may take a job's file, and the audit line each download leaves.

Seeing a job is not always enough for its file: a kind can name a capability
(``job_handler(file_capability=...)``), as the agreements zip does for the secretariat's
archive, which a broker may follow on the jobs page but not download."""

import pytest

from platforms.jobs import FILE_CAPABILITIES
from platforms.models import AuditAction, AuditEvent, Job
from platforms.tenancy import unscoped
from tests.platforms.test_job_pages import finished_with_file, url


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def archive_kind(monkeypatch):
    """demo_count's file restricted to those who may download agreement sets."""
    monkeypatch.setitem(FILE_CAPABILITIES, "demo_count", "download_agreement_sets")


def downloads(job: Job) -> list[AuditEvent]:
    with unscoped():
        return list(
            AuditEvent.objects.filter(
                action=AuditAction.DOWNLOAD, table_name=Job._meta.db_table, object_id=job.pk
            )
        )


def test_each_download_of_a_jobs_file_is_in_the_audit_trail(world, login, media):
    job = finished_with_file(world.a, requested_by=world.a.broker.user)
    response = login(world.a.broker).get(url("job_download", job))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"1\n2\n"
    [event] = downloads(job)
    assert event.actor_id == world.a.broker.user.pk
    assert event.changes == {"file": job.result_file.name}
    assert event.platform_id == world.a.platform.pk


def test_a_kind_with_a_file_capability_refuses_members_without_it(
    world, login, media, archive_kind
):
    job = finished_with_file(world.a, requested_by=world.a.secretariat.user)
    broker = login(world.a.broker)  # sees every job, may not download agreement sets
    page = broker.get(url("job_detail", job)).content.decode()
    assert url("job_download", job) not in page
    assert "only for the members allowed to download it" in page
    assert broker.get(url("job_status", job)).json()["download_url"] is None
    assert broker.get(url("job_download", job)).status_code == 403
    assert downloads(job) == []


@pytest.mark.parametrize("who", ["secretariat", "admin"])
def test_a_kind_with_a_file_capability_serves_members_with_it(
    world, login, media, archive_kind, who
):
    job = finished_with_file(world.a, requested_by=world.a.secretariat.user)
    client = login(getattr(world.a, who))
    assert url("job_download", job) in client.get(url("job_detail", job)).content.decode()
    assert client.get(url("job_download", job)).status_code == 200
    assert len(downloads(job)) == 1


def test_the_agreements_zip_kind_names_its_capability():
    import partnerships.services.agreement_zips as zips

    assert FILE_CAPABILITIES[zips.KIND] == "download_agreement_sets"
