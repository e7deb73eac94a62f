from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from platforms.models import TenantModel

from .organisation import Organisation
from .reference import SCORE_MAX, SCORE_MIN, Attitude, strategy_for

score = [MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]


class StakeholderMap(TenantModel):
    """A dated snapshot of where stakeholders stand on one issue."""

    title = models.CharField(max_length=200)
    issue = models.CharField(max_length=200, help_text='For example "food security in Sri Lanka".')
    as_of = models.DateField(help_text="The date this snapshot describes.")
    description = models.TextField(blank=True)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["issue", "-as_of"]
        indexes = [models.Index(fields=["platform", "issue", "as_of"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.as_of})"


class Position(TenantModel):
    """Where one stakeholder stands on the map's issue. A stakeholder is an organisation
    from the registry or, for people who are not organised (households, farmers), a name."""

    map = models.ForeignKey(StakeholderMap, on_delete=models.CASCADE, related_name="positions")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="positions"
    )
    label = models.CharField(
        max_length=200, blank=True, help_text="For a stakeholder that is not in the registry."
    )
    interest = models.PositiveSmallIntegerField(validators=score)
    influence = models.PositiveSmallIntegerField(validators=score)
    attitude = models.CharField(max_length=20, choices=Attitude.choices, default=Attitude.NEUTRAL)
    is_primary = models.BooleanField(
        default=False, help_text="Directly affected: users, target populations."
    )
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(interest__gte=SCORE_MIN, interest__lte=SCORE_MAX)
                & Q(influence__gte=SCORE_MIN, influence__lte=SCORE_MAX),
                name="position_scores_in_range",
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(label=""),
                name="position_names_someone",
            ),
            models.UniqueConstraint(
                fields=["map", "organisation"],
                condition=Q(organisation__isnull=False),
                name="position_once_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["map", "label"],
                condition=Q(organisation__isnull=True),
                name="position_once_per_label",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return str(self.organisation) if self.organisation_id else self.label

    @property
    def strategy(self) -> str:
        return strategy_for(interest=self.interest, influence=self.influence)
