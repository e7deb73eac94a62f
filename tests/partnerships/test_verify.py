"""The public verification page /verify/: by uploaded PDF, by the fingerprint printed in
an executed PDF (URL or form), unknown and bad input; it never shows clause content,
and only a member of the agreement's platform gets a link to the agreement."""

from importlib import import_module

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.agreements.pdf import pdf_content
from partnerships.models import AgreementFile, AgreementVersion, VersionStatus
from partnerships.selectors import verify as verify_selectors
from partnerships.views import verify as view
from platforms.models import Job, JobStatus
from platforms.tenancy import unscoped
from tests.partnerships.agreement_pdf_helpers import fresh, make_agreement, render

pytestmark = pytest.mark.django_db
CLAUSE_SECRET = "Confidential tariff of forty rupees"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def executed(world):
    made = make_agreement(world.a, executed=True)
    from tests.partnerships.agreement_pdf_helpers import set_clause_body

    set_clause_body(made, 1, f"<p>{CLAUSE_SECRET}</p>")
    made.version = fresh(made.version)
    job = render(world.a, made)
    assert job is not None
    with default_storage.open(job.result["key"], "rb") as handle:
        data = handle.read()
    with unscoped():
        content = pdf_content(version=fresh(made.version)).fingerprint
    return made, data, content


def upload(client, data: bytes, name="agreement.pdf"):
    return client.post(reverse("verify"), {"file": SimpleUploadedFile(name, data)})


def agreement_link(made) -> str:
    return reverse(
        "agreement_detail",
        args=["alpha", made.partnership.public_id, made.agreement.public_id],
    )


