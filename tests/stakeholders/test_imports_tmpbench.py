import time, cProfile, pstats
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.stakeholders.imports_helpers import *  # noqa
from stakeholders.services.imports.reading import csv_read
from stakeholders.services.imports.rows import file_check
from stakeholders.services.imports.writing import organisations_write
from platforms.tenancy import platform_transaction


def test_bench(world):
    text = csv_read(csv_bytes(many(5000)))
    with platform_transaction(world.a.platform.pk):
        checked = file_check(platform=world.a.platform, csv_text=text, progress=lambda p, m: None)
        t = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            pr = cProfile.Profile(); pr.enable()
            organisations_write(platform=world.a.platform, checked=checked, duplicates="", progress=lambda p, m: None)
            pr.disable()
        print("write", time.perf_counter() - t)
        print(sorted((float(q["time"]), q["sql"][:80]) for q in ctx.captured_queries)[-5:])
    pstats.Stats(pr).sort_stats("tottime").print_stats(12)
    assert 0
