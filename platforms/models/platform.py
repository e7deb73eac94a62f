import uuid
import zoneinfo
from datetime import date

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property

from .base import TenantModel

TIME_ZONES = sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})
hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Enter a colour as #RRGGBB, for example #1f5f8b.")
LANGUAGES = [
    ("en", "English"),
    ("fr", "French"),
    ("es", "Spanish"),
    ("ru", "Russian"),
    ("ar", "Arabic"),
    ("zh", "Chinese"),
    ("pt", "Portuguese"),
    ("fa", "Dari / Persian"),
    ("ps", "Pashto"),
    ("si", "Sinhala"),
    ("ta", "Tamil"),
]


class ReportingCadence(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    HALF_YEARLY = "half_yearly", "Half-yearly"
    YEARLY = "yearly", "Yearly"


class Platform(models.Model):
    """A partnership platform: the tenant. Its data is invisible to every other platform."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=60, unique=True, help_text="Used in web addresses: /p/<slug>/"
    )
    country = models.CharField(max_length=100, blank=True)
    time_zone = models.CharField(
        max_length=64, default="UTC", choices=[(tz, tz) for tz in TIME_ZONES]
    )
    languages = models.JSONField(default=list, blank=True, help_text="Language codes, e.g. en, fr")
    reporting_cadence = models.CharField(
        max_length=20, choices=ReportingCadence.choices, default=ReportingCadence.QUARTERLY
    )
    logo = models.ImageField(upload_to="platform-logos/", blank=True)
    primary_colour = models.CharField(max_length=7, default="#1f5f8b", validators=[hex_colour])
    publishes_register = models.BooleanField(
        default=False, help_text="Publish a public register of the partnerships marked public."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @cached_property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def today(self) -> date:
        """Today on the platform's calendar, wherever the code runs (a request, a job):
        due dates and renewals are the platform's days, not the server's."""
        return timezone.localdate(timezone=self.tzinfo)


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", "Platform admin"
    BROKER = "broker", "Broker"
    SECRETARIAT = "secretariat", "Secretariat"
    PARTNER_REPRESENTATIVE = "partner_representative", "Partner representative"
    OBSERVER = "observer", "Observer"


class Membership(TenantModel):
    """A user's role on one platform. A user may belong to several platforms."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["platform", "user"], name="membership_unique_user"),
        ]
        indexes = [models.Index(fields=["platform", "role"])]
        ordering = ["user__email"]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) on {self.platform_id}"
