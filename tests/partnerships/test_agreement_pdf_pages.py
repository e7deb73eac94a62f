"""The PDF through the pages: asking for it enqueues a job (nothing renders in the
request) and leads to the job's progress; the agreement page shows prepare / being
prepared / download; the download is permission-checked and recorded in the audit trail."""

import hashlib

import pytest
from django.urls import reverse

from platforms.models import AuditEvent, Job, JobStatus
from platforms.tenancy import unscoped
from tests.partnerships.agreement_pdf_helpers import fresh, give_access, make_agreement, render


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def made(world):
    made = make_agreement(world.a)
    give_access(world.a, made)
    return made


def url(name, made, slug="alpha", number=1):
    return reverse(
        name,
        args=[slug, made.partnership.public_id, made.agreement.public_id, number],
    )


def detail(made, slug="alpha"):
    return reverse(
        "agreement_detail", args=[slug, made.partnership.public_id, made.agreement.public_id]
    )


def downloads() -> int:
    with unscoped():
        return AuditEvent.objects.filter(action="download").count()


def jobs() -> int:
    with unscoped():
        return Job.objects.count()


@pytest.fixture
def no_render(monkeypatch):
    """A request must never render: any call fails the test."""
    from partnerships.agreements import pdf

    def refuse(*args, **kwargs):
        raise AssertionError("rendered in a request")

    monkeypatch.setattr(pdf, "pdf_render", refuse)
    monkeypatch.setattr(pdf, "pdf_html", refuse)


def test_asking_enqueues_a_job_after_commit_and_shows_its_progress(
    world, login, made, no_render, django_capture_on_commit_callbacks
):
    client = login(world.a.secretariat)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(url("agreement_pdf_prepare", made))
    with unscoped():
        job = Job.objects.get(kind="agreement_pdf")
    assert response.status_code == 302
    assert response["Location"] == reverse("job_detail", args=["alpha", job.public_id])
    assert job.status == JobStatus.QUEUED and job.requested_by_id == world.a.secretariat.user_id
    assert len(callbacks) == 1 and callbacks[0].args == (job.pk, world.a.platform.pk)
    page = client.get(detail(made)).content.decode()
    assert "being prepared" in page
    # Asking again while it is on its way adds no second job.
    client.post(url("agreement_pdf_prepare", made))
    assert jobs() == 1


def test_the_page_offers_to_prepare_then_to_download(world, login, made):
    client = login(world.a.admin)
    page = client.get(detail(made)).content.decode()
    assert "Prepare the PDF" in page and "Download PDF" not in page
    render(world.a, made, actor=world.a.admin.user)
    page = client.get(detail(made)).content.decode()
    assert "Download PDF" in page and url("agreement_pdf_download", made) in page
    # Once ready, asking again enqueues nothing and says so.
    before = jobs()
    response = client.post(url("agreement_pdf_prepare", made), follow=True)
    assert "ready to download" in response.content.decode()
    assert jobs() == before


@pytest.mark.parametrize("who", ["admin", "secretariat", "broker", "partner"])
def test_those_allowed_download_and_each_download_is_audited(world, login, made, who):
    render(world.a, made)
    member = getattr(world.a, who)
    before = downloads()
    response = login(member).get(url("agreement_pdf_download", made))
    assert response.status_code == 200, who
    data = b"".join(response.streaming_content)
    assert data.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "water-compact-v1.pdf" in response["Content-Disposition"]
    assert hashlib.sha256(data).hexdigest() == fresh(made.version).fingerprint
    assert downloads() == before + 1
    with unscoped():
        event = AuditEvent.objects.filter(action="download").latest("id")
    assert event.actor_id == member.user_id
    assert event.platform_id == world.a.platform.pk
    assert event.table_name == "partnerships_agreementversion"
    assert event.object_id == made.version.pk
    assert event.changes["fingerprint"] == fresh(made.version).fingerprint


def test_observers_and_unassigned_brokers_are_refused(world, login, made):
    from tests.factories import MembershipFactory

    render(world.a, made)
    other_broker = MembershipFactory(platform=world.a.platform, role="broker")
    for member in (world.a.observer, other_broker):
        client = login(member)
        assert client.get(url("agreement_pdf_download", made)).status_code == 403
        assert client.post(url("agreement_pdf_prepare", made)).status_code == 403
        assert "Prepare the PDF" not in client.get(detail(made)).content.decode()
    assert downloads() == 0


def test_a_representative_of_no_party_gets_404(world, login, made):
    from tests.factories import MembershipFactory

    render(world.a, made)
    stranger = MembershipFactory(platform=world.a.platform, role="partner_representative")
    client = login(stranger)
    assert client.get(url("agreement_pdf_download", made)).status_code == 404
    assert client.post(url("agreement_pdf_prepare", made)).status_code == 404
    assert downloads() == 0


def test_another_platform_gets_404_and_nothing_is_written(world, login, made):
    render(world.a, made)
    before_jobs = jobs()
    for member in (world.b.admin, world.b.secretariat):
        client = login(member)
        for slug in ("alpha", "beta"):
            assert client.get(url("agreement_pdf_download", made, slug=slug)).status_code == 404
            assert client.post(url("agreement_pdf_prepare", made, slug=slug)).status_code == 404
    assert downloads() == 0
    assert jobs() == before_jobs


def test_a_missing_version_or_agreement_is_404_never_500(world, login, made):
    client = login(world.a.admin)
    assert client.get(url("agreement_pdf_download", made, number=99)).status_code == 404
    assert client.post(url("agreement_pdf_prepare", made, number=99)).status_code == 404
    wrong = reverse(
        "agreement_pdf_download",
        args=["alpha", made.partnership.public_id, made.partnership.public_id, 1],
    )
    assert client.get(wrong).status_code == 404


def test_downloading_before_the_pdf_is_ready_explains_and_records_nothing(world, login, made):
    response = login(world.a.admin).get(url("agreement_pdf_download", made), follow=True)
    assert response.status_code == 200
    assert "has not been prepared yet" in response.content.decode()
    assert downloads() == 0


def test_wrong_methods_are_refused(world, login, made):
    client = login(world.a.admin)
    assert client.get(url("agreement_pdf_prepare", made)).status_code == 405
    assert client.post(url("agreement_pdf_download", made)).status_code == 405
    assert jobs() == 0
