"""Imports of one platform take turns: the import job holds a PostgreSQL advisory lock
keyed on the platform from before its re-check until it commits, so a second import
cannot create the organisations the first one is creating. (That the lock ends with the
job's transaction shows in the second test: the waiting import goes on once the first
commits.)"""

import threading
import time

import pytest
from django.db import connection

from platforms import jobs
from platforms.jobs import job_execute
from platforms.models import Job, JobStatus
from platforms.tenancy import unscoped
from stakeholders.models import ImportStatus, Organisation, OrganisationImport
from stakeholders.services import imports as service
from tests.stakeholders.imports_helpers import (
    checked,
    confirm_url,
    counts,
    imported,
    many,
    row,
)

ADVISORY_LOCKS = """
    SELECT classid::bigint, objid::bigint, objsubid, granted FROM pg_locks
    WHERE locktype = 'advisory' AND classid::bigint = %s AND objid::bigint = %s
"""


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def import_locks(platform) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(ADVISORY_LOCKS + " AND pid = pg_backend_pid()",
                       [service.IMPORT_LOCK_NAMESPACE, platform.pk])  # fmt: skip
        return cursor.fetchall()


def test_the_import_job_holds_the_platforms_lock_from_its_check_to_its_write(
    world, login, monkeypatch
) -> None:
    seen: dict[str, list[list[tuple]]] = {"check": [], "write": []}
    file_check, organisations_write = service.file_check, service.organisations_write

    def check_spy(**kwargs):
        seen["check"].append(import_locks(world.a.platform))
        return file_check(**kwargs)

    def write_spy(**kwargs):
        seen["write"].append(import_locks(world.a.platform))
        return organisations_write(**kwargs)

    monkeypatch.setattr(service, "file_check", check_spy)
    monkeypatch.setattr(service, "organisations_write", write_spy)
    client = login(world.a.broker)
    organisation_import = checked(client, world.a, many(2))
    organisation_import = imported(client, world.a, organisation_import)

    assert organisation_import.status == ImportStatus.DONE
    held = [(service.IMPORT_LOCK_NAMESPACE, world.a.platform.pk, 2, True)]  # two-int form
    # The check job writes nothing and takes no lock; the import job's re-check and
    # write run under it.
    assert seen == {"check": [[], held], "write": [held]}


@pytest.mark.django_db(transaction=True)
def test_a_second_import_waits_for_the_first_and_then_finds_its_organisations(
    world, login, monkeypatch
):
    # Real commits here; the signals to the workers are not sent (jobs run in threads).
    monkeypatch.setattr(jobs, "_send_on_commit", lambda job_id, platform_id: None)
    client = login(world.a.broker)
    first = checked(client, world.a, [row(), *many(2)])
    second = checked(client, world.a, [row(contact_email="other@sarvodaya.example")])
    assert first.report["duplicate_count"] == second.report["duplicate_count"] == 0
    for organisation_import in (first, second):
        assert client.post(confirm_url(world.a, organisation_import)).status_code == 302
    with unscoped():
        queued = list(Job.objects.filter(kind="organisation_import").order_by("pk"))

    writing, go = threading.Event(), threading.Event()
    organisations_write = service.organisations_write

    def paused_write(**kwargs):
        if not writing.is_set():
            writing.set()  # the first import, holding the lock, waits here
            assert go.wait(30)
        return organisations_write(**kwargs)

    monkeypatch.setattr(service, "organisations_write", paused_write)

    def run(job: Job) -> None:
        try:
            job_execute(job_id=job.pk, platform_id=job.platform_id)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in queued]
    try:
        threads[0].start()
        assert writing.wait(30)
        threads[1].start()
        waited = False
        for _ in range(200):  # up to 10 s for the second job to reach the lock
            with connection.cursor() as cursor:
                cursor.execute(ADVISORY_LOCKS + " AND NOT granted",
                               [service.IMPORT_LOCK_NAMESPACE, world.a.platform.pk])  # fmt: skip
                waited = bool(cursor.fetchall())
            if waited:
                break
            time.sleep(0.05)
        assert waited, "the second import did not wait for the first"
        assert counts(world.a.platform) == (0, 0)
    finally:
        go.set()
        for thread in threads:
            if thread.ident is not None:  # started
                thread.join(60)

    with unscoped():
        imports = {o.pk: o for o in OrganisationImport.objects.select_related("import_job")}
        names = list(Organisation.objects.values_list("name", flat=True))
    assert imports[first.pk].status == ImportStatus.DONE
    assert imports[second.pk].import_job.status == JobStatus.FAILED
    assert "1 organisations of the file were added to the registry since the check" in (
        imports[second.pk].import_job.message
    )
    assert names.count("Sarvodaya Shramadana Movement") == 1  # no twin
    assert counts(world.a.platform) == (3, 3)
