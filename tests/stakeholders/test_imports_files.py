"""Uploaded import files hold personal data: each is deleted once its import no longer
needs it (refused by the check, imported, failed), and a daily sweep deletes those left
behind. The report stays, and the import's page still shows it."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError
from django.utils import timezone

from config.celery import app as celery_app
from platforms.models import Job, JobStatus
from platforms.tenancy import unscoped
from stakeholders import tasks
from stakeholders.models import ImportStatus, OrganisationImport
from stakeholders.services.imports import (
    organisation_import_confirm,
    organisation_import_files_sweep,
    writing,
)
from tests.factories import JobFactory, OrganisationFactory
from tests.stakeholders.imports_helpers import (
    checked,
    confirm_url,
    counts,
    csv_bytes,
    detail_url,
    imported,
    latest_import,
    many,
    row,
    run_jobs,
    stored_files,
)

FILE_GONE = (
    "The uploaded file is no longer kept: files that are not imported within 7 days are "
    "deleted, as they hold personal data. Upload it again to import it."
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def broker(world, login):
    return login(world.a.broker)


def file_name(organisation_import) -> str:
    with unscoped():
        return OrganisationImport.objects.get(pk=organisation_import.pk).file.name or ""


# --- When an import ends -------------------------------------------------------------------


def test_a_checked_file_is_kept_until_it_is_imported_then_deleted(world, broker, media):
    organisation_import = checked(broker, world.a, many(3))
    assert organisation_import.status == ImportStatus.READY
    assert stored_files(media) == [organisation_import.file.name]

    organisation_import = imported(broker, world.a, organisation_import)

    assert organisation_import.status == ImportStatus.DONE
    assert stored_files(media) == []
    assert organisation_import.file.name == ""
    page = broker.get(detail_url(world.a, organisation_import)).content.decode()
    assert "Organisations created</span> <strong>3</strong>" in page


def test_a_file_the_check_refuses_is_deleted_and_its_report_kept(world, broker, media):
    organisation_import = checked(broker, world.a, [row(), row(name="Bad", sector="Spaceships")])

    assert organisation_import.status == ImportStatus.INVALID
    assert stored_files(media) == []
    assert organisation_import.file.name == ""
    assert organisation_import.report["bad_row_count"] == 1
    page = broker.get(detail_url(world.a, organisation_import))
    assert page.status_code == 200
    assert "unknown sector “Spaceships”" in page.content.decode()


def test_a_failed_import_deletes_the_file(world, broker, media):
    organisation_import = checked(broker, world.a, [row(), *many(2)])
    OrganisationFactory(platform=world.a.platform, name="Organisation 1")  # since the check

    organisation_import = imported(broker, world.a, organisation_import)

    assert organisation_import.import_job.status == JobStatus.FAILED
    assert stored_files(media) == []
    page = broker.get(detail_url(world.a, organisation_import)).content.decode()
    assert "were added to the registry since the check" in page
    # The job's writes rolled back, the name with them: the sweep clears it.
    assert organisation_import.file.name
    assert organisation_import_files_sweep() == 1
    assert file_name(organisation_import) == ""


def test_an_unexpected_error_deletes_the_file(world, broker, media, monkeypatch):
    organisation_import = checked(broker, world.a, many(2))

    def fail(contacts):
        raise RuntimeError("disk full")

    monkeypatch.setattr(writing, "contacts_create", fail)
    organisation_import = imported(broker, world.a, organisation_import)

    assert organisation_import.import_job.status == JobStatus.FAILED
    assert stored_files(media) == []
    assert counts() == (0, 0)


def test_a_temporary_failure_keeps_the_file_for_the_next_try(world, broker, media, monkeypatch):
    organisation_import = checked(broker, world.a, many(2))

    def fail(contacts):
        raise OperationalError("the database went away")

    monkeypatch.setattr(writing, "contacts_create", fail)
    broker.post(confirm_url(world.a, organisation_import))
    with pytest.raises(OperationalError):
        run_jobs()

    assert stored_files(media) == [organisation_import.file.name]
    monkeypatch.undo()
    assert latest_import().import_job.status == JobStatus.QUEUED
    run_jobs()
    assert latest_import().status == ImportStatus.DONE
    assert stored_files(media) == []


# --- The sweep -----------------------------------------------------------------------------


def an_import(side, status, *, days_old=0, job_status=JobStatus.SUCCEEDED, confirmed=False):
    """An import with a real file, as old as told (its last change)."""
    with unscoped():
        organisation_import = OrganisationImport(
            platform=side.platform, filename="x.csv", status=status, created_by=side.broker.user
        )
        organisation_import.file.save(
            f"{side.platform.pk}/{organisation_import.public_id}.csv",
            ContentFile(csv_bytes([row()])),
            save=False,
        )
        organisation_import.check_job = JobFactory(
            platform=side.platform, status=JobStatus.SUCCEEDED if confirmed else job_status
        )
        if confirmed:
            organisation_import.import_job = JobFactory(platform=side.platform, status=job_status)
        organisation_import.save()
        OrganisationImport.objects.filter(pk=organisation_import.pk).update(
            updated_at=timezone.now() - timedelta(days=days_old)
        )
    return organisation_import


def test_the_sweep_deletes_the_files_no_import_needs_and_keeps_the_others(world, media):
    gone = [
        an_import(world.a, ImportStatus.READY, days_old=8),  # abandoned
        an_import(world.a, ImportStatus.INVALID),
        an_import(world.a, ImportStatus.DONE),
        an_import(world.a, ImportStatus.CHECKING, job_status=JobStatus.FAILED),
        an_import(world.a, ImportStatus.IMPORTING, job_status=JobStatus.FAILED, confirmed=True),
        an_import(world.b, ImportStatus.READY, days_old=30),  # every platform's
    ]
    kept = [
        an_import(world.a, ImportStatus.READY, days_old=6),
        an_import(world.a, ImportStatus.CHECKING, job_status=JobStatus.RUNNING),
        an_import(world.a, ImportStatus.IMPORTING, job_status=JobStatus.RUNNING, confirmed=True),
        an_import(
            world.b,
            ImportStatus.IMPORTING,
            days_old=30,
            job_status=JobStatus.RUNNING,
            confirmed=True,
        ),  # fmt: skip
    ]

    assert organisation_import_files_sweep() == len(gone)

    assert stored_files(media) == sorted(o.file.name for o in kept)
    assert [file_name(o) for o in gone] == [""] * len(gone)
    assert all(file_name(o) for o in kept)
    assert organisation_import_files_sweep() == 0  # nothing left to do
    with unscoped():
        assert OrganisationImport.objects.count() == len(gone) + len(kept)  # reports kept


def test_a_file_already_deleted_from_the_storage_is_forgotten_without_error(world, media):
    organisation_import = an_import(world.a, ImportStatus.DONE)
    default_storage.delete(organisation_import.file.name)
    assert organisation_import_files_sweep() == 1
    assert file_name(organisation_import) == ""


def test_an_abandoned_import_still_shows_its_report_and_refuses_to_start(world, broker, media):
    organisation_import = checked(broker, world.a, many(3))
    with unscoped():
        OrganisationImport.objects.filter(pk=organisation_import.pk).update(
            updated_at=timezone.now() - timedelta(days=8)
        )
    assert organisation_import_files_sweep() == 1

    page = broker.get(detail_url(world.a, organisation_import))
    assert page.status_code == 200
    text = page.content.decode()
    assert FILE_GONE in text
    assert "Import 3 organisations" not in text
    assert "<strong>3</strong>" in text  # the report's counts

    response = broker.post(confirm_url(world.a, organisation_import), follow=True)
    assert FILE_GONE in response.content.decode()
    assert latest_import().status == ImportStatus.READY
    assert latest_import().import_job is None
    with unscoped():
        assert Job.objects.filter(kind="organisation_import").count() == 0
    assert run_jobs() == []
    assert counts() == (0, 0)


def test_confirming_is_refused_when_the_file_is_missing_from_the_storage(world, broker, media):
    organisation_import = checked(broker, world.a, many(2))
    default_storage.delete(organisation_import.file.name)  # a sweep that did not finish

    response = broker.post(confirm_url(world.a, organisation_import), follow=True)

    assert FILE_GONE in response.content.decode()
    assert latest_import().status == ImportStatus.READY
    assert run_jobs() == []


def test_a_confirmation_after_the_sweep_cleared_the_name_is_refused(world, broker, media):
    # The page was loaded (file still there), then the sweep ran before the click.
    organisation_import = checked(broker, world.a, many(2))
    with unscoped():
        OrganisationImport.objects.filter(pk=organisation_import.pk).update(file="")
    default_storage.save(organisation_import.file.name, ContentFile(b"stale"))  # passes exists()

    with pytest.raises(ValidationError) as refused:
        organisation_import_confirm(
            platform=world.a.platform,
            organisation_import=organisation_import,
            actor=world.a.broker.user,
        )
    assert refused.value.messages == [FILE_GONE]
    assert latest_import().status == ImportStatus.READY
    assert run_jobs() == []


def test_beat_runs_the_sweep_daily(world, media):
    entry = django_settings.CELERY_BEAT_SCHEDULE["sweep-import-files"]
    assert entry["schedule"] == timedelta(days=1)
    celery_app.loader.import_default_modules()
    assert entry["task"] in celery_app.tasks
    an_import(world.a, ImportStatus.DONE)
    assert tasks.sweep_import_files() == 1
    assert stored_files(media) == []
