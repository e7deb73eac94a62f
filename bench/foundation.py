"""Foundation benchmark: what tenancy, row-level security and the web/API layers cost.

Seeds one platform with many jobs and members in a database of its own
(``bridgework_bench``), then times, in the same run:

* the job list page (first page of 50) against raw SQL fetching the same 50 rows and
  the count;
* ``GET /api/v1/platform`` against raw SQL fetching the platform row;
* a count over the tenant table with the tenant set (policy applied) against the same
  count with row-level security opted out.

Ratios, not absolute times, are the result: they hold from one machine to another.

    DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/foundation.py [--jobs 10000]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DATABASE_NAME", "bridgework_bench")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")


def ensure_database() -> None:
    import psycopg2
    from django.conf import settings

    db = settings.DATABASES["default"]
    conn = psycopg2.connect(
        dbname="postgres",
        user=db["USER"],
        password=db["PASSWORD"],
        host=db["HOST"],
        port=db["PORT"] or None,
    )
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{db["NAME"]}"')
    conn.close()


def timed(fn, repeat: int) -> float:
    fn()  # warm up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    import django

    django.setup()
    ensure_database()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", "--no-input", "-v", "0")

    from platforms.models import Job, Membership, Platform, Role
    from platforms.services import api_key_create
    from platforms.tenancy import platform_transaction, unscoped
    from tests.factories import UserFactory

    platform, _ = Platform.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    other, _ = Platform.objects.get_or_create(slug="bench-other", defaults={"name": "Other"})
    with unscoped():
        user = UserFactory(email="bench-admin@example.org")
        membership, _ = Membership.objects.get_or_create(
            platform=platform, user=user, defaults={"role": Role.PLATFORM_ADMIN}
        )
        for target in (platform, other):
            missing = args.jobs - Job.objects.filter(platform=target).count()
            if missing > 0:
                Job.objects.bulk_create(
                    [Job(platform=target, kind="noop", status="succeeded") for _ in range(missing)],
                    batch_size=2000,
                )
        _, raw_key = api_key_create(membership=membership, name="bench", scopes=["read"])

    client = Client()
    client.force_login(user)

    def page():
        assert client.get("/p/bench/jobs/").status_code == 200

    def page_sql():
        with connection.cursor() as cursor:
            cursor.execute(
                "SET LOCAL app.rls_bypass = 'on'"
            ) if connection.in_atomic_block else None
            cursor.execute(
                "SELECT j.*, u.* FROM platforms_job j LEFT JOIN auth_user u ON u.id = j.requested_by_id "
                "WHERE j.platform_id = %s ORDER BY j.created_at DESC LIMIT 50",
                [platform.pk],
            )
            cursor.fetchall()
            cursor.execute(
                "SELECT count(*) FROM platforms_job WHERE platform_id = %s", [platform.pk]
            )
            cursor.fetchone()

    def api():
        assert (
            client.get("/api/v1/platform", HTTP_AUTHORIZATION=f"Bearer {raw_key}").status_code
            == 200
        )

    def api_sql():
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM platforms_platform WHERE id = %s", [platform.pk])
            cursor.fetchone()

    def count(scope):
        def run():
            with scope(), connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM platforms_job WHERE platform_id = %s", [platform.pk]
                )
                assert cursor.fetchone()[0] == args.jobs

        return run

    def sql_in_bypass(fn):
        def run():
            with unscoped():
                fn()

        return run

    results = [
        (
            "job list page vs raw SQL (same 50 rows + count)",
            timed(page, args.repeat),
            timed(sql_in_bypass(page_sql), args.repeat),
        ),
        (
            "GET /api/v1/platform vs raw SQL",
            timed(api, args.repeat),
            timed(sql_in_bypass(api_sql), args.repeat),
        ),
        (
            f"count of {args.jobs} rows: RLS policy vs opted out",
            timed(count(lambda: platform_transaction(platform.pk)), args.repeat),
            timed(count(unscoped), args.repeat),
        ),
    ]
    print(
        f"Foundation benchmark: {args.jobs} jobs per platform, two platforms, median of {args.repeat}"
    )
    for name, ours, baseline in results:
        print(
            f"  {name:55s} {ours * 1000:8.2f} ms / {baseline * 1000:7.2f} ms = {ours / baseline:6.1f}x"
        )


if __name__ == "__main__":
    main()
