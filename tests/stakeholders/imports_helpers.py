"""Helpers shared by the import tests: build CSV files, upload them, run the jobs."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from platforms.jobs import job_execute
from platforms.models import Job, JobStatus
from platforms.tenancy import unscoped
from stakeholders.csvio import COLUMNS
from stakeholders.models import Contact, Organisation, OrganisationImport


def row(**cells) -> dict[str, str]:
    """A good row: an organisation with one contact, changed by ``cells``."""
    return {
        "name": "Sarvodaya Shramadana Movement",
        "acronym": "Sarvodaya",
        "sector": "Civil society",
        "sub_type": "National NGO",
        "country": "Sri Lanka",
        "website": "https://www.sarvodaya.org",
        "mandate": "Community-led development.",
        "constituencies": "Villages",
        "themes": "Food security; Water",
        "contact_name": "Jane Perera",
        "contact_role": "Director",
        "contact_email": "jane@sarvodaya.example",
        "contact_phone": "(011) 234 5678",
    } | cells


def many(count: int, *, prefix: str = "Organisation") -> list[dict[str, str]]:
    return [
        row(
            name=f"{prefix} {n}",
            acronym=f"{prefix[:3].upper()}{n}",
            contact_email=f"person{n}@{prefix.lower()}.example.org",
        )
        for n in range(count)
    ]


def csv_bytes(rows, *, header=COLUMNS, encoding="utf-8", delimiter=",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for cells in rows:
        writer.writerow([cells.get(column, "") for column in header])
    return buffer.getvalue().encode(encoding)


def upload(client, side, content: bytes | None, name: str = "organisations.csv"):
    data = {} if content is None else {"file": SimpleUploadedFile(name, content, "text/csv")}
    return client.post(reverse("import_create", args=[side.platform.slug]), data)


def run_jobs() -> list[Job]:
    """Run every queued job in this process, as a worker would, oldest first: what a job
    leaves to do once it commits (deleting the import's file) is done too."""
    with unscoped():
        queued = list(Job.objects.filter(status=JobStatus.QUEUED).order_by("pk"))
    for job in queued:
        with TestCase.captureOnCommitCallbacks(execute=True):
            job_execute(job_id=job.pk, platform_id=job.platform_id)
    with unscoped():
        return list(Job.objects.filter(pk__in=[job.pk for job in queued]).order_by("pk"))


def latest_import() -> OrganisationImport:
    with unscoped():
        return OrganisationImport.objects.select_related("check_job", "import_job").latest(
            "created_at"
        )


def counts(platform=None) -> tuple[int, int]:
    with unscoped():
        organisations = Organisation.objects.all()
        contacts = Contact.objects.all()
        if platform is not None:
            organisations = organisations.filter(platform=platform)
            contacts = contacts.filter(platform=platform)
        return organisations.count(), contacts.count()


def detail_url(side, organisation_import) -> str:
    return reverse("import_detail", args=[side.platform.slug, organisation_import.public_id])


def confirm_url(side, organisation_import) -> str:
    return reverse("import_confirm", args=[side.platform.slug, organisation_import.public_id])


def checked(client, side, rows_or_bytes) -> OrganisationImport:
    """Upload a file and run its check; returns the import as the check left it."""
    content = rows_or_bytes if isinstance(rows_or_bytes, bytes) else csv_bytes(rows_or_bytes)
    response = upload(client, side, content)
    assert response.status_code == 302, response.content.decode()[-2000:]
    run_jobs()
    return latest_import()


def imported(client, side, organisation_import, **data) -> OrganisationImport:
    """Confirm a checked import and run the import job; returns the import as it ended."""
    response = client.post(confirm_url(side, organisation_import), data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    run_jobs()
    return latest_import()


def stored_files(media) -> list[str]:
    """The files under MEDIA_ROOT, as paths relative to it."""
    if not media.exists():
        return []
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())
