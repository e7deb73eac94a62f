"""Verification holds over time. Every rendered file keeps a row (AgreementFile), so a copy
handed out before a later render (a new look of the platform) still verifies; a slow
render of content that has moved on does not replace the version's latest fingerprints;
and a superseded version's document stays its executed document: same fingerprint, same
file, still verifiable, and the page says which version replaced it."""

import hashlib
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from partnerships.agreements import pdf
from partnerships.models import AgreementClause, AgreementFile, AgreementVersion, VersionStatus
from partnerships.selectors import verify as verify_selectors
from partnerships.services.agreement_pdfs import agreement_pdf_ensure, agreement_pdf_state
from partnerships.services.signing import (
    signatory_decline,
    signatory_sign,
    version_amend,
    version_issue,
)
from platforms.models import Job, Platform
from platforms.tenancy import platform_transaction, unscoped
from tests.partnerships.agreement_pdf_helpers import fresh, make_agreement, pdf_text, render
from tests.partnerships.signing_helpers import deal, issued, version
from tests.partnerships.signing_helpers import fresh as fresh_signatory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def sign(world, signatory, user):
    return signatory_sign(
        platform=world.a.platform,
        signatory=fresh_signatory(signatory),
        user=user,
        full_name=signatory.name,
        confirm=True,
        ip_address="127.0.0.1",
        user_agent="test",
        via="web",
    )


def render_version(world, v: AgreementVersion) -> tuple[Job, bytes]:
    job = render(world.a, SimpleNamespace(version=fresh(v)))  # type: ignore[arg-type]
    assert job is not None and job.status == "succeeded", job and job.message
    with default_storage.open(job.result["key"], "rb") as handle:
        return job, handle.read()


def upload(client, data: bytes):
    return client.post(reverse("verify"), {"file": SimpleUploadedFile("copy.pdf", data)})


def day(value) -> str:
    local = timezone.localtime(value, Platform.objects.get(slug="alpha").tzinfo)
    return f"{local.day} {local:%B %Y}"


def executed_then_superseded(world):
    """Version 1 executed and rendered; version 2 amends it and is executed: version 1
    is superseded."""
    d = deal(world)
    mine, theirs = issued(world, d)
    sign(world, mine, world.a.partner.user)
    sign(world, theirs, d.other_rep.user)
    v1 = version(d, 1)
    assert v1.status == VersionStatus.EXECUTED
    with unscoped():
        before = pdf.pdf_content(version=fresh(v1))
    job, data = render_version(world, v1)
    v2 = version_amend(platform=world.a.platform, actor=None, version=fresh(v1), reason="Budget")
    version_issue(platform=world.a.platform, actor=None, version=fresh(v2))
    with unscoped():
        new = list(v2.signatories.order_by("name"))
    sign(world, new[0], world.a.partner.user)
    sign(world, new[1], d.other_rep.user)
    assert fresh(v1).status == VersionStatus.SUPERSEDED
    return SimpleNamespace(d=d, v1=fresh(v1), v2=fresh(v2), before=before, job=job, data=data)


# A superseded version is still its executed document ----------------------------------


def test_superseding_changes_neither_the_fingerprint_nor_the_file(world):
    s = executed_then_superseded(world)
    with unscoped():
        after = pdf.pdf_content(version=s.v1)
        state = agreement_pdf_state(version=s.v1)
    assert after.canonical["status"] == VersionStatus.EXECUTED
    assert after.fingerprint == s.before.fingerprint
    assert after.key == s.before.key == s.job.result["key"]
    assert state.ready  # the download is still there, nothing to prepare again


