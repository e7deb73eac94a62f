import uuid

from django.db import models


class TenantModel(models.Model):
    """Base for everything a platform owns.

    The table gets row-level security and the audit trigger automatically
    (platforms.rls), because it carries a platform_id. Look rows up by ``public_id``
    through a selector that takes the platform, never by a bare id from a request.
    """

    platform = models.ForeignKey("platforms.Platform", on_delete=models.CASCADE, related_name="+")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Columns the audit trigger leaves out of "what changed" (noise or secrets).
    audit_ignore: tuple[str, ...] = ()

    class Meta:
        abstract = True
