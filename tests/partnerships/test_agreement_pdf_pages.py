"""The PDF through the pages: asking for it enqueues a job (nothing renders in the
request) and leads to the job's progress; the agreement page shows prepare / being
prepared (progress) / ready (download, size, fingerprint) / failed (message, try again);
the download is permission-checked and recorded in the audit trail; the job's page leads
back to the agreement."""

import hashlib

import pytest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import escape

from partnerships.models import AgreementVersion
from platforms.jobs import job_claim, job_enqueue, job_execute
from platforms.models import AuditEvent, Job, JobStatus
from platforms.tenancy import platform_transaction, unscoped
from tests.partnerships.agreement_pdf_helpers import (
    fresh,
    give_access,
    make_agreement,
    render,
    set_clause_body,
)


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


# The PDF block's four states, and the job page's way back --------------------------


def block(client, made) -> str:
    """The PDF block of the agreement's page."""
    page = client.get(detail(made)).content.decode()
    start = page.index('aria-labelledby="pdf-heading"')
    return page[start : page.index("</section>", start)]


def ask(client, made) -> Job:
    client.post(url("agreement_pdf_prepare", made))
    with unscoped():
        return Job.objects.filter(kind="agreement_pdf").latest("created_at")


def run(job: Job) -> Job:
    job_execute(job_id=job.pk, platform_id=job.platform_id)
    with unscoped():
        return Job.objects.get(pk=job.pk)


def test_not_prepared_offers_the_button(world, login, made):
    html = block(login(world.a.partner), made)
    assert "Prepare the PDF" in html and url("agreement_pdf_prepare", made) in html
    assert "Download PDF" not in html and "could not be prepared" not in html


def test_being_prepared_shows_the_progress_and_follows_the_job(world, login, made):
    admin = login(world.a.admin)
    job = ask(admin, made)
    assert job_claim(job_id=job.pk, platform_id=job.platform_id) is not None
    with unscoped():  # what Progress writes, from a worker
        Job.objects.filter(pk=job.pk).update(progress=40, message="Laying out the pages.")
    html = block(admin, made)
    assert "being prepared" in html
    assert 'value="40"' in html and "Laying out the pages." in html
    assert reverse("job_detail", args=["alpha", job.public_id]) in html
    # Followed live as on the job's page: its status URL and script.
    assert f'data-job-status-url="{reverse("job_status", args=["alpha", job.public_id])}"' in html
    assert "js/jobs.js" in html
    # The secretariat sees every job, so it follows too.
    assert "data-job-status-url" in block(login(world.a.secretariat), made)


def test_a_representative_who_did_not_ask_is_told_to_reload(world, login, made):
    ask(login(world.a.admin), made)
    html = block(login(world.a.partner), made)
    assert "being prepared" in html and "Reload this page" in html
    # The job's page and status are not theirs to see (404): no link, no polling.
    assert "/jobs/" not in html and "data-job-status-url" not in html


def test_reload_leads_back_to_the_page_it_is_on(world, login, made):
    ask(login(world.a.admin), made)
    page = url("agreement_version_detail", made)
    html = login(world.a.partner).get(page + "?from=history").content.decode()
    assert f'<a href="{page}?from=history">Reload this page</a>' in html
    assert f'<a href="{detail(made)}">Reload this page</a>' in block(login(world.a.partner), made)


def test_a_queued_job_says_it_waits(world, login, made):
    admin = login(world.a.admin)
    ask(admin, made)
    html = block(admin, made)
    assert "Waiting for a worker to start." in html and 'value="0"' in html


def test_ready_shows_the_download_with_size_and_fingerprint(world, login, made, media):
    client = login(world.a.secretariat)
    job = render(world.a, made, actor=world.a.admin.user)
    assert job is not None and job.status == JobStatus.SUCCEEDED
    html = block(client, made)
    size = (media / job.result["key"]).stat().st_size
    assert url("agreement_pdf_download", made) in html and "Download PDF" in html
    assert filesizeformat(size) in html
    assert fresh(made.version).fingerprint in html
    assert "verification page" not in html  # a draft proves nothing


def test_an_executed_versions_block_links_to_the_verification_page(world, login):
    made = make_agreement(world.a, executed=True)
    give_access(world.a, made)
    render(world.a, made)
    html = block(login(world.a.partner), made)
    fingerprint = fresh(made.version).fingerprint
    assert reverse("verify_fingerprint", args=[fingerprint]) in html


def test_a_superseded_version_that_was_executed_still_links_to_the_verification_page(world, login):
    made = make_agreement(world.a, executed=True)
    give_access(world.a, made)
    render(world.a, made)
    with unscoped():  # as an executed amendment leaves it; its document is unchanged
        AgreementVersion.objects.filter(pk=made.version.pk).update(status="superseded")
    html = block(login(world.a.partner), made)
    fingerprint = fresh(made.version).fingerprint
    assert "Download PDF" in html and fingerprint in html
    assert reverse("verify_fingerprint", args=[fingerprint]) in html


