"""Files in an S3-compatible bucket, configured as production would be (S3_* variables
read by config/settings/base.py), against a real S3 server on 127.0.0.1 (moto's, in a
thread): the PDF job writes into the bucket once, downloads and the verification page
read it back, and a job's result file lives there too. Nothing is mocked: the requests
go over HTTP to the server."""

import hashlib
import runpy
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto.server import ThreadedMotoServer

from config.settings import base as settings_base
from partnerships.agreements import pdf
from partnerships.services.agreement_pdfs import agreement_pdf_ensure, agreement_pdf_state
from platforms.jobs import job_enqueue, job_execute, job_store_file
from platforms.models import Job, JobStatus
from platforms.tenancy import platform_transaction, unscoped
from tests.partnerships.agreement_pdf_helpers import fresh, give_access, make_agreement, render

pytestmark = pytest.mark.django_db
REGION = "eu-west-1"
BASE_SETTINGS = Path(settings_base.__file__)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server() -> Iterator[str]:
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@dataclass
class Bucket:
    name: str
    client: object  # boto3's S3 client, straight to the server

    def keys(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)  # type: ignore[attr-defined]
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()  # type: ignore[attr-defined]


def _settings_from(monkeypatch, variables: dict[str, str]) -> dict:
    """STORAGES as config/settings/base.py builds it from these environment variables."""
    for name in ("S3_BUCKET", "S3_ENDPOINT_URL", "S3_REGION", "S3_PREFIX", "S3_DEFAULT_ACL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(BASE_SETTINGS))["STORAGES"]


@pytest.fixture
def bucket(s3_server, settings, monkeypatch, tmp_path) -> Iterator[Bucket]:
    """A fresh bucket, and default_storage pointing at it for this test only. Overriding
    STORAGES resets Django's cached storages (and the lazy default_storage) on the way in
    and on the way out."""
    name = f"bw-{uuid.uuid4().hex[:12]}"
    storages = _settings_from(
        monkeypatch,
        {
            "S3_BUCKET": name,
            "S3_ENDPOINT_URL": s3_server,
            "S3_REGION": REGION,
            "S3_ACCESS_KEY_ID": "test-key",
            "S3_SECRET_ACCESS_KEY": "test-secret",
        },
    )
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name=REGION,
        aws_access_key_id="test-key",
        aws_secret_access_key="test-secret",
    )
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    settings.MEDIA_ROOT = str(tmp_path / "media")  # must stay empty
    settings.STORAGES = {**settings.STORAGES, "default": storages["default"]}
    yield Bucket(name, client)
    assert not (tmp_path / "media").exists(), "a file went to the filesystem"


def test_the_settings_choose_s3_by_configuration(monkeypatch):
    default = _settings_from(monkeypatch, {})["default"]
    assert default == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    default = _settings_from(
        monkeypatch, {"S3_BUCKET": "files", "S3_ENDPOINT_URL": "http://minio:9000"}
    )["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    options = default["OPTIONS"]
    assert options["bucket_name"] == "files"
    assert options["endpoint_url"] == "http://minio:9000"
    assert options["default_acl"] == "private"
    # Never a link that opens without the permission-checked view; never overwrite.
    assert options["querystring_auth"] is False
    assert options["file_overwrite"] is False
    assert "location" not in options and "region_name" not in options  # unset: boto3's


def test_an_empty_acl_leaves_the_bucket_policy_in_charge(monkeypatch):
    options = _settings_from(monkeypatch, {"S3_BUCKET": "files", "S3_DEFAULT_ACL": ""})["default"][
        "OPTIONS"
    ]
    assert "default_acl" not in options


def test_the_render_job_writes_the_pdf_into_the_bucket_once(world, bucket):
    made = make_agreement(world.a, executed=True)
    job = render(world.a, made)
    assert job is not None and job.status == JobStatus.SUCCEEDED, job and job.message
    assert job.result["rendered"] is True
    key = job.result["key"]
    assert bucket.keys() == [key]
    data = bucket.read(key)
    assert data.startswith(b"%PDF")
    version = fresh(made.version)
    assert hashlib.sha256(data).hexdigest() == version.fingerprint == job.result["fingerprint"]
    assert version.content_fingerprint == job.result["content_fingerprint"]
    # Private: only the owner has a grant, nobody reads it by URL.
    grants = bucket.client.get_object_acl(Bucket=bucket.name, Key=key)["Grants"]  # type: ignore[attr-defined]
    assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]
    assert all(g["Grantee"].get("Type") == "CanonicalUser" for g in grants)
    assert "X-Amz-Signature" not in default_storage.url(key)

    # Asking again finds the file: no job. A second delivery renders nothing.
    assert render(world.a, made) is None
    with unscoped():
        assert agreement_pdf_ensure(version=fresh(made.version))["rendered"] is False
        assert agreement_pdf_state(version=fresh(made.version)).ready
    assert bucket.keys() == [key] and bucket.read(key) == data


