from datetime import date

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django_countries.fields import CountryField

from platforms.models import Membership, TenantModel

from .reference import ScreeningDecision, Sector, SubType

NOT_SCREENED = "not_screened"
SCREENING_STATUSES = [(NOT_SCREENED, "Not screened"), *ScreeningDecision.choices]


class Organisation(TenantModel):
    """An organisation in the platform's registry (DOMAIN.md, "Organisation")."""

    name = models.CharField(max_length=200)
    acronym = models.CharField(max_length=30, blank=True)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    sub_type = models.CharField(max_length=30, choices=SubType.choices, blank=True)
    country = CountryField(blank=True)
    website = models.URLField(blank=True)
    mandate = models.TextField(blank=True)
    constituencies = models.TextField(
        blank=True, help_text="Whom the organisation represents (for downward accountability)."
    )
    themes = ArrayField(models.CharField(max_length=80), default=list, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    # The current screening, kept here by the screening service so that lists can show
    # and filter it without a subquery per row. The Screening rows are the history.
    screening_status = models.CharField(
        max_length=30, choices=SCREENING_STATUSES, default=NOT_SCREENED
    )
    screening_renew_by = models.DateField(null=True, blank=True)

    # Name and acronym match as typed (simple config: "WFP", "Sarvodaya"); the mandate and
    # constituencies match by English word stems. Kept by PostgreSQL itself.
    search = models.GeneratedField(
        expression=SearchVector("name", "acronym", config="simple", weight="A")
        + SearchVector("mandate", "constituencies", config="english", weight="B"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    audit_ignore = ("search",)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["platform", "name"]),
            models.Index(fields=["platform", "sector"]),
            models.Index(fields=["platform", "screening_status"]),
            # The latest change: keys the cached filter choices, and "recently updated" sorts.
            models.Index(fields=["platform", "updated_at"]),
            GinIndex(fields=["search"]),
            GinIndex(fields=["themes"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    # "Screening expired" is not a stored status: any screening (decided or pending) whose
    # renew-by date has passed shows as expired. The rule in Python and in SQL, side by side.
    def screening_expired(self, today: date) -> bool:
        renew_by = self.screening_renew_by
        return self.screening_status != NOT_SCREENED and renew_by is not None and renew_by < today

    @staticmethod
    def screening_expired_q(today: date) -> models.Q:
        return models.Q(screening_renew_by__lt=today) & ~models.Q(screening_status=NOT_SCREENED)


class Contact(TenantModel):
    """A person at an organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True, help_text="Their job or role.")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Representative(TenantModel):
    """Ties a partner representative's membership to the organisation it speaks for."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="representative"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="representatives"
    )
    contact = models.ForeignKey(Contact, on_delete=models.SET_NULL, null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.membership} for {self.organisation}"


class RepresentativeInvitation(TenantModel):
    """An invitation sent to a contact: accepting it creates the Representative."""

    invitation = models.OneToOneField(
        "platforms.Invitation", on_delete=models.CASCADE, related_name="representative_for"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="invitations")
