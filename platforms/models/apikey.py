from django.db import models
from django.utils import timezone

from .base import TenantModel


class ApiScope(models.TextChoices):
    READ = "read", "Read"
    WRITE = "write", "Write"


class ApiKey(TenantModel):
    """A key for the REST API. It acts as its membership; only a hash of it is stored.

    The full key is ``bw_<prefix>_<secret>``; the prefix is shown in lists so a person
    can tell keys apart.
    """

    membership = models.ForeignKey(
        "platforms.Membership", on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    scopes = models.JSONField(default=list)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    audit_ignore = ("key_hash", "last_used_at")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def status(self) -> str:
        if self.revoked_at:
            return "revoked"
        if self.expires_at and self.expires_at <= timezone.now():
            return "expired"
        return "active"
