"""Stakeholders benchmark: the organisation registry with 10,000 organisations.

Seeds one platform (and a second one beside it, so every query has another tenant's rows
to leave out) with organisations, their contacts, themes and screening statuses, in the
benchmark's own database (``bridgework_bench``, shared with bench/foundation.py), and
reuses them on the next run. Then times, in the same run:

* the organisation list page (first page of 25) against raw SQL fetching the same 25
  rows and the count;
* an organisation's page against raw SQL fetching the rows it shows (contacts,
  representatives, open invitations, screenings, map positions, interactions, activity);
* ``GET /api/v1/organisations`` (first page of 50) and ``GET /api/v1/organisations/{id}``
  against raw SQL fetching the same rows;
* the CSV import of a 10,000-row file, check job and import job run in this process,
  in rows per second. The import is rolled back afterwards, so the platform keeps its
  10,000 organisations from one run to the next (the final COMMIT is not timed).

Ratios, not absolute times, are the result: they hold from one machine to another. The
number of queries each page and endpoint runs is printed too; the tests assert that it
does not grow with the rows.

    DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/stakeholders.py [--organisations 10000]
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DATABASE_NAME", "bridgework_bench")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("CACHE_KEY_PREFIX", "bw-bench")
os.environ.setdefault("CELERY_TASK_DEFAULT_QUEUE", "bw-bench")
# The timed loops call the API more often than a client may.
os.environ.setdefault("API_THROTTLE_RATE", "100000/min")

from bench.foundation import ensure_database, timed  # noqa: E402


def queries_of(fn) -> tuple[int, str]:
    """How many queries one call runs, and the slowest one (ms and its start)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    slowest = max(captured.captured_queries, key=lambda q: float(q["time"]))
    sql = " ".join(slowest["sql"].replace('"', "").split())
    return len(captured), f"{float(slowest['time']) * 1000:.0f} ms: {sql[:70]}…"


def import_throughput(platform, user, rows: int) -> tuple[float, float]:
    """Rows per second of the check job and of the import job, for one file of ``rows``."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from platforms.jobs import job_execute
    from platforms.models import Job, JobStatus
    from platforms.tenancy import platform_transaction
    from stakeholders.models import ImportStatus, Organisation, OrganisationImport
    from stakeholders.services.imports import (
        organisation_import_confirm,
        organisation_import_create,
    )

    def run(job_id: int, what: str) -> float:
        start = time.perf_counter()
        job_execute(job_id=job_id, platform_id=platform.pk)
        elapsed = time.perf_counter() - start
        with platform_transaction(platform.pk):
            job = Job.objects.get(pk=job_id)
        if job.status != JobStatus.SUCCEEDED:
            raise SystemExit(f"The {what} job did not succeed: {job.message}")
        return elapsed

    from bench.stakeholders_data import import_csv

    content = import_csv(rows)
    stored = ""
    # Rolled back at the end: the jobs' own transactions are savepoints inside this one,
    # and the signals to the workers (sent on commit) are never sent.
    with transaction.atomic():
        with platform_transaction(platform.pk):
            before = Organisation.objects.filter(platform=platform).count()
        upload = SimpleUploadedFile("bench.csv", content, "text/csv")
        organisation_import = organisation_import_create(
            platform=platform, actor=user, upload=upload
        )
        stored = organisation_import.file.name
        try:
            assert organisation_import.check_job_id is not None
            check = run(organisation_import.check_job_id, "check")
            with platform_transaction(platform.pk):
                organisation_import = OrganisationImport.objects.get(pk=organisation_import.pk)
            if organisation_import.status != ImportStatus.READY:
                raise SystemExit(f"The check refused the file: {organisation_import.report}")
            # As a request would: the service re-reads the import after its transaction.
            with platform_transaction(platform.pk, user_id=user.pk):
                organisation_import = organisation_import_confirm(
                    platform=platform, organisation_import=organisation_import, actor=user
                )
            assert organisation_import.import_job_id is not None
            write = run(organisation_import.import_job_id, "import")
            with platform_transaction(platform.pk):
                added = Organisation.objects.filter(platform=platform).count() - before
            if added != rows:
                raise SystemExit(f"The import added {added} organisations, not {rows}.")
        finally:
            transaction.set_rollback(True)
            organisation_import.file.storage.delete(stored)
    return rows / check, rows / write


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    ensure_database()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", "--no-input", "-v", "0")

    from bench.stakeholders_data import detail_sql, list_sql, registry_seed
    from platforms.tenancy import platform_transaction

    start = time.perf_counter()
    world = registry_seed(args.organisations)
    seeded_in = time.perf_counter() - start
    platform, target = world.platform, world.target

    client = Client()
    client.force_login(world.user)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {world.api_key}"}
    slug, public_id = platform.slug, target.public_id

    def get(url: str, **headers):
        def run():
            response = client.get(url, **headers)
            assert response.status_code == 200, (url, response.status_code)

        return run

    def in_tenant(fn):
        def run():
            with platform_transaction(platform.pk):
                fn()

        return run

    def sql(statements):
        def run():
            with connection.cursor() as cursor:
                for statement, params in statements:
                    cursor.execute(statement, params)
                    cursor.fetchall()

        return in_tenant(run)

    pages = [
        (
            "list page vs raw SQL (same 25 rows + count)",
            get(f"/p/{slug}/organisations/"),
            sql(list_sql(platform, limit=25)),
        ),
        (
            "organisation page vs raw SQL (its rows)",
            get(f"/p/{slug}/organisations/{public_id}/"),
            sql(detail_sql(platform, target, world.target_contacts)),
        ),
        (
            "GET /api/v1/organisations vs raw SQL (50 rows + count)",
            get("/api/v1/organisations", **auth),
            sql(list_sql(platform, limit=50)),
        ),
        (
            "GET /api/v1/organisations/{id} vs raw SQL",
            get(f"/api/v1/organisations/{public_id}", **auth),
            sql(detail_sql(platform, target, world.target_contacts, page=False)),
        ),
    ]
    print(
        f"Stakeholders benchmark: {world.organisations:,} organisations and "
        f"{world.contacts:,} contacts per platform, two platforms "
        f"(seeded in {seeded_in:.1f} s), median of {args.repeat}"
    )
    for name, ours, baseline in pages:
        mine, theirs = timed(ours, args.repeat), timed(baseline, args.repeat)
        count, slowest = queries_of(ours)
        print(
            f"  {name:55s} {mine * 1000:8.2f} ms / {theirs * 1000:7.2f} ms = "
            f"{mine / theirs:5.1f}x  ({count} queries)\n      slowest query {slowest}"
        )
    if args.import_rows:
        check, write = import_throughput(platform, world.user, args.import_rows)
        print(f"  import of a {args.import_rows:,}-row CSV file (jobs run in this process):")
        print(f"    check job  {check:8,.0f} rows/s  ({args.import_rows / check:5.1f} s)")
        print(f"    import job {write:8,.0f} rows/s  ({args.import_rows / write:5.1f} s)")


if __name__ == "__main__":
    main()
