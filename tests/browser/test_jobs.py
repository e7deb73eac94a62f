"""The job page in a real browser: static/js/jobs.js follows the job as it runs."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from playwright.sync_api import expect

from platforms.models import Job, JobStatus
from platforms.tenancy import unscoped
from tests.factories import JobFactory

pytestmark = pytest.mark.browser


def test_the_job_page_follows_progress_and_offers_the_download_when_done(
    world, live_server, page, log_in, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    broker = world.a.broker
    job = JobFactory(
        platform=world.a.platform,
        kind="demo_count",
        status=JobStatus.RUNNING,
        progress=10,
        message="Counted 1 of 10.",
        requested_by=broker.user,
    )
    log_in(broker.user.email, next_path=f"/p/alpha/jobs/{job.public_id}/")
    bar = page.get_by_role("progressbar", name="Job progress")
    expect(bar).to_have_attribute("value", "10")
    expect(page.get_by_role("link", name=re.compile("Download"))).to_have_count(0)

    with unscoped():
        Job.objects.filter(pk=job.pk).update(progress=60, message="Counted 6 of 10.")
    expect(page.get_by_role("status")).to_have_text("Counted 6 of 10.")
    assert bar.evaluate("el => el.value") == 60

    name = default_storage.save(
        f"jobs/{job.platform_id}/{job.public_id}/count.txt", ContentFile(b"1\n")
    )
    with unscoped():
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.SUCCEEDED, progress=100, message="Finished.", result_file=name
        )
    # The page reloads itself once the job is done, and offers the file.
    download = page.get_by_role("link", name="Download count.txt")
    expect(download).to_be_visible()
    expect(page.locator(".badge")).to_have_text("Done")
    with page.expect_download() as info:
        download.click()
    assert info.value.suggested_filename == "count.txt"