def test_a_fingerprint_taken_from_other_content_is_not_shown(world, login, made):
    render(world.a, made)
    with unscoped():  # as a version rendered before the content fingerprint was kept
        AgreementVersion.objects.filter(pk=made.version.pk).update(content_fingerprint="")
    html = block(login(world.a.admin), made)
    assert "Download PDF" in html and fresh(made.version).fingerprint not in html


@pytest.fixture
def broken_storage(settings, media):
    """A MEDIA_ROOT below a regular file: nothing can be saved there, really. Call the
    fixture's value to repair it."""
    blocker = media / "not-a-folder"
    blocker.write_text("")
    settings.MEDIA_ROOT = str(blocker / "media")

    def repair():
        settings.MEDIA_ROOT = str(media)

    return repair


def test_failed_shows_the_jobs_message_and_try_again_works(world, login, made, broken_storage):
    admin = login(world.a.admin)
    failed = run(ask(admin, made))
    assert failed.status == JobStatus.FAILED and failed.message
    html = block(admin, made)
    assert "could not be prepared" in html and escape(failed.message) in html
    assert reverse("job_detail", args=["alpha", failed.public_id]) in html
    assert "Try again" in html and url("agreement_pdf_prepare", made) in html
    assert "Prepare the PDF" not in html
    # The representative sees the failure and may try again, without the job's link.
    html = block(login(world.a.partner), made)
    assert "could not be prepared" in html and "Try again" in html
    assert reverse("job_detail", args=["alpha", failed.public_id]) not in html

    broken_storage()  # the storage is back
    admin = login(world.a.admin)
    again = ask(admin, made)
    assert again.requested_by_id == world.a.admin.user_id
    assert again.pk != failed.pk and again.status == JobStatus.QUEUED
    assert "being prepared" in block(admin, made)
    assert run(again).status == JobStatus.SUCCEEDED
    html = block(admin, made)
    assert "Download PDF" in html and "could not be prepared" not in html


def test_a_failure_before_a_success_is_not_shown_once_the_file_has_gone(
    world, login, made, broken_storage, media
):
    admin = login(world.a.admin)
    assert run(ask(admin, made)).status == JobStatus.FAILED
    broken_storage()
    done = run(ask(admin, made))
    (media / done.result["key"]).unlink()  # removed from the storage since
    html = block(admin, made)
    assert "Prepare the PDF" in html and "could not be prepared" not in html


def test_a_failure_for_earlier_content_is_not_shown(world, login, made, broken_storage):
    admin = login(world.a.admin)
    run(ask(admin, made))
    set_clause_body(made, 1, "<p>A new text.</p>")
    html = block(admin, made)
    assert "Prepare the PDF" in html and "could not be prepared" not in html


def test_the_page_costs_the_same_queries_in_every_state(world, login, made, broken_storage):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.a.admin)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(detail(made)).status_code == 200
        return len(captured)

    not_prepared = queries()
    for _ in range(3):
        run(ask(client, made))
    assert "could not be prepared" in block(client, made)
    assert queries() == not_prepared
    ask(client, made)
    assert "being prepared" in block(client, made)
    assert queries() == not_prepared


def test_the_job_page_leads_back_to_the_agreement(world, login, made):
    client = login(world.a.admin)
    job = ask(client, made)
    page = client.get(reverse("job_detail", args=["alpha", job.public_id])).content.decode()
    assert f'href="{detail(made)}"' in page and "Back to Water Compact v1" in page


def test_a_failed_jobs_page_says_where_to_try_again(world, login, made, broken_storage):
    client = login(world.a.admin)
    failed = run(ask(client, made))
    page = client.get(reverse("job_detail", args=["alpha", failed.public_id])).content.decode()
    assert "from where you started it" in page and page.count(f'href="{detail(made)}"') == 2


def test_the_back_link_label_is_escaped(world, login):
    made = make_agreement(world.a, title='<script>alert("x")</script> & Co')
    give_access(world.a, made)
    client = login(world.a.admin)
    job = ask(client, made)
    page = client.get(reverse("job_detail", args=["alpha", job.public_id])).content.decode()
    assert "Back to &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co v1" in page
    assert '<script>alert("x")' not in page


def test_other_kinds_of_job_have_no_way_back(world, login):
    with platform_transaction(world.a.platform.pk, user_id=world.a.admin.user_id):
        job = job_enqueue(platform=world.a.platform, kind="noop", requested_by=world.a.admin.user)
    page = login(world.a.admin).get(reverse("job_detail", args=["alpha", job.public_id]))
    assert page.status_code == 200 and "Back to" not in page.content.decode()


@pytest.mark.parametrize(
    "bad", ["https://evil.example/", "//evil.example/", "/\\evil.example", "x"]
)
def test_a_back_link_off_the_site_is_refused(world, bad):
    with (
        pytest.raises(ValueError, match="path on this site"),
        platform_transaction(world.a.platform.pk),
    ):
        job_enqueue(platform=world.a.platform, kind="noop", back_url=bad, back_label="x")
    assert jobs() == 0
