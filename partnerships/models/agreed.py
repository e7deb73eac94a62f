"""What partners agree: objectives and the work plan, resources, commitments, risks,
divergences and lessons learned."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from platforms.models import TenantModel

from .partners import Partner
from .partnership import Partnership
from .reference import (
    ActivityStatus,
    CommitmentKind,
    CommitmentStatus,
    ResourceType,
    RiskCategory,
)

one_to_five = [MinValueValidator(1), MaxValueValidator(5)]


class Objective(TenantModel):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="objectives"
    )
    title = models.CharField(max_length=300)
    expected_results = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "created_at"]

    def __str__(self) -> str:
        return self.title


class Activity(TenantModel):
    """A line of the work plan."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="activities"
    )
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(max_length=300)
    responsible = models.ForeignKey(
        Partner, on_delete=models.SET_NULL, null=True, blank=True, related_name="activities"
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )

    class Meta:
        ordering = ["starts_on", "created_at"]
        verbose_name_plural = "activities"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="activity_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Resource(TenantModel):
    """What a partner contributes."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="resources")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="resources")
    type = models.CharField(max_length=20, choices=ResourceType.choices)
    description = models.TextField()
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True, help_text="ISO 4217, e.g. USD, LKR.")
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="resource_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="resource_value_positive"
            ),
        ]


class Commitment(TenantModel):
    """A common commitment (all partners) or a specific one (one partner)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="commitments"
    )
    kind = models.CharField(max_length=10, choices=CommitmentKind.choices)
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, null=True, blank=True, related_name="commitments"
    )
    what = models.TextField()
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=CommitmentStatus.choices, default=CommitmentStatus.PLANNED
    )
    evidence = models.TextField(blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "created_at"]
        indexes = [
            models.Index(fields=["platform", "status", "due_on"]),
            # Open commitments by due date: the home page's and the overview's "due or
            # overdue" lists read their first rows straight off it, without a sort.
            models.Index(
                fields=["platform", "due_on", "created_at", "id"],
                condition=Q(status__in=["planned", "on_track", "at_risk"]),
                name="commitment_open_by_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="common", partner__isnull=True)
                | Q(kind="specific", partner__isnull=False),
                name="commitment_specific_has_a_partner",
            )
        ]

    def __str__(self) -> str:
        return self.what[:80]


class Risk(TenantModel):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="risks")
    category = models.CharField(max_length=30, choices=RiskCategory.choices)
    description = models.TextField()
    likelihood = models.PositiveSmallIntegerField(validators=one_to_five)
    impact = models.PositiveSmallIntegerField(validators=one_to_five)
    mitigation = models.TextField(blank=True)
    owner = models.ForeignKey(
        Partner, on_delete=models.SET_NULL, null=True, blank=True, related_name="risks"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5),
                name="risk_scores_one_to_five",
            )
        ]


class Divergence(TenantModel):
    """A disagreement partners acknowledged, and how it is handled."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="divergences"
    )
    description = models.TextField()
    handling = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]


class Lesson(TenantModel):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="lessons")
    text = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
