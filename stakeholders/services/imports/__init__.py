"""CSV import of organisations and their contacts, as two background jobs: check, then write.

    organisation_import_create(platform=, actor=, upload=)    # file checks, then the check job
    organisation_import_confirm(platform=, organisation_import=, actor=, duplicates=)

The check job ("organisation_import_check") reads every row and stores a report; it
writes nothing else. Once a person has read the report and confirmed, the import job
("organisation_import") checks the file again (the registry may have changed since)
and writes it all in its one transaction, or nothing. Imports of one platform take turns
(import_lock), so two of them cannot each create the same new organisation.

The uploaded file is deleted once the import no longer needs it (files.py); the report
is kept.
"""

from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

from platforms.jobs import JobError, Progress, job_enqueue, job_handler
from platforms.models import Job, Platform
from platforms.tenancy import platform_transaction
from stakeholders.models import DuplicateChoice, ImportStatus, OrganisationImport
from stakeholders.selectors.imports import import_status
from stakeholders.services.common import actor_id

from .checked import CheckedFile
from .files import (
    FILE_GONE,
    KEEP_UNCONFIRMED,
    import_file_available,
    import_file_delete_on_commit,
    import_file_deleted_on_failure,
    organisation_import_files_sweep,
)
from .reading import LIMITS, MAX_BYTES, csv_read
from .rows import file_check
from .writing import organisations_write

__all__ = [
    "FILE_GONE",
    "IMPORT_LOCK_NAMESPACE",
    "KEEP_UNCONFIRMED",
    "MAX_BYTES",
    "import_lock",
    "organisation_import_confirm",
    "organisation_import_create",
    "organisation_import_files_sweep",
]

CHECK = "organisation_import_check"
IMPORT = "organisation_import"
# The first key of the import's advisory lock, the platform's id being the second: a
# fixed number of our own, so the lock is told apart from any other advisory lock.
IMPORT_LOCK_NAMESPACE = 0x1A0C5E
INT4 = 2**31


def import_lock(platform_id: int) -> None:
    """Wait for, then hold until the transaction ends, the platform's import lock.

    Taken by the import job before it checks the file again, so imports of one platform
    run one after the other: the second one's check sees what the first one wrote (and
    finds its organisations as duplicates) instead of creating them a second time.
    """
    with connection.cursor() as cursor:
        # The two-int form takes int4 keys; ids past 2**31 share a lock with a smaller
        # one, which only makes two platforms take turns now and then.
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)", [IMPORT_LOCK_NAMESPACE, platform_id % INT4]
        )


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
        with platform_transaction(platform.pk, user_id=actor_id(actor)):
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
    if organisation_import.status == ImportStatus.READY and not import_file_available(
        organisation_import
    ):
        raise ValidationError(FILE_GONE)
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        # A conditional UPDATE: of two confirmations (a double click, two tabs) one wins;
        # and it loses to the sweep that clears the file's name (files.py).
        claimed = (
            OrganisationImport.objects.filter(
                pk=organisation_import.pk, platform=platform, status=ImportStatus.READY
            )
            .exclude(file="")
            .update(status=ImportStatus.IMPORTING, duplicates=duplicates, updated_at=timezone.now())
        )
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
    current = (
        OrganisationImport.objects.filter(pk=organisation_import.pk)
        .select_related("check_job", "import_job")
        .first()
    )
    status = import_status(current) if current is not None else None
    refusals: dict[str, str] = {
        ImportStatus.READY: FILE_GONE,  # ready, yet not claimed: its file was swept
        ImportStatus.CHECKING: "The file is still being checked: wait for its report.",
        ImportStatus.INVALID: "This file has errors, so nothing can be imported from it. Fix "
        "the rows the report lists and upload the file again.",
        ImportStatus.IMPORTING: "This import has already been confirmed and is running.",
        ImportStatus.DONE: "This file has already been imported.",
        ImportStatus.FAILED: "This import failed, and nothing was imported from it. Upload "
        "the file again.",
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
        if not organisation_import.file.name:
            raise FileNotFoundError  # deleted already (files.py)
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
    with import_file_deleted_on_failure(organisation_import):
        checked = _check(job, organisation_import, progress)
    organisation_import.report = checked.report()
    organisation_import.status = ImportStatus.READY if checked.is_valid else ImportStatus.INVALID
    organisation_import.save(update_fields=["report", "status", "updated_at"])
    if not checked.is_valid:
        import_file_delete_on_commit(organisation_import)  # the report says what to fix
    return {"rows": checked.rows, "bad_rows": len(checked.bad_rows)}


@job_handler(IMPORT, label="Import organisations")
def organisation_import_run(job: Job, progress: Progress) -> dict | None:
    # First of all, so that everything below (the import's state, the check against the
    # registry, the write) happens after any other import of the platform has committed.
    import_lock(job.platform_id)
    organisation_import = _import_for(job)
    if organisation_import is None or organisation_import.status != ImportStatus.IMPORTING:
        return None
    with import_file_deleted_on_failure(organisation_import):
        result = _import(job, organisation_import, progress)
    organisation_import.report = {**organisation_import.report, "result": result}
    organisation_import.status = ImportStatus.DONE
    organisation_import.save(update_fields=["report", "status", "updated_at"])
    import_file_delete_on_commit(organisation_import)
    return result


def _import(
    job: Job, organisation_import: OrganisationImport, progress: Progress
) -> dict[str, Any]:
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
    return organisations_write(
        platform=job.platform,
        checked=checked,
        duplicates=organisation_import.duplicates,
        progress=progress,
    )
