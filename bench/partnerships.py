"""Partnerships benchmark: 5,000 partnerships and 25,000 partner rows in one platform.

Seeds one platform (and a second one beside it, so every query has another tenant's rows
to leave out) with partnerships, five partners each, commitments in every status and
health rounds, in the benchmark's own database (``bridgework_bench``, shared with the
other benchmarks), and reuses them on the next run. A partner representative's
organisation is a partner of one partnership in a hundred (50). Then times, in the same
run:

* the partnership list page (first page) against raw SQL fetching the same rows, the
  count and the page's partners;
* a partnership's overview page (five partners) against raw SQL fetching the rows it
  shows;
* the platform home page against raw SQL computing its partnership figures (by stage,
  type and goal, overdue commitments, health alerts);
* ``GET /api/v1/partnerships`` with the representative's key (its 50, through the
  django-guardian table) against raw SQL fetching the same page.

Ratios, not absolute times, are the result: they hold from one machine to another. The
number of queries each page and endpoint runs is printed too; the tests assert that it
does not grow with the rows.

    DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/partnerships.py [--partnerships 5000]
"""

import argparse
import os
import re
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
from bench.stakeholders import queries_of  # noqa: E402


def list_page_size(html: str) -> int:
    """How many partnerships the list page shows (its table's body rows)."""
    body = html.split("<tbody", 1)[-1].split("</tbody>", 1)[0]
    return max(1, len(re.findall(r"<tr[\s>]", body)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--partnerships", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    ensure_database()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", "--no-input", "-v", "0")

    from bench.partnerships_data import home_sql, list_sql, overview_sql, partnerships_seed
    from platforms.tenancy import platform_transaction

    start = time.perf_counter()
    world = partnerships_seed(args.partnerships)
    seeded_in = time.perf_counter() - start
    platform, target = world.platform, world.target

    client = Client()
    client.force_login(world.admin)
    api = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {world.rep_key}"}
    slug = platform.slug
    list_url = f"/p/{slug}/partnerships/"

    def get(url: str, who=client, **headers):
        def run():
            response = who.get(url, **headers)
            assert response.status_code == 200, (url, response.status_code)

        return run

    def sql(statements):
        def run():
            with platform_transaction(platform.pk), connection.cursor() as cursor:
                for statement, params in statements:
                    cursor.execute(statement, params)
                    cursor.fetchall()

        return run

    shown = list_page_size(client.get(list_url).content.decode())
    pages = [
        (
            f"list page vs raw SQL (same {shown} rows + count + partners)",
            get(list_url),
            sql(list_sql(platform, limit=shown)),
        ),
        (
            "overview page (5 partners) vs raw SQL (its rows)",
            get(f"/p/{slug}/partnerships/{target.public_id}/"),
            sql(overview_sql(platform, target)),
        ),
        (
            "home page vs raw SQL (partnership figures)",
            get(f"/p/{slug}/"),
            sql(home_sql(platform)),
        ),
        (
            f"GET /api/v1/partnerships (rep, {world.rep_partnerships}) vs raw SQL",
            get("/api/v1/partnerships", api, **auth),
            sql(list_sql(platform, limit=50, user=world.rep)),
        ),
    ]
    print(
        f"Partnerships benchmark: {world.partnerships:,} partnerships and "
        f"{world.partners:,} partner rows in one platform, plus a platform of noise "
        f"(seeded in {seeded_in:.1f} s), median of {args.repeat}"
    )
    for name, ours, baseline in pages:
        mine, theirs = timed(ours, args.repeat), timed(baseline, args.repeat)
        count, slowest = queries_of(ours)
        print(
            f"  {name:55s} {mine * 1000:8.2f} ms / {theirs * 1000:7.2f} ms = "
            f"{mine / theirs:5.1f}x  ({count} queries)\n      slowest query {slowest}"
        )


if __name__ == "__main__":
    main()