def test_the_fingerprint_printed_in_a_superseded_pdf_still_verifies(world, client):
    s = executed_then_superseded(world)
    response = client.get(reverse("verify_fingerprint", args=[s.before.fingerprint]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "This is a genuine agreement" in page
    assert "Executed, later superseded" in page and "Not executed" not in page
    expected = (
        f"Executed on {day(s.v1.executed_at)}; later superseded by version 2 "
        f"(executed {day(s.v2.executed_at)})"
    )
    assert expected in page
    assert "no longer the agreement in force" in page


def test_an_uploaded_copy_of_a_superseded_version_still_verifies(world, client):
    s = executed_then_superseded(world)
    page = upload(client, s.data).content.decode()
    assert "This is a genuine agreement" in page and "the PDF file itself" in page
    assert "Executed, later superseded" in page and "Not executed" not in page
    assert f"Executed on</dt><dd>{day(s.v1.executed_at)}" in page
    # Nothing of the content for someone who is not a member.
    with unscoped():
        bodies = [c.body for c in AgreementClause.objects.filter(version=s.v1) if c.body]
    assert bodies and not any(body in page for body in bodies)
    assert "Open the agreement" not in page


def test_a_superseded_version_rendered_again_is_still_the_executed_document(world, client):
    s = executed_then_superseded(world)
    default_storage.delete(s.job.result["key"])  # lost: the next request renders it again
    job, data = render_version(world, s.v1)
    assert job.result["rendered"] is True and job.result["key"] == s.job.result["key"]
    text, _ = pdf_text(data)
    flat = "".join(text.split())
    assert "Executed" in text and "Superseded" not in text
    assert s.before.fingerprint in flat and f"/verify/{s.before.fingerprint}/" in flat
    assert "Executed, later superseded" in upload(client, data).content.decode()


def test_a_declined_version_replaced_by_an_amendment_keeps_its_file(world, client):
    d = deal(world)
    mine, theirs = issued(world, d)
    sign(world, mine, world.a.partner.user)
    signatory_decline(
        platform=world.a.platform,
        signatory=fresh_signatory(theirs),
        user=d.other_rep.user,
        reason="The budget is wrong",
    )
    _, data = render_version(world, version(d, 1))
    with unscoped():
        before = pdf.pdf_content(version=fresh(version(d, 1)))
    version_amend(platform=world.a.platform, actor=None, version=version(d, 1), reason="Budget")
    v1 = fresh(version(d, 1))
    assert v1.status == VersionStatus.SUPERSEDED
    with unscoped():
        after = pdf.pdf_content(version=v1)
    assert after.canonical["status"] == VersionStatus.ISSUED
    assert after.key == before.key
    page = upload(client, data).content.decode()
    assert "Not executed, replaced" in page and "Replaced by" in page
    assert "Version 2 (not executed yet)" in page and "Executed on" not in page
    # Never executed: its content fingerprint was never printed, and proves nothing.
    page = client.get(reverse("verify_fingerprint", args=[before.fingerprint])).content.decode()
    assert "Not found" in page


def test_a_member_of_the_platform_gets_the_link_for_a_superseded_version(world, login):
    s = executed_then_superseded(world)
    client = login(world.a.observer)
    page = client.get(reverse("verify_fingerprint", args=[s.before.fingerprint])).content.decode()
    assert "Open the agreement" in page and "later superseded by version 2" in page


# Every file keeps its row ----------------------------------------------------------------


def test_a_copy_made_before_the_platform_changed_its_look_still_verifies(world, client):
    made = make_agreement(world.a, executed=True)
    _, old = render_version(world, made.version)
    Platform.objects.filter(pk=world.a.platform.pk).update(primary_colour="#0b6e4f")
    job, new = render_version(world, made.version)
    assert job.result["rendered"] is True and old != new
    with unscoped():
        files = list(AgreementFile.objects.filter(version=made.version).order_by("pk"))
    assert [f.sha256 for f in files] == [
        hashlib.sha256(old).hexdigest(),
        hashlib.sha256(new).hexdigest(),
    ]
    assert all(f.executed and f.content_fingerprint == files[0].content_fingerprint for f in files)
    assert files[1].bytes == len(new) and files[0].key != files[1].key
    for data in (old, new):
        page = upload(client, data).content.decode()
        assert "This is a genuine agreement" in page and "Executed" in page
    # The version names the latest render of its current content.
    assert fresh(made.version).fingerprint == hashlib.sha256(new).hexdigest()


def test_a_second_job_for_the_same_file_adds_no_row(world):
    made = make_agreement(world.a, executed=True)
    render_version(world, made.version)
    with platform_transaction(world.a.platform.pk):
        result = agreement_pdf_ensure(version=fresh(made.version))
    assert result["rendered"] is False
    with unscoped():
        assert AgreementFile.objects.filter(version=made.version).count() == 1


def test_a_slow_render_of_content_that_moved_on_keeps_its_row_but_not_the_version(world, client):
    """The job starts on the issued text; the last signature and the executed render
    happen while it lays out the pages; it finishes last."""
    d = deal(world)
    mine, theirs = issued(world, d)
    sign(world, mine, world.a.partner.user)
    executed_render: dict = {}

    def meanwhile(percent, message=""):
        if percent == 20 and not executed_render:
            sign(world, theirs, d.other_rep.user)
            executed_render.update(agreement_pdf_ensure(version=fresh(version(d, 1))))

    with platform_transaction(world.a.platform.pk):
        slow = agreement_pdf_ensure(version=fresh(version(d, 1)), progress=meanwhile)
    assert slow["content_fingerprint"] != executed_render["content_fingerprint"]
    v1 = fresh(version(d, 1))
    assert v1.status == VersionStatus.EXECUTED
    assert (v1.fingerprint, v1.content_fingerprint) == (
        executed_render["fingerprint"],
        executed_render["content_fingerprint"],
    )
    with unscoped():
        rows = {f.sha256: f.executed for f in AgreementFile.objects.filter(version=v1)}
    assert rows == {slow["fingerprint"]: False, executed_render["fingerprint"]: True}
    # The slow job's copy is genuine, but it is not the signed document.
    with default_storage.open(slow["key"], "rb") as handle:
        page = upload(client, handle.read()).content.decode()
    assert "Not executed: a copy from before signing" in page
    assert "it is not the signed agreement" in page
    # Its content fingerprint was never printed: it proves nothing.
    found = verify_selectors.verify_fingerprint(fingerprint=slow["content_fingerprint"])
    assert found is None


def test_a_render_of_the_current_content_updates_the_version(world):
    made = make_agreement(world.a)
    job, data = render_version(world, made.version)
    v = fresh(made.version)
    assert v.fingerprint == hashlib.sha256(data).hexdigest() == job.result["fingerprint"]
    assert v.content_fingerprint == job.result["content_fingerprint"]


# The backfill from the render jobs and the version columns -------------------------------


def test_the_backfill_recovers_earlier_files_from_the_jobs_and_the_columns(world, client):
    backfill = import_module("partnerships.migrations.0011_agreement_files").backfill
    made = make_agreement(world.a, executed=True)
    _, old = render_version(world, made.version)
    Platform.objects.filter(pk=world.a.platform.pk).update(primary_colour="#0b6e4f")
    _, new = render_version(world, made.version)
    draft = make_agreement(world.a, title="Draft Compact")
    render(world.a, draft)
    # A version whose file no job tells of (a zip made it, and the jobs were pruned).
    zipped = make_agreement(world.a, executed=True, title="Zipped Compact")
    with platform_transaction(world.a.platform.pk):
        zipped_result = agreement_pdf_ensure(version=fresh(zipped.version))
    with unscoped():
        AgreementFile.objects.all().delete()
    with connection.schema_editor(atomic=False) as editor:
        backfill(None, editor)
    with unscoped():
        rows = {(f.version_id, f.sha256): (f.key, f.executed) for f in AgreementFile.objects.all()}
    old_sha, new_sha = hashlib.sha256(old).hexdigest(), hashlib.sha256(new).hexdigest()
    assert rows[(made.version.pk, old_sha)][1] is True
    assert rows[(made.version.pk, new_sha)][1] is True
    assert rows[(made.version.pk, old_sha)][0] != rows[(made.version.pk, new_sha)][0]
    draft_sha = fresh(draft.version).fingerprint
    assert rows[(draft.version.pk, draft_sha)][1] is False
    assert rows[(zipped.version.pk, zipped_result["fingerprint"])] == ("", True)
    assert len(rows) == 4
    # Run twice, nothing more.
    with connection.schema_editor(atomic=False) as editor:
        backfill(None, editor)
    with unscoped():
        assert AgreementFile.objects.count() == 4
    assert "This is a genuine agreement" in upload(client, old).content.decode()
