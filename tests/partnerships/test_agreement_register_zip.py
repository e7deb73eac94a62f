"""A selection of the register downloaded as one zip: the POST makes one job (or refuses,
writing nothing), the job (run in-process here, like a worker) renders what is missing,
builds the zip with its index, records who took which agreement, and its file is
downloaded only by those the job page lets in."""

import csv
import hashlib
import io
import os
import uuid
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from partnerships.models import Agreement, AgreementVersion, Signatory, VersionStatus
from partnerships.services.agreement_zips import (
    KIND,
    MAX_AGREEMENTS,
    NOT_FOUND,
    NOTHING_SELECTED,
    TOO_MANY,
    agreement_zip_job,
    agreement_zip_request,
)
from platforms.jobs import job_execute
from platforms.models import AuditEvent, Job, JobStatus
from platforms.tenancy import platform_transaction, unscoped
from tests.factories import PartnerFactory, PartnershipFactory
from tests.partnerships.agreement_pdf_helpers import pdf_text
from tests.partnerships.test_agreement_register import LATE, build, register


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


DOWNLOAD = reverse("agreement_register_download", args=["alpha"])


def zip_jobs() -> list[Job]:
    with unscoped():
        return list(Job.objects.filter(kind=KIND).order_by("pk"))


def downloads() -> list[AuditEvent]:
    with unscoped():
        return list(AuditEvent.objects.filter(action="download").order_by("pk"))


def run(job: Job) -> Job:
    job_execute(job_id=job.pk, platform_id=job.platform_id)
    with unscoped():
        return Job.objects.get(pk=job.pk)


