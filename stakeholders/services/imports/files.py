"""The uploaded files of imports: names and emails of people, so kept no longer than the
import needs them. The report stays (the import's page shows it); the file goes:

- once the check has refused it (INVALID), or the import is done, after that commits;
- at once when a job fails for good (its transaction rolls back, so only the storage can
  be cleaned then; the sweep clears the name later);
- by the daily sweep (stakeholders.tasks) for files left behind: checked but not
  confirmed within KEEP_UNCONFIRMED, or whose job failed without running our code (a
  worker lost too often, a task that gave up).

The file is deleted from the storage before its name is cleared, so a failure to delete
leaves a name the next sweep tries again, never an orphan file.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from functools import partial

from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone

from platforms.jobs import TRANSIENT_ERRORS
from platforms.models import Platform
from platforms.tenancy import platform_transaction
from stakeholders.models import OrganisationImport
from stakeholders.selectors.imports import import_files_to_delete

logger = logging.getLogger(__name__)

KEEP_UNCONFIRMED = timedelta(days=7)
FILE_GONE = (
    "The uploaded file is no longer kept: files that are not imported within "
    f"{KEEP_UNCONFIRMED.days} days are deleted, as they hold personal data. Upload it again "
    "to import it."
)


def _storage() -> Storage:
    return OrganisationImport._meta.get_field("file").storage  # type: ignore[attr-defined]


def import_file_available(organisation_import: OrganisationImport) -> bool:
    name = organisation_import.file.name
    return bool(name and _storage().exists(name))


def _forget(*, import_id: int, platform_id: int, name: str) -> None:
    _storage().delete(name)
    with platform_transaction(platform_id, via="task"):
        OrganisationImport.objects.filter(pk=import_id, platform_id=platform_id, file=name).update(
            file=""
        )


def import_file_delete_on_commit(organisation_import: OrganisationImport) -> None:
    """Delete the file once the current transaction (the job's) commits: a job that is
    rolled back (taken over by another worker) may still need it."""
    if organisation_import.file.name:
        transaction.on_commit(
            partial(
                _forget,
                import_id=organisation_import.pk,
                platform_id=organisation_import.platform_id,
                name=organisation_import.file.name,
            ),
            robust=True,
        )


@contextmanager
def import_file_deleted_on_failure(organisation_import: OrganisationImport) -> Iterator[None]:
    """Delete the file if the job fails for good. Not on a transient error: the job is
    tried again, and needs it."""
    try:
        yield
    except TRANSIENT_ERRORS:
        raise
    except Exception:  # a JobError, a bug, the soft time limit: the job fails for good
        if organisation_import.file.name:
            try:
                _storage().delete(organisation_import.file.name)
            except Exception:
                logger.exception("Could not delete the file of import %s.", organisation_import.pk)
        raise


def organisation_import_files_sweep(*, unconfirmed_for: timedelta = KEEP_UNCONFIRMED) -> int:
    """Delete the uploaded files no import needs any more, on every platform; returns how
    many. Each platform in its own scope (no opting out of row-level security)."""
    unconfirmed_before = timezone.now() - unconfirmed_for
    deleted = 0
    for platform in Platform.objects.order_by("pk"):
        with platform_transaction(platform.pk, via="system"):
            # Locked, and skipped if a confirmation holds the row: the confirmation then
            # finds the name cleared (it claims only imports that still have their file).
            due = list(
                import_files_to_delete(platform=platform, unconfirmed_before=unconfirmed_before)
                .select_for_update(skip_locked=True, of=("self",))
                .values_list("pk", "file")
            )
            for pk, name in due:
                try:
                    _storage().delete(name)
                except Exception:
                    logger.exception("Could not delete the file of import %s.", pk)
                    continue
                OrganisationImport.objects.filter(pk=pk, platform=platform).update(file="")
                deleted += 1
    if deleted:
        logger.info("Deleted %d import file(s).", deleted)
    return deleted
