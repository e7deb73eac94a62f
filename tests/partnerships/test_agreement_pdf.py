"""Agreement PDFs rendered for real (WeasyPrint, in-process through the job) and read
back with pypdf: cover, contents, page numbers, parties, clauses, signatures, the
executed version's fingerprint; the restricted URL fetcher; idempotent jobs."""

import hashlib
import io
import re

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from partnerships.agreements import pdf
from partnerships.agreements.pdf_fetcher import RefusedURL, RestrictedFetcher
from partnerships.models import AgreementClause
from platforms.models import Job, JobStatus
from platforms.tenancy import unscoped
from tests.partnerships.agreement_pdf_helpers import (
    fresh,
    make_agreement,
    pdf_text,
    render,
    set_clause_body,
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def renders(monkeypatch):
    """Counts real renders, and keeps every fetcher used, to see what it was asked."""
    calls: list[RestrictedFetcher] = []
    real = pdf.pdf_render

    def counting(html, *, fetcher=None):
        fetcher = fetcher or RestrictedFetcher()
        calls.append(fetcher)
        return real(html, fetcher=fetcher)

    monkeypatch.setattr(pdf, "pdf_render", counting)
    return calls


def stored(job: Job) -> bytes:
    with default_storage.open(job.result["key"], "rb") as handle:
        return handle.read()


def test_the_rendered_pdf_has_cover_contents_pages_parties_clauses_and_signatures(world, renders):
    made = make_agreement(world.a)
    job = render(world.a, made, actor=world.a.admin.user)
    assert job is not None and job.status == JobStatus.SUCCEEDED, job and job.message
    text, pages = pdf_text(stored(job))
    flat = " ".join(text.split())
    assert "Water Compact" in flat
    assert "Platform A" in flat
    assert "River Basin Partnership" in flat
    assert "Version 1 · Draft" in flat
    assert "Contents" in flat
    assert f"Page 1 of {pages}" in flat and f"Page {pages} of {pages}" in flat
    assert pages >= 4
    with unscoped():
        titles = list(
            AgreementClause.objects.filter(version=made.version).values_list("title", flat=True)
        )
    assert titles
    for title in titles:
        assert " ".join(title.split()) in flat, title
    assert "Lakeside Water Trust" in flat and "Village Council" in flat
    assert "Signatures" in flat
    assert "Amara Okafor" in flat and "Signed" in flat
    assert "Jonas Berg" in flat and "Pending" in flat
    assert "4 Mar 2026 15:00" in flat  # signed at 09:30 UTC, shown in Asia/Colombo
    # A draft prints no fingerprint; the file's own hash is stored all the same.
    assert "fingerprint" not in flat.lower()
    assert fresh(made.version).fingerprint == hashlib.sha256(stored(job)).hexdigest()
    assert len(renders) == 1


def test_the_contents_give_each_clause_its_page_number(world):
    made = make_agreement(world.a)
    job = render(world.a, made)
    text, _ = pdf_text(stored(job))
    # "1. <title> ..... <page>": the target-counter filled in a number after the leader.
    assert re.search(r"The parties\s*\.+\s*\d+", text), text[:800]


def test_an_executed_version_carries_its_content_fingerprint_and_verification_link(world):
    made = make_agreement(world.a, executed=True)
    job = render(world.a, made)
    data = stored(job)
    text, _ = pdf_text(data)
    flat = "".join(text.split())
    with unscoped():
        content = pdf.pdf_content(version=fresh(made.version))
    assert content.fingerprint in flat
    assert f"{settings.SITE_URL}/verify/{content.fingerprint}/".replace(" ", "") in flat
    assert "Executed" in text
    # What is stored on the version is the SHA-256 of the file itself.
    assert fresh(made.version).fingerprint == hashlib.sha256(data).hexdigest()
    assert job.result["content_fingerprint"] == content.fingerprint


def test_the_platform_logo_is_embedded_as_a_data_url(world, renders):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    platform = world.a.platform
    with unscoped():
        platform.logo.save("logo.png", ContentFile(buffer.getvalue()))
    made = make_agreement(world.a)
    job = render(world.a, made)
    assert job.status == JobStatus.SUCCEEDED
    (fetcher,) = renders
    assert fetcher.asked and all(url.startswith("data:image/png;base64,") for url in fetcher.asked)


HOSTILE = (
    '<p>Before</p><img src="file:///etc/passwd"><p style="background:url(http://evil.example/a.png)">'
    "Styled</p><style>p { background: url(https://evil.example/b.png) }</style>"
    '<script>alert(1)</script><svg><image href="ftp://evil.example/c"/></svg>'
    '<table><tr><td background="file:///etc/shadow">cell</td></tr></table><p>After</p>'
)


def test_hostile_clause_text_never_makes_the_fetcher_ask_for_a_file_or_the_network(world, renders):
    made = make_agreement(world.a)
    set_clause_body(made, 1, HOSTILE)
    job = render(world.a, made)
    assert job.status == JobStatus.SUCCEEDED, job.message
    (fetcher,) = renders
    assert not [u for u in fetcher.asked if not u.startswith("data:")], fetcher.asked
    text, _ = pdf_text(stored(job))
    assert "Before" in text and "After" in text and "root:" not in text


def test_the_fetcher_refuses_and_logs_what_slips_past_the_sanitiser(caplog):
    # Unsanitised HTML straight to the renderer: the fetcher is the second line.
    fetcher = RestrictedFetcher()
    html = (
        '<img src="file:///etc/passwd"><img src="http://evil.example/x.png">'
        '<div style="background: url(https://evil.example/y.png)">x</div>'
        '<img src="../../../../etc/passwd">'
    )
    data = pdf.pdf_render(html, fetcher=fetcher)
    assert data.startswith(b"%PDF")
    assert any(u.startswith("file:///etc/passwd") for u in fetcher.asked)
    assert "Refused" in caplog.text or "refused" in caplog.text
    assert b"root:" not in data


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1/",
        "https://evil.example/x.css",
        "ftp://evil.example/x",
        "file://evil.example/share/x.css",
        "gopher://x/",
    ],
)
def test_the_fetcher_refuses_every_url_but_data_and_static(url):
    with pytest.raises(RefusedURL):
        RestrictedFetcher().fetch(url)


