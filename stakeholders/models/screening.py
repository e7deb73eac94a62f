from django.conf import settings
from django.db import models

from platforms.models import TenantModel

from .organisation import Organisation
from .reference import FindingRating, RiskLevel, ScreeningDecision


class ScreeningCriterion(TenantModel):
    """One of the platform's published selection criteria. The same for every sector."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # Retired criteria stay for the screenings that used them, but new ones leave them out.
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "name"], name="criterion_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Screening(TenantModel):
    """A due-diligence screening of one organisation. Every screening is kept: the
    organisation's latest decided one is its current status (Organisation.screening_status)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="screenings"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    risk_level = models.CharField(max_length=10, choices=RiskLevel.choices, blank=True)
    decision = models.CharField(
        max_length=30, choices=ScreeningDecision.choices, default=ScreeningDecision.PENDING
    )
    conditions = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    renew_by = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organisation", "created_at"]),
            models.Index(fields=["platform", "renew_by"]),
        ]

    def __str__(self) -> str:
        return f"Screening of {self.organisation}: {self.get_decision_display()}"


class ScreeningFinding(TenantModel):
    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="findings")
    criterion = models.ForeignKey(ScreeningCriterion, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(
        max_length=20, choices=FindingRating.choices, default=FindingRating.NOT_ASSESSED
    )
    finding = models.TextField(blank=True)

    class Meta:
        ordering = ["criterion__position", "criterion__name"]
        constraints = [
            models.UniqueConstraint(fields=["screening", "criterion"], name="finding_unique")
        ]
