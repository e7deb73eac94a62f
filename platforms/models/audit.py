from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Updated"
    DELETE = "delete", "Deleted"
    # Written by the application, not the trigger: a generated document was downloaded.
    DOWNLOAD = "download", "Downloaded"


class AuditEvent(models.Model):
    """One change to tenant data, written by a database trigger (platforms.rls).

    Because a trigger writes it, bulk updates and raw SQL are recorded too. The table is
    append-only: another trigger refuses UPDATE and DELETE.
    """

    platform = models.ForeignKey(
        "platforms.Platform", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    via = models.CharField(max_length=20, blank=True)  # web, api, task, system
    action = models.CharField(max_length=10, choices=AuditAction.choices)
    table_name = models.CharField(max_length=100)
    object_id = models.BigIntegerField()
    object_public_id = models.UUIDField(null=True)
    changes = models.JSONField(default=dict)

    class Meta:
        indexes = [
            models.Index(fields=["platform", "-occurred_at"]),
            models.Index(fields=["platform", "table_name", "object_id"]),
        ]
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.table_name}#{self.object_id}"
