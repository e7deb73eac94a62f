from django.db import models

from platforms.models import TenantModel

from .partners import Partner
from .partnership import Partnership
from .reference import BodyType, DecisionRule, DecisionScope


class GovernanceBody(TenantModel):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="bodies")
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=30, choices=BodyType.choices)
    decision_rule = models.CharField(max_length=30, choices=DecisionRule.choices, blank=True)
    scope = models.CharField(max_length=20, choices=DecisionScope.choices, blank=True)
    remit = models.TextField(blank=True, help_text="What it decides, in words.")

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name


class Seat(TenantModel):
    """A partner's seats on a body."""

    body = models.ForeignKey(GovernanceBody, on_delete=models.CASCADE, related_name="seats")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="seats")
    seats = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["body", "partner"], name="seat_once")]