def test_the_fetcher_refuses_traversal_out_of_static_and_serves_static_and_data():
    static = settings.STATICFILES_DIRS[0]
    with pytest.raises(RefusedURL):
        RestrictedFetcher().fetch(f"file://{static}/../pyproject.toml")
    with pytest.raises(RefusedURL):
        RestrictedFetcher().fetch(f"file://{static}/css/../../../../etc/passwd")
    response = RestrictedFetcher().fetch(f"file://{static}/css/app.css")
    assert response.read()
    assert RestrictedFetcher().fetch("data:text/plain;base64,aGk=").read() == b"hi"


def test_long_words_and_wide_tables_render(world):
    made = make_agreement(world.a)
    word = "Wasserversorgungs" * 30
    cells = "".join(f"<td>column {i} {word[:40]}</td>" for i in range(14))
    set_clause_body(made, 1, f"<p>{word}</p><table><tr>{cells}</tr></table>")
    job = render(world.a, made)
    assert job.status == JobStatus.SUCCEEDED, job.message
    text, _ = pdf_text(stored(job))
    flat = "".join(text.split())
    # Every cell of the 14-column table is on the page (wrapped inside narrow cells).
    assert all(f"column{i}" in flat for i in range(14))


# --- Idempotency -----------------------------------------------------------------------


def test_a_second_job_for_the_same_content_finds_the_file_and_does_not_render(world, renders):
    made = make_agreement(world.a)
    first = render(world.a, made)
    assert first.result["rendered"] is True
    # Asking again while the file exists enqueues nothing.
    with unscoped():
        jobs = Job.objects.count()
    assert render(world.a, made) is None
    with unscoped():
        assert Job.objects.count() == jobs
    # A job for the same content (sent twice, or before the first finished) renders nothing.
    from platforms.jobs import job_enqueue, job_execute
    from platforms.tenancy import platform_transaction

    with platform_transaction(world.a.platform.pk):
        again = job_enqueue(
            platform=world.a.platform,
            kind="agreement_pdf",
            payload={"version_id": made.version.pk, "key": first.result["key"]},
        )
    job_execute(job_id=again.pk, platform_id=world.a.platform.pk)
    job_execute(job_id=again.pk, platform_id=world.a.platform.pk)  # delivered twice
    with unscoped():
        again = Job.objects.get(pk=again.pk)
    assert again.status == JobStatus.SUCCEEDED
    assert again.result["rendered"] is False
    assert again.result["key"] == first.result["key"]
    assert len(renders) == 1
    folder = default_storage.path(first.result["key"]).rsplit("/", 1)[0]
    import os

    assert len(os.listdir(folder)) == 1


def test_changed_content_gets_a_new_file(world, renders):
    made = make_agreement(world.a)
    first = render(world.a, made)
    set_clause_body(made, 1, "<p>A new first clause.</p>")
    second = render(world.a, made)
    assert second is not None and second.result["key"] != first.result["key"]
    assert len(renders) == 2
    assert "A new first clause." in pdf_text(stored(second))[0]


def test_a_version_gone_fails_the_job_with_a_message(world):
    from platforms.jobs import job_enqueue, job_execute
    from platforms.tenancy import platform_transaction

    with platform_transaction(world.a.platform.pk):
        job = job_enqueue(
            platform=world.a.platform, kind="agreement_pdf", payload={"version_id": 987654}
        )
    job_execute(job_id=job.pk, platform_id=world.a.platform.pk)
    with unscoped():
        job = Job.objects.get(pk=job.pk)
    assert job.status == JobStatus.FAILED
    assert job.message == "This agreement version no longer exists."


def test_a_half_written_file_from_a_killed_worker_is_rendered_again(world, renders):
    from partnerships.services.agreement_pdfs import agreement_pdf_ensure
    from platforms.tenancy import platform_transaction

    made = make_agreement(world.a)
    with unscoped():
        key = pdf.pdf_content(version=fresh(made.version)).key
    default_storage.save(key, ContentFile(b"%PDF-1.7\n1 0 obj <<"))  # cut off mid-write
    # A redelivered job finds the file: it must not take half a file for a rendered one.
    with platform_transaction(world.a.platform.pk):
        result = agreement_pdf_ensure(version=fresh(made.version))
    assert result["rendered"] is True
    with default_storage.open(key, "rb") as handle:
        data = handle.read()
    assert data.rstrip().endswith(b"%%EOF")
    assert "Water Compact" in pdf_text(data)[0]
