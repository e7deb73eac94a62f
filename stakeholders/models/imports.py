from django.conf import settings
from django.db import models

from platforms.models import Job, TenantModel


class ImportStatus(models.TextChoices):
    CHECKING = "checking", "Checking the file"
    INVALID = "invalid", "Refused: the file has errors"
    READY = "ready", "Checked: ready to import"
    IMPORTING = "importing", "Importing"
    DONE = "done", "Imported"
    FAILED = "failed", "Failed"


class DuplicateChoice(models.TextChoices):
    SKIP = "skip", "Skip the rows that match an existing organisation"
    UPDATE = "update", "Update the existing organisations from those rows"


class OrganisationImport(TenantModel):
    """A CSV import of organisations and contacts: checked first, then written all at once."""

    file = models.FileField(upload_to="imports/")
    filename = models.CharField(max_length=255)
    status = models.CharField(
        max_length=20, choices=ImportStatus.choices, default=ImportStatus.CHECKING
    )
    duplicates = models.CharField(max_length=10, choices=DuplicateChoice.choices, blank=True)
    # The check's findings: row count, bad rows with reasons, likely duplicates.
    report = models.JSONField(default=dict, blank=True)
    check_job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, related_name="+")
    import_job = models.ForeignKey(
        Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    audit_ignore = ("report",)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Import of {self.filename}"
