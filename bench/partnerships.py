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
number of queries each page and endpoint runs is printed too, and asserted: the same page
on the platform of noise (a fifth of the rows, made alike) must run as many, or the
benchmark fails.

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
    world, small = partnerships_seed(args.partnerships)
    seeded_in = time.perf_counter() - start

    client = Client()
    client.force_login(world.admin)
    api = Client()

    def requests(side):
        """The four pages of one platform, each a function that requests it once."""
        slug, auth = side.platform.slug, {"HTTP_AUTHORIZATION": f"Bearer {side.rep_key}"}

        def get(url: str, who=client, **headers):
            def run():
                response = who.get(url, **headers)
                assert response.status_code == 200, (url, response.status_code)

            return run

        return [
            get(f"/p/{slug}/partnerships/"),
            get(f"/p/{slug}/partnerships/{side.target.public_id}/"),
            get(f"/p/{slug}/"),
            get("/api/v1/partnerships", api, **auth),
        ]

    def sql(statements):
        def run():
            with platform_transaction(world.platform.pk), connection.cursor() as cursor:
                for statement, params in statements:
                    cursor.execute(statement, params)
                    cursor.fetchall()

        return run

    platform = world.platform
    shown = list_page_size(client.get(f"/p/{platform.slug}/partnerships/").content.decode())
    names = [
        f"list page vs raw SQL (same {shown} rows + count + partners)",
        "overview page (5 partners) vs raw SQL (its rows)",
        "home page vs raw SQL (partnership figures)",
        f"GET /api/v1/partnerships (rep, {world.rep_partnerships}) vs raw SQL",
    ]
    baselines = [
        sql(list_sql(platform, limit=shown)),
        sql(overview_sql(platform, world.target)),
        sql(home_sql(platform)),
        sql(list_sql(platform, limit=50, user=world.rep)),
    ]
    print(
        f"Partnerships benchmark: {world.partnerships:,} partnerships and "
        f"{world.partners:,} partner rows in one platform, plus a platform of noise with "
        f"{small.partnerships:,} (seeded in {seeded_in:.1f} s), median of {args.repeat}"
    )
    grew = []
    for name, ours, theirs_fn, on_small in zip(
        names, requests(world), baselines, requests(small), strict=True
    ):
        mine, theirs = timed(ours, args.repeat), timed(theirs_fn, args.repeat)
        count, slowest = queries_of(ours)
        # The same page on the platform with a fifth of the rows must run as many queries.
        on_small()
        fewer, _ = queries_of(on_small)
        same = "same" if fewer == count else f"NOT the same: {fewer}"
        if fewer != count:
            grew.append(name)
        print(
            f"  {name:55s} {mine * 1000:8.2f} ms / {theirs * 1000:7.2f} ms = "
            f"{mine / theirs:5.1f}x  ({count} queries; {same} with "
            f"{small.partnerships:,})\n      slowest query {slowest}"
        )
    if grew:
        raise SystemExit(f"The query count depends on the rows: {', '.join(grew)}")


if __name__ == "__main__":
    main()
