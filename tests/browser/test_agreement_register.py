"""The register of agreements in a real browser, with a real Celery worker: the
secretariat filters the list, ticks two agreements (the page counts the selection and
offers "select all"), asks for the zip, lands on the job's page, which follows the job
and offers the zip when the worker has built it."""

import io
import re
import zipfile

import pytest
from playwright.sync_api import expect

from partnerships.models import VersionStatus
from tests.factories import PartnershipFactory
from tests.partnerships.test_agreement_register import LATE, build
from tests.platforms.test_worker import workers  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.worker]


def test_the_secretariat_downloads_a_filtered_selection_as_a_zip(
    world,
    live_server,
    page,
    log_in,
    workers,  # noqa: F811
):
    a = world.a
    river = PartnershipFactory(platform=a.platform, title="River Basin Partnership")
    build(
        a,
        title="Water Compact",
        partnership=river,
        status=VersionStatus.EXECUTED,
        executed_at=LATE,
    )
    build(a, title="Water Work Plan", partnership=river, status="issued", required=2, signed=1)
    build(a, title="Fish Accord")
    workers.start()

    log_in(a.secretariat.user.email, next_path="/p/alpha/agreements/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Agreements")
    expect(page.get_by_role("link", name="Agreements", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    rows = page.locator("table.agreement-register tbody tr")
    expect(rows).to_have_count(3)

    page.get_by_role("searchbox", name="Search").fill("water")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(2)
    expect(page.get_by_role("link", name="Fish Accord")).to_have_count(0)
    expect(page.locator("caption")).to_contain_text("2 agreements matching the filters")

    # "Select all" appears with the script and ticks the page; the count is announced.
    select_all = page.get_by_label("Select all agreements on this page")
    select_all.check()
    expect(page.get_by_label("Select “Water Compact”")).to_be_checked()
    expect(page.get_by_label("Select “Water Work Plan”")).to_be_checked()
    expect(page.locator("[data-selection-count]")).to_have_text("2 selected")
    page.get_by_label("Select “Water Work Plan”").uncheck()
    expect(page.locator("[data-selection-count]")).to_have_text("1 selected")
    assert select_all.evaluate("box => box.indeterminate") is True
    # With the keyboard, as a person would: focus the box, press space.
    page.get_by_label("Select “Water Work Plan”").focus()
    page.keyboard.press("Space")
    expect(page.locator("[data-selection-count]")).to_have_text("2 selected")

    page.get_by_role("button", name="Download selected as a zip").click()
    page.wait_for_url(re.compile(r"/p/alpha/jobs/[0-9a-f-]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Download agreements as a zip")
    expect(page.get_by_role("progressbar", name="Job progress")).to_be_visible()
    expect(page.get_by_text("Preparing a zip file of 2 agreements")).to_be_visible()

    # The page follows the job and reloads when it is done, offering the file.
    download = page.get_by_role("link", name=re.compile(r"^Download agreements-alpha-.*\.zip$"))
    expect(download).to_be_visible(timeout=90_000)
    expect(page.locator(".badge")).to_have_text("Done")
    with page.expect_download() as info:
        download.click()
    path = info.value.path()
    with open(path, "rb") as handle:
        names = sorted(zipfile.ZipFile(io.BytesIO(handle.read())).namelist())
    assert names == [
        "index.csv",
        "river-basin-partnership/water-compact-v1.pdf",
        "river-basin-partnership/water-work-plan-v1.pdf",
    ]
