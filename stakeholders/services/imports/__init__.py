"""CSV import of organisations and their contacts, as two background jobs: check, then write.

    organisation_import_create(platform=, actor=, upload=)    # file checks, then the check job
    organisation_import_confirm(platform=, organisation_import=, actor=, duplicates=)

The check job ("organisation_import_check") reads every row and stores a report; it
writes nothing else. Once a person has read the report and confirmed, the import job
("organisation_import") checks the file again (the registry may have changed since)
and writes it all in its one transaction, or nothing.
"""

from collections.abc import Callable
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from platforms.jobs import JobError, Progress, job_enqueue, job_handler
from platforms.models import Job, Platform
from platforms.tenancy import platform_transaction
from stakeholders.models import DuplicateChoice, ImportStatus, OrganisationImport

from .reading import LIMITS, MAX_BYTES, csv_read
from .rows import CheckedFile, file_check
from .writing import organisations_write

__all__ = [
    "MAX_BYTES",
    "organisation_import_confirm",
    "organisation_import_create",
]

CHECK = "organisation_import_check"
IMPORT = "organisation_import"


def organisation_import_create(*, platform: Platform, actor, upload) -> OrganisationImport:
    """Store an uploaded CSV file and start checking it. A file that cannot be an import
    (empty, too big, not UTF-8, a header that is not ours) is refused at once, and then
    nothing is stored."""
    if upload is None:
        raise ValidationError({"file": "Choose a CSV file to import."})
    if upload.size > MAX_BYTES:
        # Said before reading it: a huge file is not worth reading to refuse.
        raise ValidationError(
            {
                "file": f"The file is {upload.size / 1024 / 1024:.1f} MB. {LIMITS}: split it "
                "into smaller files and import them one after the other."
            }
        )
    content = upload.read()
    csv_read(content)
    filename = PurePath(upload.name or "import.csv").name[:255]
    organisation_import = OrganisationImport(
        platform=platform, filename=filename, created_by=actor, status=ImportStatus.CHECKING
    )
    storage = organisation_import.file.storage
    organisation_import.file.save(
        f"{platform.pk}/{organisation_import.public_id}.csv", ContentFile(content), save=False
    )
    try:
        with platform_transaction(platform.pk, user_id=actor.pk):
            organisation_import.save()
            organisation_import.check_job = job_enqueue(
                platform=platform,
                kind=CHECK,
                payload={"import_id": organisation_import.pk},
                requested_by=actor,
            )
            organisation_import.save(update_fields=["check_job", "updated_at"])
    except BaseException:
        storage.delete(organisation_import.file.name or "")
        raise
    return organisation_import


def organisation_import_confirm(
    *, platform: Platform, organisation_import: OrganisationImport, actor, duplicates: str = ""
) -> OrganisationImport:
    """Start writing a checked file. Only a file that passed its check, once."""
    report = organisation_import.report or {}
    if report.get("duplicate_count") and duplicates not in DuplicateChoice.values:
        raise ValidationError(
            {
                "duplicates": f"{report['duplicate_count']} organisations of the file are already "
                "in the registry: choose whether to skip them or update them."
            }
        )
    if not report.get("duplicate_count"):
        duplicates = ""
    with platform_transaction(platform.pk, user_id=actor.pk):
        # A conditional UPDATE: of two confirmations (a double click, two tabs) one wins.
        claimed = OrganisationImport.objects.filter(
            pk=organisation_import.pk, platform=platform, status=ImportStatus.READY
        ).update(status=ImportStatus.IMPORTING, duplicates=duplicates, updated_at=timezone.now())
        if not claimed:
            raise ValidationError(_not_confirmable(organisation_import))
        job = job_enqueue(
            platform=platform,
            kind=IMPORT,
            payload={"import_id": organisation_import.pk},
            requested_by=actor,
        )
        OrganisationImport.objects.filter(pk=organisation_import.pk).update(import_job=job)
        # Read back inside the platform's scope: outside a request, row-level security
        # hides the row once this transaction ends.
        organisation_import.refresh_from_db()
    return organisation_import


def _not_confirmable(organisation_import: OrganisationImport) -> str:
    status = (
        OrganisationImport.objects.filter(pk=organisation_import.pk)
        .values_list("status", flat=True)
        .first()
    )
    refusals: dict[str, str] = {
        ImportStatus.CHECKING: "The file is still being checked: wait for its report.",
        ImportStatus.INVALID: "This file has errors, so nothing can be imported from it. Fix "
        "the rows the report lists and upload the file again.",
        ImportStatus.IMPORTING: "This import has already been confirmed and is running.",
        ImportStatus.DONE: "This file has already been imported.",
    }
    return refusals.get(status or "", "This import cannot be started again. Upload the file again.")


def _import_for(job: Job) -> OrganisationImport | None:
    return OrganisationImport.objects.filter(
        pk=job.payload.get("import_id"), platform_id=job.platform_id
    ).first()


def _check(
    job: Job, organisation_import: OrganisationImport, progress: Callable[[int, str], None]
) -> CheckedFile:
    try:
        with organisation_import.file.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        raise JobError("The uploaded file is no longer available. Upload it again.") from None
    try:
        csv_text = csv_read(content)
    except ValidationError as error:
        raise JobError(" ".join(error.messages)) from None
    return file_check(platform=job.platform, csv_text=csv_text, progress=progress)


@job_handler(CHECK, label="Check an organisation import")
def organisation_import_check(job: Job, progress: Progress) -> dict | None:
    organisation_import = _import_for(job)
    if organisation_import is None or organisation_import.status != ImportStatus.CHECKING:
        return None  # deleted, or checked already by an earlier delivery
    checked = _check(job, organisation_import, progress)
    organisation_import.report = checked.report()
    organisation_import.status = ImportStatus.READY if checked.is_valid else ImportStatus.INVALID
    organisation_import.save(update_fields=["report", "status", "updated_at"])
    return {"rows": checked.rows, "bad_rows": len(checked.bad_rows)}


@job_handler(IMPORT, label="Import organisations")
def organisation_import_run(job: Job, progress: Progress) -> dict | None:
    organisation_import = _import_for(job)
    if organisation_import is None or organisation_import.status != ImportStatus.IMPORTING:
        return None
    # The check takes the first half of the bar, the writing the second.
    checked = _check(
        job, organisation_import, lambda percent, message: progress(percent // 2, message)
    )
    if not checked.is_valid:
        row, reasons = checked.bad_rows[0]
        raise JobError(
            f"The file no longer passes its check ({len(checked.bad_rows)} bad rows; row {row}: "
            f"{' '.join(reasons)}) The registry may have changed since. Nothing was imported: "
            "upload the file again to see the new report."
        )
    if checked.duplicates and not organisation_import.duplicates:
        raise JobError(
            f"{len(checked.duplicates)} organisations of the file were added to the registry "
            "since the check. Nothing was imported: upload the file again to choose whether "
            "to skip or update them."
        )
    result = organisations_write(
        platform=job.platform,
        checked=checked,
        duplicates=organisation_import.duplicates,
        progress=progress,
    )
    organisation_import.report = {**organisation_import.report, "result": result}
    organisation_import.status = ImportStatus.DONE
    organisation_import.save(update_fields=["report", "status", "updated_at"])
    return result