def test_saving_under_a_taken_key_gets_another_name(bucket):
    """What the PDF job relies on to notice a concurrent render."""
    first = default_storage.save("agreements/x/v1.pdf", ContentFile(b"%PDF-first"))
    second = default_storage.save("agreements/x/v1.pdf", ContentFile(b"%PDF-second"))
    assert first == "agreements/x/v1.pdf" and second != first
    assert bucket.read(first) == b"%PDF-first"


def test_a_render_that_loses_the_race_keeps_the_winners_file(world, bucket, monkeypatch):
    """Another worker saves the same content while this one renders: one file remains,
    and the version's fingerprint is that file's."""
    made = make_agreement(world.a, executed=True)
    with unscoped():
        key = pdf.pdf_content(version=made.version).key
    winner = b"%PDF-1.7 the other worker's copy"
    real_render = pdf.pdf_render

    def render_then_lose(html, **kwargs):
        data = real_render(html, **kwargs)  # WeasyPrint, for real
        bucket.client.put_object(Bucket=bucket.name, Key=key, Body=winner)  # type: ignore[attr-defined]
        return data

    monkeypatch.setattr(pdf, "pdf_render", render_then_lose)
    with unscoped():
        result = agreement_pdf_ensure(version=made.version)
    assert result["rendered"] is True
    assert bucket.keys() == [key] and bucket.read(key) == winner
    assert fresh(made.version).fingerprint == hashlib.sha256(winner).hexdigest()


def test_the_download_view_streams_the_pdf_from_the_bucket(world, login, bucket):
    made = make_agreement(world.a, executed=True)
    give_access(world.a, made)
    job = render(world.a, made)
    assert job is not None
    stored = bucket.read(job.result["key"])
    response = login(world.a.secretariat).get(
        reverse(
            "agreement_pdf_download",
            args=["alpha", made.partnership.public_id, made.agreement.public_id, 1],
        )
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    assert data == stored
    assert hashlib.sha256(data).hexdigest() == fresh(made.version).fingerprint


def test_the_verification_page_matches_a_copy_from_the_bucket(world, client, bucket):
    made = make_agreement(world.a, executed=True)
    job = render(world.a, made)
    assert job is not None
    copy = bucket.read(job.result["key"])
    response = client.post(reverse("verify"), {"file": SimpleUploadedFile("agreement.pdf", copy)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "This is a genuine agreement" in page and "Water Compact" in page
    printed = fresh(made.version).content_fingerprint
    page = client.get(reverse("verify_fingerprint", args=[printed])).content.decode()
    assert "This is a genuine agreement" in page


def test_a_jobs_result_file_lives_in_the_bucket(world, login, bucket):
    side = world.a
    with platform_transaction(side.platform.pk, user_id=side.broker.user_id):
        job = job_enqueue(
            platform=side.platform,
            kind="demo_count",
            payload={"steps": 3, "sleep": 0},
            requested_by=side.broker.user,
        )
    job_execute(job_id=job.pk, platform_id=side.platform.pk)
    with unscoped():
        job = Job.objects.get(pk=job.pk)
    assert job.status == JobStatus.SUCCEEDED, job.message
    name = job.result_file.name
    assert name == f"jobs/{side.platform.pk}/{job.public_id}/count.txt"
    assert bucket.keys() == [name] and bucket.read(name) == b"1\n2\n3\n"

    response = login(side.broker).get(reverse("job_download", args=["alpha", job.public_id]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"1\n2\n3\n"

    # A second run (a redelivery) replaces the file under the same key: still one.
    assert job_store_file(job, filename="count.txt", content=b"again\n") == name
    assert bucket.keys() == [name] and bucket.read(name) == b"again\n"
