from django.conf import settings
from django.db import models
from django.db.models import Q

from platforms.models import TenantModel

from .partners import Partner
from .partnership import Partnership
from .reference import RATING_MAX, RATING_MIN, Fundamental

FUNDAMENTALS = [value for value, _ in Fundamental.choices]


class HealthRound(TenantModel):
    """A fundamentals health check: open until its closing date or until a broker closes it."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="health_rounds"
    )
    title = models.CharField(max_length=200, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closes_on = models.DateField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["platform", "closes_on"])]


def _rating() -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField()


class HealthResponse(TenantModel):
    """One partner's ratings in a round: one column per fundamental (1-5), so averages and
    spreads are one aggregate query."""

    round = models.ForeignKey(HealthRound, on_delete=models.CASCADE, related_name="responses")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="health_responses")
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    value_creation = _rating()
    right_stakeholders = _rating()
    shared_vision = _rating()
    compatible_values = _rating()
    empowered_partners = _rating()
    senior_commitment = _rating()
    comments = models.JSONField(default=dict, blank=True, help_text="{fundamental: comment}")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "partner"], name="one_response_per_partner"),
            models.CheckConstraint(
                condition=Q(
                    **{
                        f"{name}__{op}": bound
                        for name in FUNDAMENTALS
                        for op, bound in (("gte", RATING_MIN), ("lte", RATING_MAX))
                    }
                ),
                name="health_ratings_one_to_five",
            ),
        ]
