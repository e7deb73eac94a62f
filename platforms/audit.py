"""Lines the application writes into the audit trail itself.

The database trigger (platforms.rls) records every change; reading is not a change, so a
download of a generated document is written here, into the same append-only table."""

from django.utils import timezone

from platforms.models import AuditAction, AuditEvent, Platform


def audit_download(
    *, platform: Platform, actor_id: int | None, instance, changes: dict, via: str = "web"
) -> AuditEvent:
    """Record that ``actor_id`` downloaded a file made from ``instance`` (a tenant row
    with ``public_id``); ``changes`` says which file."""
    return AuditEvent.objects.create(
        platform=platform,
        occurred_at=timezone.now(),
        actor_id=actor_id,
        via=via,
        action=AuditAction.DOWNLOAD,
        table_name=instance._meta.db_table,
        object_id=instance.pk,
        object_public_id=instance.public_id,
        changes=changes,
    )
