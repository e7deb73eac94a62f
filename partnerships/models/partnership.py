from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q

from platforms.models import (
    PlatformGroupObjectPermission,
    PlatformUserObjectPermission,
    TenantModel,
)
from stakeholders.models import Organisation, StakeholderMap

from .reference import Ending, Level, PartnershipType, Stage


class Partnership(TenantModel):
    """A partnership a broker drives through the development journey (DOMAIN.md)."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    issue = models.CharField(max_length=200, blank=True, help_text="The issue it works on.")
    type = models.CharField(max_length=20, choices=PartnershipType.choices)
    level = models.CharField(max_length=20, choices=Level.choices)
    themes = ArrayField(models.CharField(max_length=80), default=list, blank=True)
    # Goal numbers (1-17) and target codes ("2.1"), checked against the Goal and Target
    # reference rows by the service: arrays keep filtering by goal one indexed lookup.
    goals = ArrayField(models.PositiveSmallIntegerField(), default=list, blank=True)
    targets = ArrayField(models.CharField(max_length=8), default=list, blank=True)
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The issue's stakeholder map: the power-balance view compares its sectors with the seats.
    stakeholder_map = models.ForeignKey(
        StakeholderMap, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    is_public = models.BooleanField(
        default=False, help_text="Listed in the platform's public register, if it has one."
    )
    stage = models.PositiveSmallIntegerField(choices=Stage.choices, default=Stage.CONTEXT)
    stage_changed_at = models.DateTimeField(null=True, blank=True)
    # What stages 2 and 3 agree (the journey's gates check them).
    vision = models.TextField(blank=True)
    purpose = models.TextField(blank=True, help_text="The common purpose (mission).")
    levers = ArrayField(models.CharField(max_length=20), default=list, blank=True)
    ending = models.CharField(max_length=20, choices=Ending.choices, blank=True)
    ending_note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["title"]
        permissions = [
            ("access_partnership", "See the partnership (its partner organisations' users)"),
            ("broker_partnership", "Broker the partnership (assigned brokers)"),
        ]
        indexes = [
            models.Index(fields=["platform", "stage"]),
            models.Index(fields=["platform", "type"]),
            models.Index(fields=["platform", "title"]),
            GinIndex(fields=["goals"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="partnership_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class PartnershipUserObjectPermission(PlatformUserObjectPermission):
    content_object = models.ForeignKey(Partnership, on_delete=models.CASCADE)


class PartnershipGroupObjectPermission(PlatformGroupObjectPermission):
    content_object = models.ForeignKey(Partnership, on_delete=models.CASCADE)


class StageMove(TenantModel):
    """One move along the journey: who, when, from where to where, and why."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="moves")
    from_stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    to_stage = models.PositiveSmallIntegerField(choices=Stage.choices)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(blank=True, help_text="Required when moving back: the reason.")

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def is_back(self) -> bool:
        return self.to_stage < self.from_stage
