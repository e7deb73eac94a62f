"""What `make run` does with the demo agreements' PDFs: seed_demo asks for them after
commit, and a real Celery worker process renders every one (WeasyPrint in the worker)."""

import hashlib

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from partnerships.models import AgreementVersion, Signatory, VersionStatus
from partnerships.services.agreement_pdfs import KIND as PDF
from partnerships.services.agreement_pdfs import agreement_pdf_state
from platforms.models import Job, JobStatus
from platforms.tenancy import unscoped
from tests.partnerships.agreement_pdf_helpers import pdf_text
from tests.platforms.test_worker import workers  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _finished():
    with unscoped():
        jobs = list(Job.objects.filter(kind=PDF))
    if jobs and all(job.status in (JobStatus.SUCCEEDED, JobStatus.FAILED) for job in jobs):
        return jobs
    return None


def test_the_worker_renders_every_pdf_the_demo_asked_for(workers):  # noqa: F811
    workers.start()
    call_command("seed_demo")

    jobs = workers.wait_for("the demo's PDFs", _finished, timeout=90)

    assert [job.message for job in jobs if job.status != JobStatus.SUCCEEDED] == []
    with unscoped():
        shown = AgreementVersion.objects.filter(
            status__in=[VersionStatus.ISSUED, VersionStatus.EXECUTED]
        ).select_related("agreement", "platform")
        assert len(jobs) == shown.count() >= 6
        for version in shown:
            state = agreement_pdf_state(version=version)
            assert state.ready, version
            with default_storage.open(state.key, "rb") as handle:
                data = handle.read()
            assert version.fingerprint == hashlib.sha256(data).hexdigest()
            text, pages = pdf_text(data)
            text = text.replace("\u2010\n", "").replace("\n", " ")  # words hyphenated at a line end
            assert version.agreement.title in text and pages >= 3
            for signatory in Signatory.objects.filter(version=version).exclude(signed_at=None):
                assert f"Signed as “{signatory.signed_name}”" in text, signatory.name
        executed = shown.filter(status=VersionStatus.EXECUTED)
        assert executed.count() == 2

    # The files exist: loading the demo again asks for nothing.
    call_command("seed_demo")
    with unscoped():
        assert Job.objects.filter(kind=PDF).count() == len(jobs)