def opened(job: Job) -> zipfile.ZipFile:
    with default_storage.open(str(job.result_file.name), "rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def manifest(archive: zipfile.ZipFile) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read("index.csv").decode("utf-8-sig"))))


@pytest.fixture
def pair(world):
    a = world.a
    river = PartnershipFactory(platform=a.platform, title="River Basin Partnership")
    PartnerFactory(partnership=river, organisation__name="Lakeside Water Trust")
    compact = build(
        a,
        title="Water Compact",
        partnership=river,
        status=VersionStatus.EXECUTED,
        required=1,
        signed=1,
        executed_at=LATE,
    )
    plan = build(a, title="Fishing Plan", status=VersionStatus.ISSUED, required=2, signed=1)
    return compact, plan


# Asking for it --------------------------------------------------------------------------


def test_the_post_makes_one_job_and_leads_to_its_page(world, login, pair):
    compact, plan = pair
    client = login(world.a.secretariat)
    response = client.post(
        DOWNLOAD,
        {
            "selected": [str(compact.agreement.public_id), str(plan.agreement.public_id)],
            "back": "q=water&sort=changed",
        },
    )
    (job,) = zip_jobs()
    assert response.status_code == 302
    assert response["Location"] == reverse("job_detail", args=["alpha", job.public_id])
    assert job.status == JobStatus.QUEUED and job.requested_by_id == world.a.secretariat.user_id
    # In the register's order (title), the newest version of each.
    assert job.payload["version_ids"] == [plan.pk, compact.pk]
    # The job's page links back to the register as it was filtered.
    assert job.payload["back"] == {
        "url": register(q="water", sort="changed"),
        "label": "the agreements",
    }
    page = client.get(response["Location"]).content.decode()
    assert "Download agreements as a zip" in page and "Preparing a zip file of 2 agreements" in page


def test_the_newest_version_goes_in_even_a_draft(world, login, pair):
    compact, _ = pair
    with unscoped():
        amendment = AgreementVersion.objects.create(
            platform=world.a.platform, agreement=compact.agreement, number=2, reason="More"
        )
    login(world.a.admin).post(DOWNLOAD, {"selected": [str(compact.agreement.public_id)]})
    assert zip_jobs()[0].payload["version_ids"] == [amendment.pk]


def test_refusals_say_why_and_write_nothing(world, login, pair):
    compact, _ = pair
    theirs = build(world.b, title="Beta's")
    ours = str(compact.agreement.public_id)
    client = login(world.a.secretariat)
    cases = [
        ({}, NOTHING_SELECTED),
        ({"selected": []}, NOTHING_SELECTED),
        ({"selected": [str(uuid.uuid4()) for _ in range(MAX_AGREEMENTS + 1)]}, TOO_MANY),
        ({"selected": [ours, "not-an-id"]}, NOT_FOUND),
        ({"selected": [ours, str(uuid.uuid4())]}, NOT_FOUND),
        # Another platform's agreement: refused like an unknown one, nothing said about it.
        ({"selected": [ours, str(theirs.agreement.public_id)]}, NOT_FOUND),
    ]
    before = len(downloads())
    for data, message in cases:
        response = client.post(DOWNLOAD, {**data, "back": "q=water&page=1"}, follow=True)
        assert response.status_code == 200, data
        assert response.redirect_chain[-1][0] == register(q="water", page=1)
        assert message in response.content.decode().replace("&#x27;", "'"), data
    assert zip_jobs() == [] and len(downloads()) == before
    # The same id twice is one agreement.
    client.post(DOWNLOAD, {"selected": [ours, ours.upper()]})
    assert zip_jobs()[0].payload["version_ids"] == [compact.pk]


def test_the_back_address_stays_on_the_register(world, login):
    client = login(world.a.secretariat)
    for back in ("https://evil.example/", "//evil.example", "\r\nLocation: x"):
        response = client.post(DOWNLOAD, {"back": back})
        assert response["Location"].startswith("/p/alpha/agreements/"), back


def test_the_service_refuses_another_platforms_agreements(world, pair):
    theirs = build(world.b, title="Beta's")
    with pytest.raises(Exception, match="could not be found"):
        agreement_zip_request(
            platform=world.a.platform,
            actor=world.a.secretariat.user,
            agreement_ids=[theirs.agreement.public_id],
        )
    assert zip_jobs() == []


def test_roles(world, login, pair):
    compact, _ = pair
    data = {"selected": [str(compact.agreement.public_id)]}
    for member in (world.a.broker, world.a.observer, world.a.partner):
        assert login(member).post(DOWNLOAD, data).status_code == 403, member.role
    assert login(world.b.secretariat).post(DOWNLOAD, data).status_code == 404
    assert login(world.outsider).post(DOWNLOAD, data).status_code == 404
    assert zip_jobs() == []
    assert login(world.a.secretariat).get(DOWNLOAD).status_code == 405
    assert login(world.a.admin).post(DOWNLOAD, data).status_code == 302
    assert len(zip_jobs()) == 1


# The job --------------------------------------------------------------------------------


def _asked(world, *versions, by=None) -> Job:
    by = by or world.a.secretariat.user
    return agreement_zip_request(
        platform=world.a.platform,
        actor=by,
        agreement_ids=[v.agreement.public_id for v in versions],
    )


def test_the_job_builds_the_zip_with_its_index_and_records_each_download(world, pair):
    compact, plan = pair
    job = run(_asked(world, compact, plan))
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert job.result_file.name.endswith(f"/agreements-alpha-{world.a.platform.today()}.zip")
    assert job.result["agreements"] == 2 and job.result["rendered"] == 2
    archive = opened(job)
    assert sorted(archive.namelist()) == [
        "index.csv",
        f"{plan.agreement.partnership.title.lower().replace(' ', '-')}/fishing-plan-v1.pdf",
        "river-basin-partnership/water-compact-v1.pdf",
    ]
    text, pages = pdf_text(archive.read("river-basin-partnership/water-compact-v1.pdf"))
    assert "Water Compact" in text and "Lakeside Water Trust" in text and pages > 1
    index = manifest(archive)
    assert [(row["agreement"], row["version"], row["status"]) for row in index] == [
        ("Fishing Plan", "1", "Partly signed"),
        ("Water Compact", "1", "Executed"),
    ]
    for row in index:
        assert hashlib.sha256(archive.read(row["file"])).hexdigest() == row["sha256"]
    assert index[1]["executed"] == "2026-03-05 01:30"  # in Asia/Colombo
    # The audit trail: who took which agreement, through the job.
    events = downloads()
    assert {(e.object_id, e.actor_id, e.via) for e in events} == {
        (compact.pk, world.a.secretariat.user_id, "task"),
        (plan.pk, world.a.secretariat.user_id, "task"),
    }
    with unscoped():
        assert AgreementVersion.objects.get(pk=compact.pk).fingerprint == index[1]["sha256"]


def test_progress_is_reported_per_agreement(world, pair):
    compact, plan = pair
    job = _asked(world, compact, plan)
    with unscoped():
        job = Job.objects.select_related("platform", "requested_by").get(pk=job.pk)
    reports: list[tuple[int, str]] = []
    with platform_transaction(world.a.platform.pk, via="task"):
        agreement_zip_job(job, lambda percent, message="": reports.append((percent, message)))
    messages = [message for _, message in reports]
    assert "1 of 2 agreements ready." in messages and "2 of 2 agreements ready." in messages
    percents = [percent for percent, _ in reports]
    assert percents == sorted(percents) and percents[-1] < 100


def test_a_second_delivery_leaves_one_file_and_renders_nothing_again(world, pair):
    compact, plan = pair
    job = run(_asked(world, compact, plan))
    with unscoped():
        Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    again = run(job)
    assert again.status == JobStatus.SUCCEEDED and again.result["rendered"] == 0
    assert again.result_file.name == job.result_file.name
    folder = default_storage.path(job.result_file.name).rsplit("/", 1)[0]
    assert os.listdir(folder) == [job.result_file.name.rsplit("/", 1)[1]]


def test_names_stay_unique_when_titles_repeat(world):
    a = world.a
    one = PartnershipFactory(platform=a.platform, title="Same")
    two = PartnershipFactory(platform=a.platform, title="Same")
    versions = [
        build(a, title="Deal", partnership=one),
        build(a, title="Deal", partnership=one),
        build(a, title="Deal", partnership=two),
        build(a, title="!!!", partnership=two),  # no letters to make a name of
    ]
    archive = opened(run(_asked(world, *versions)))
    names = sorted(archive.namelist())
    assert names == [
        "index.csv",
        "same-2/agreement-v1.pdf",
        "same-2/deal-v1.pdf",
        "same/deal-v1-2.pdf",
        "same/deal-v1.pdf",
    ] or names == [
        "index.csv",
        "same-2/deal-v1-2.pdf",
        "same-2/deal-v1.pdf",
        "same/agreement-v1.pdf",
        "same/deal-v1.pdf",
    ]


def test_a_removed_agreement_is_left_out_and_all_removed_fails_readably(world, pair):
    compact, plan = pair
    job = _asked(world, compact, plan)
    with unscoped():
        Agreement.objects.filter(pk=plan.agreement_id).delete()
    done = run(job)
    assert done.status == JobStatus.SUCCEEDED and done.result["missing"] == 1
    assert [row["agreement"] for row in manifest(opened(done))] == ["Water Compact"]
    job = _asked(world, compact)
    with unscoped():
        Agreement.objects.filter(pk=compact.agreement_id).delete()
    failed = run(job)
    assert failed.status == JobStatus.FAILED
    assert failed.message == "None of the selected agreements exists any more."
    assert not failed.result_file


def test_a_payload_naming_another_platforms_versions_takes_nothing(world, pair):
    theirs = build(world.b, title="Beta's secret")
    with unscoped():
        job = Job.objects.create(
            platform=world.a.platform,
            kind=KIND,
            payload={"version_ids": [theirs.pk]},
            requested_by=world.a.secretariat.user,
        )
    done = run(job)
    assert done.status == JobStatus.FAILED and not done.result_file
    assert downloads() == []
    for payload in ({}, {"version_ids": "1"}, {"version_ids": ["x"]}, {"version_ids": []}):
        with unscoped():
            bad = Job.objects.create(platform=world.a.platform, kind=KIND, payload=payload)
        assert run(bad).status == JobStatus.FAILED, payload


# The zip's download (the job page) ------------------------------------------------------


def test_only_those_the_job_page_lets_in_download_the_zip(world, login, pair):
    compact, plan = pair
    job = run(_asked(world, compact, plan))
    url = reverse("job_download", args=["alpha", job.public_id])
    page = reverse("job_detail", args=["alpha", job.public_id])
    response = login(world.a.secretariat).get(url)
    assert response.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).testzip() is None
    assert "Download agreements-alpha-" in login(world.a.secretariat).get(page).content.decode()
    assert login(world.a.admin).get(url).status_code == 200
    # Not their job and not staff; another platform; no platform at all.
    for who in (world.a.partner, world.a.observer, world.b.secretariat, world.b.admin):
        assert login(who).get(url).status_code == 404, who
        assert login(who).get(page).status_code == 404, who
    assert login(world.outsider).get(url).status_code == 404
    assert (
        login(world.b.admin).get(reverse("job_download", args=["beta", job.public_id])).status_code
        == 404
    )


def test_declined_and_signed_states_reach_the_index(world):
    declined = build(world.a, title="Refused", status="issued", required=2, signed=1, declined=True)
    archive = opened(run(_asked(world, declined)))
    (row,) = manifest(archive)
    assert row["status"] == "Declined"
    text, _ = pdf_text(archive.read(row["file"]))
    assert "Declined" in text
    with unscoped():
        assert Signatory.objects.filter(version=declined, declined_at__isnull=False).count() == 1


def test_a_post_without_its_csrf_token_or_with_too_many_fields_is_refused(world, pair):
    compact, _ = pair
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(world.a.secretariat.user)
    data = {"selected": [str(compact.agreement.public_id)]}
    assert guarded.post(DOWNLOAD, data).status_code == 403
    flooded = Client()
    flooded.force_login(world.a.secretariat.user)
    response = flooded.post(DOWNLOAD, {"selected": [str(uuid.uuid4()) for _ in range(1200)]})
    assert response.status_code == 400
    assert zip_jobs() == []
