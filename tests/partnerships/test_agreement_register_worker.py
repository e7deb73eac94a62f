"""A selection of the register zipped by a real Celery worker process: asked for through
the page, enqueued after commit, the PDFs rendered with WeasyPrint in the worker."""

import csv
import hashlib
import io
import zipfile

import pytest
from django.urls import reverse

from partnerships.models import VersionStatus
from platforms.models import AuditEvent, Job, JobStatus
from platforms.tenancy import unscoped
from tests.factories import PartnerFactory, PartnershipFactory
from tests.partnerships.agreement_pdf_helpers import pdf_text
from tests.partnerships.test_agreement_register import LATE, build
from tests.platforms.test_worker import workers  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_zips_the_agreements_the_register_selected(world, login, workers):  # noqa: F811
    a = world.a
    river = PartnershipFactory(platform=a.platform, title="River Basin Partnership")
    PartnerFactory(partnership=river, organisation__name="Lakeside Water Trust")
    coast = PartnershipFactory(platform=a.platform, title="Coastal Fisheries")
    PartnerFactory(partnership=coast, organisation__name="Harbour Cooperative")
    chosen = [
        build(
            a,
            title="Water Compact",
            partnership=river,
            status=VersionStatus.EXECUTED,
            required=1,
            signed=1,
            executed_at=LATE,
        ),
        build(a, title="Fish Work Plan", partnership=coast),
        build(a, title="Harbour Accord", partnership=coast, status="issued", required=2, signed=1),
    ]
    build(a, title="Not chosen", partnership=river)
    workers.start()
    client = login(a.secretariat)
    response = client.post(
        reverse("agreement_register_download", args=["alpha"]),
        {"selected": [str(v.agreement.public_id) for v in chosen]},
    )
    assert response.status_code == 302

    def done():
        with unscoped():
            job = Job.objects.get(kind="agreement_zip")
        return job if job.is_finished else None

    job = workers.wait_for("the zip", done, timeout=120)
    assert job.status == JobStatus.SUCCEEDED, f"{job.message}\n{workers.log()}"
    assert response["Location"] == reverse("job_detail", args=["alpha", job.public_id])

    download = client.get(reverse("job_download", args=["alpha", job.public_id]))
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    expected = {
        "coastal-fisheries/fish-work-plan-v1.pdf": ("Fish Work Plan", "Harbour Cooperative"),
        "coastal-fisheries/harbour-accord-v1.pdf": ("Harbour Accord", "Harbour Cooperative"),
        "river-basin-partnership/water-compact-v1.pdf": ("Water Compact", "Lakeside Water Trust"),
    }
    assert sorted(archive.namelist()) == sorted(["index.csv", *expected])
    for name, (title, party) in expected.items():
        text, _ = pdf_text(archive.read(name))
        assert title in text and party in text, name
        assert "Not chosen" not in text
    index = list(csv.DictReader(io.StringIO(archive.read("index.csv").decode("utf-8-sig"))))
    assert {row["file"]: row["status"] for row in index} == {
        "coastal-fisheries/fish-work-plan-v1.pdf": "Draft",
        "coastal-fisheries/harbour-accord-v1.pdf": "Partly signed",
        "river-basin-partnership/water-compact-v1.pdf": "Executed",
    }
    for row in index:
        assert hashlib.sha256(archive.read(row["file"])).hexdigest() == row["sha256"]
    with unscoped():
        taken = set(
            AuditEvent.objects.filter(action="download", via="task").values_list(
                "object_id", "actor_id"
            )
        )
    assert taken == {(v.pk, a.secretariat.user_id) for v in chosen}
