"""The import end to end through a real Celery worker process and real Redis: upload,
the check job, confirm, the import job. The worker machinery is test_worker.py's."""

import uuid
from collections.abc import Iterator

import pytest

from config.celery import app as celery_app
from platforms.tenancy import unscoped
from stakeholders.models import Contact, ImportStatus, Organisation, OrganisationImport
from tests.factories import OrganisationFactory
from tests.platforms.test_worker import Workers, forget_queue
from tests.stakeholders.imports_helpers import confirm_url, csv_bytes, many, row, upload

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def workers(transactional_db, settings, tmp_path, monkeypatch) -> Iterator[Workers]:
    queue = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-{uuid.uuid4().hex[:8]}"
    monkeypatch.setitem(celery_app.conf, "task_default_queue", queue)
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "logs").mkdir()
    started = Workers(queue, tmp_path / "media", tmp_path / "logs")
    try:
        yield started
    finally:
        started.kill_all()
        forget_queue(queue)


def status_of(public_id) -> str:
    with unscoped():
        return OrganisationImport.objects.get(public_id=public_id).status


def test_a_file_is_checked_and_imported_by_the_worker(world, login, workers, tmp_path):
    existing = OrganisationFactory(platform=world.a.platform, name="Sarvodaya Shramadana Movement")
    workers.start()
    client = login(world.a.broker)

    response = upload(client, world.a, csv_bytes([row(website="https://new.example"), *many(300)]))
    assert response.status_code == 302
    with unscoped():
        public_id = OrganisationImport.objects.get().public_id

    workers.wait_for("the check", lambda: status_of(public_id) != ImportStatus.CHECKING)
    assert status_of(public_id) == ImportStatus.READY, workers.log()
    with unscoped():
        organisation_import = OrganisationImport.objects.get()
        assert Organisation.objects.count() == 1  # the check wrote nothing
    assert organisation_import.report["duplicate_count"] == 1

    response = client.post(confirm_url(world.a, organisation_import), {"duplicates": "update"})
    assert response.status_code == 302
    workers.wait_for("the import", lambda: status_of(public_id) != ImportStatus.IMPORTING)

    with unscoped():
        organisation_import = OrganisationImport.objects.select_related("import_job").get()
        assert organisation_import.status == ImportStatus.DONE, (
            f"{organisation_import.import_job.message}\n{workers.log()}"
        )
        assert organisation_import.import_job.progress == 100
        assert Organisation.objects.filter(platform=world.a.platform).count() == 301
        assert Contact.objects.filter(platform=world.a.platform).count() == 301
        assert not Organisation.objects.filter(platform=world.b.platform).exists()
        existing.refresh_from_db()
    assert existing.website == "https://new.example"
    assert organisation_import.report["result"] == {
        "created": 300, "updated": 1, "skipped": 0, "contacts": 301,
    }  # fmt: skip
    # The worker deleted the uploaded file once the import committed; the report stays.
    assert organisation_import.file.name == ""
    assert not [p for p in (tmp_path / "media").rglob("*") if p.is_file()]