def test_an_uploaded_pdf_is_recognised_without_showing_its_content(world, client, executed):
    made, data, _ = executed
    response = upload(client, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This is a genuine agreement" in page
    assert world.a.platform.name in page and "Water Compact" in page
    assert "Executed" in page and "4 March 2026" in page
    assert CLAUSE_SECRET not in page
    assert agreement_link(made) not in page


def test_the_printed_content_fingerprint_in_the_url_is_recognised(world, client, executed):
    made, _, content = executed
    response = client.get(reverse("verify_fingerprint", args=[content]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "This is a genuine agreement" in page and "Water Compact" in page
    assert "content fingerprint printed" in page
    assert CLAUSE_SECRET not in page


def test_the_file_hash_through_the_form_is_recognised(world, client, executed):
    made, _, _ = executed
    digest = fresh(made.version).fingerprint
    response = client.get(reverse("verify"), {"fingerprint": digest.upper()})
    assert response.status_code == 200
    assert "This is a genuine agreement" in response.content.decode()


def test_a_draft_is_found_but_said_not_executed(world, client):
    made = make_agreement(world.a)
    render(world.a, made)
    response = client.get(reverse("verify_fingerprint", args=[fresh(made.version).fingerprint]))
    page = response.content.decode()
    assert "This is a genuine agreement" in page and "Not executed" in page


def test_an_unknown_fingerprint_is_not_found(client, db):
    response = client.get(reverse("verify_fingerprint", args=["a" * 64]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not found" in page and "This is a genuine agreement" not in page


def test_a_changed_file_is_not_found(client, executed):
    _, data, _ = executed
    response = upload(client, data + b"\n% tampered")
    assert "Not found" in response.content.decode()


def test_a_member_of_the_platform_gets_the_link(world, login, executed):
    made, data, content = executed
    client = login(world.a.observer)
    page = client.get(reverse("verify_fingerprint", args=[content])).content.decode()
    assert agreement_link(made) in page
    assert CLAUSE_SECRET not in page


def test_a_member_of_another_platform_gets_no_link(world, login, executed):
    made, data, content = executed
    client = login(world.b.admin)
    page = upload(client, data).content.decode()
    assert "This is a genuine agreement" in page
    assert agreement_link(made) not in page and "Open the agreement" not in page


@pytest.mark.parametrize(
    "value",
    ["xyz", "a" * 63, "a" * 65, "g" * 64, "' OR 1=1 --", "a" * 500],
)
def test_a_malformed_fingerprint_is_a_clear_message(client, db, value):
    response = client.get(reverse("verify"), {"fingerprint": value})
    assert response.status_code == 400
    assert view.BAD_FINGERPRINT in response.content.decode()


def test_a_malformed_fingerprint_in_the_url_is_a_clear_message(client, db):
    response = client.get("/verify/not-a-hash/")
    assert response.status_code == 400
    assert view.BAD_FINGERPRINT in response.content.decode()


def test_no_input_shows_the_forms(client, db):
    response = client.get(reverse("verify"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page and "csrfmiddlewaretoken" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", view.EMPTY),
        (b"GIF89a not a pdf", view.NOT_PDF),
    ],
)
def test_a_bad_upload_is_a_clear_message(client, db, data, message):
    response = upload(client, data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_no_file_is_a_clear_message(client, db):
    response = client.post(reverse("verify"), {})
    assert response.status_code == 400
    assert view.NO_FILE in response.content.decode()


def big_pdf(size: int) -> bytes:
    return b"%PDF-1.7\n" + b"x" * (size - 9)


def test_a_real_upload_over_20_mb_is_a_clear_refusal(client, db):
    response = upload(client, big_pdf(21 * 1024 * 1024))
    assert response.status_code == 413
    page = response.content.decode()
    assert view.TOO_BIG in page and "Files over 20 MB cannot be verified" in page
    assert "This is a genuine agreement" not in page


def test_an_upload_of_exactly_20_mb_is_checked(client, db):
    response = upload(client, big_pdf(view.MAX_BYTES))
    assert response.status_code == 200
    assert "Not found" in response.content.decode()


def test_several_files_together_over_the_limit_are_refused(client, db):
    part = big_pdf(12 * 1024 * 1024)
    response = client.post(
        reverse("verify"),
        {"file": [SimpleUploadedFile("a.pdf", part), SimpleUploadedFile("b.pdf", part)]},
    )
    assert response.status_code == 413
    assert view.TOO_BIG in response.content.decode()


def chunks(handler, data: bytes, size: int = 64 * 1024):
    for start in range(0, len(data), size):
        handler.receive_data_chunk(data[start : start + size], start)


def test_the_upload_limit_stops_reading_at_the_limit_not_at_the_end():
    from django.core.files.uploadhandler import StopUpload

    handler = view.UploadLimit(limit=1000)
    handler.handle_raw_input(None, {}, 1500, b"x")
    handler.new_file("file", "a.pdf", "application/pdf", None)
    with pytest.raises(StopUpload) as stopped:
        chunks(handler, b"y" * 5000, size=100)
    assert not stopped.value.connection_reset  # the browser still gets the page
    assert handler.exceeded and handler.received == 1100


def test_a_body_announced_over_the_limit_is_refused_before_any_of_it_is_kept():
    from django.core.files.uploadhandler import StopUpload

    handler = view.UploadLimit(limit=1000)
    handler.handle_raw_input(None, {}, 1000 + view.BODY_SLACK + 1, b"x")
    with pytest.raises(StopUpload):
        handler.new_file("file", "a.pdf", "application/pdf", None)
    assert handler.received == 0


def test_the_upload_limit_is_in_place_before_the_body_is_read(client, db, monkeypatch):
    """The other handlers see no more than the limit: nothing past it is spooled."""
    from django.core.files.uploadhandler import TemporaryFileUploadHandler

    seen: list[int] = []
    original = TemporaryFileUploadHandler.receive_data_chunk

    def counting(self, raw_data, start):
        seen.append(len(raw_data))
        return original(self, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", counting)
    response = client.post(
        reverse("verify"),
        {"file": SimpleUploadedFile("big.pdf", big_pdf(view.MAX_BYTES + 10))},
        # Within the slack the body's length allows: only counting the bytes stops it.
    )
    assert response.status_code == 413
    assert 0 < sum(seen) <= view.MAX_BYTES


def test_the_upload_form_needs_its_csrf_token(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = upload(client, b"%PDF-1.7")
    assert response.status_code == 403


def test_the_upload_form_works_with_its_csrf_token(db, executed):
    from django.test import Client

    _, data, _ = executed
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("verify"))
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("verify"),
        {"csrfmiddlewaretoken": token, "file": SimpleUploadedFile("a.pdf", data)},
    )
    assert response.status_code == 200
    assert "This is a genuine agreement" in response.content.decode()


def test_uploads_are_throttled_per_client_with_a_clear_message(client, db):
    allowed = view.UploadThrottle().num_requests
    for _ in range(allowed):
        assert upload(client, b"%PDF-1.7 nothing").status_code == 200
    response = upload(client, b"%PDF-1.7 nothing")
    assert response.status_code == 429
    assert view.TOO_MANY in response.content.decode()
    # Someone else, and a typed fingerprint, are not held up.
    other = client.post(
        reverse("verify"),
        {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.7")},
        REMOTE_ADDR="203.0.113.9",
    )
    assert other.status_code == 200
    assert client.get(reverse("verify_fingerprint", args=["a" * 64])).status_code == 200


# The content fingerprint is a column of the version ----------------------------------


def forget_jobs():
    """The render jobs' results are not where the lookup looks any more."""
    with unscoped():
        Job.objects.all().delete()


def test_the_typed_content_fingerprint_is_found_by_its_column(world, client, executed):
    made, _, content = executed
    assert fresh(made.version).content_fingerprint == content
    forget_jobs()
    response = client.get(reverse("verify"), {"fingerprint": f"  {content.upper()} "})
    page = response.content.decode()
    assert response.status_code == 200
    assert "This is a genuine agreement" in page and "Executed" in page
    assert "content fingerprint printed" in page
    assert CLAUSE_SECRET not in page and agreement_link(made) not in page


def test_a_drafts_content_fingerprint_proves_nothing(world, client):
    made = make_agreement(world.a)
    render(world.a, made)
    content = fresh(made.version).content_fingerprint
    assert content
    page = client.get(reverse("verify_fingerprint", args=[content])).content.decode()
    assert "Not found" in page and "This is a genuine agreement" not in page


def test_an_uploaded_file_is_never_matched_on_content(executed):
    """An upload is compared with files only: its bytes are the document, not a claim."""
    _, _, content = executed
    assert verify_selectors.verify_fingerprint(fingerprint=content, content=False) is None
    assert verify_selectors.verify_fingerprint(fingerprint=content) is not None


def test_an_unknown_fingerprint_next_to_real_ones_is_not_found(world, client, executed):
    made, _, content = executed
    unknown = ("0" if content[0] != "0" else "1") + content[1:]
    page = client.get(reverse("verify_fingerprint", args=[unknown])).content.decode()
    assert "Not found" in page and "Water Compact" not in page


@pytest.mark.parametrize(
    "value", [" ", "\x00" * 64, "é" * 64, "a" * 64 + "\n" + "b", "0x" + "a" * 62]
)
def test_odd_fingerprints_are_a_clear_message_never_a_500(client, db, value):
    response = client.get(reverse("verify"), {"fingerprint": value})
    assert response.status_code == 400
    assert view.BAD_FINGERPRINT in response.content.decode()


def _more_versions(made, count: int) -> None:
    """Executed versions with several files each, and old render jobs, that must not
    make the lookup any more expensive."""
    with unscoped():
        for number in range(2, count + 2):
            version = AgreementVersion.objects.create(
                platform=made.version.platform,
                agreement=made.agreement,
                number=number,
                status=VersionStatus.EXECUTED,
                fingerprint=f"{number:064x}",
                content_fingerprint=f"{number + 1000:064x}",
            )
            for look in range(3):
                AgreementFile.objects.create(
                    platform=made.version.platform,
                    version=version,
                    key=f"agreements/v{number}-{look}.pdf",
                    sha256=f"{number * 10 + look:064x}",
                    content_fingerprint=f"{number + 1000:064x}",
                    executed=True,
                )
            Job.objects.create(
                platform=made.version.platform,
                kind="agreement_pdf",
                status=JobStatus.SUCCEEDED,
                result={"version_id": version.pk, "content_fingerprint": f"{number + 1000:064x}"},
            )


def _lookup_queries(client, fingerprint) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("verify_fingerprint", args=[fingerprint]))
    assert "This is a genuine agreement" in response.content.decode()
    return [q["sql"] for q in queries.captured_queries]


def test_the_lookup_is_one_query_however_many_versions_and_jobs(world, client, executed):
    made, _, content = executed
    few = _lookup_queries(client, content)
    _more_versions(made, 30)
    many = _lookup_queries(client, content)
    assert len(few) == len(many)
    lookups = [sql for sql in many if 'FROM "partnerships_agreementfile"' in sql]
    assert len(lookups) == 1  # file and content fingerprints together
    assert not [sql for sql in many if '"platforms_job"' in sql]
    assert len(_lookup_queries(client, fresh(made.version).fingerprint)) == len(many)


def test_the_backfill_takes_the_fingerprint_of_the_job_that_made_the_file(world, executed):
    made, _, content = executed
    backfill = import_module(
        "partnerships.migrations.0009_agreementversion_content_fingerprint"
    ).backfill
    draft = make_agreement(world.a, title="Draft Compact")
    render(world.a, draft)
    with unscoped():
        AgreementVersion.objects.update(content_fingerprint="")
        # A job of an earlier file of the draft: not the one its fingerprint comes from.
        AgreementVersion.objects.filter(pk=draft.version.pk).update(fingerprint="f" * 64)
    with connection.schema_editor(atomic=False) as editor:
        backfill(None, editor)
    assert fresh(made.version).content_fingerprint == content
    assert fresh(draft.version).content_fingerprint == ""
