"""One agreement PDF rendered by a real Celery worker process (WeasyPrint in the worker),
enqueued through the page after commit, as in production."""

import hashlib

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from platforms.models import Job, JobStatus
from platforms.tenancy import unscoped
from tests.partnerships.agreement_pdf_helpers import fresh, give_access, make_agreement, pdf_text
from tests.platforms.test_worker import workers  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_renders_the_pdf_the_page_asked_for(world, login, workers):  # noqa: F811
    made = make_agreement(world.a)
    give_access(world.a, made)
    workers.start()
    client = login(world.a.secretariat)
    response = client.post(
        reverse(
            "agreement_pdf_prepare",
            args=["alpha", made.partnership.public_id, made.agreement.public_id, 1],
        )
    )
    assert response.status_code == 302

    def done():
        with unscoped():
            job = Job.objects.get(kind="agreement_pdf")
        return job if job.status in (JobStatus.SUCCEEDED, JobStatus.FAILED) else None

    job = workers.wait_for("the render", done, timeout=60)
    assert job.status == JobStatus.SUCCEEDED, job.message
    with default_storage.open(job.result["key"], "rb") as handle:
        data = handle.read()
    assert "Water Compact" in pdf_text(data)[0]
    assert fresh(made.version).fingerprint == hashlib.sha256(data).hexdigest()
