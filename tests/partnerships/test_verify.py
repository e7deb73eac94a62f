"""The public verification page /verify/: by uploaded PDF, by the fingerprint printed in
an executed PDF (URL or form), unknown and bad input; it never shows clause content,
and only a member of the agreement's platform gets a link to the agreement."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerships.agreements.pdf import pdf_content
from partnerships.views import verify as view
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


def test_a_file_over_the_limit_is_refused(client, db, monkeypatch):
    monkeypatch.setattr(view, "MAX_BYTES", 100)
    response = upload(client, b"%PDF-" + b"x" * 200)
    assert response.status_code == 400
    assert view.TOO_BIG in response.content.decode()


def test_the_upload_form_needs_its_csrf_token(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = upload(client, b"%PDF-1.7")
    assert response.status_code == 403
