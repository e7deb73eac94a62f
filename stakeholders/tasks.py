"""Celery entry points of the stakeholders app. They call services; beat runs them
(CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from stakeholders.services.imports import organisation_import_files_sweep


@shared_task(ignore_result=True)
def sweep_import_files() -> int:
    """Daily: delete the uploaded import files no import needs any more (personal data)."""
    return organisation_import_files_sweep()
