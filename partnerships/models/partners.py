from django.conf import settings
from django.db import models
from django.db.models import Q

from platforms.models import TenantModel
from stakeholders.models import Organisation

from .partnership import Partnership
from .reference import Anchoring, PartnerRole


class Partner(TenantModel):
    """An organisation's participation in a partnership."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partnerships"
    )
    role = models.CharField(max_length=20, choices=PartnerRole.choices, blank=True)
    aims = models.TextField(blank=True, help_text="What it must get out of the partnership.")
    interests = models.TextField(blank=True, help_text="Its underlying interests.")
    positions = models.TextField(blank=True, help_text="Its opening positions.")
    anchoring = models.CharField(max_length=20, choices=Anchoring.choices, blank=True)
    opt_outs = models.TextField(blank=True, help_text="Activities it opted out of.")
    joined_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)
    left_note = models.TextField(blank=True, help_text="Why or how it left.")
    # Set when a broker added an organisation without a current clearance.
    override_reason = models.TextField(blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"],
                condition=Q(left_on__isnull=True),
                name="partner_once_while_active",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(joined_on__isnull=True)
                | Q(left_on__gte=models.F("joined_on")),
                name="partner_leaves_after_joining",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "left_on"])]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.partnership}"

    @property
    def is_active(self) -> bool:
        return self.left_on is None
