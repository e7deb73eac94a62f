import time, cProfile, pstats
import pytest
from tests.stakeholders.imports_helpers import *  # noqa
from tests.stakeholders.test_imports import checked


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_bench(world, login):
    client = login(world.a.broker)
    imp = checked(client, world.a, csv_bytes(many(5000)))
    client.post(confirm_url(world.a, imp))
    pr = cProfile.Profile(); pr.enable()
    run_jobs()
    pr.disable()
    pstats.Stats(pr).sort_stats("cumulative").print_stats(40)
    assert 0
