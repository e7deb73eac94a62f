"""factory_boy factories. Tenant rows are written with row-level security opted out
(the test's own set-up is privileged work), so they can be made for any platform."""

import datetime

import factory
from django.contrib.auth import get_user_model

from platforms.models import Job, Membership, Platform, Role
from platforms.tenancy import unscoped


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with unscoped(via="test"):
            return super()._create(model_class, *args, **kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    username = factory.SelfAttribute("email")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("correct horse battery staple")


class PlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Platform

    name = factory.Sequence(lambda n: f"Platform {n}")
    slug = factory.Sequence(lambda n: f"platform-{n}")
    country = "Sri Lanka"
    time_zone = "Asia/Colombo"
    languages = ["en"]


class MembershipFactory(TenantFactory):
    class Meta:
        model = Membership

    platform = factory.SubFactory(PlatformFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.BROKER


class JobFactory(TenantFactory):
    class Meta:
        model = Job

    platform = factory.SubFactory(PlatformFactory)
    kind = "noop"


# Stakeholders ---------------------------------------------------------------------------
# Imported late: the stakeholder models import platforms' models.
from stakeholders.models import (  # noqa: E402
    Contact,
    Interaction,
    Organisation,
    Position,
    Representative,
    Screening,
    ScreeningCriterion,
    Sector,
    StakeholderMap,
)


class OrganisationFactory(TenantFactory):
    class Meta:
        model = Organisation

    platform = factory.SubFactory(PlatformFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    sector = Sector.CIVIL_SOCIETY
    country = "LK"


class ContactFactory(TenantFactory):
    class Meta:
        model = Contact

    organisation = factory.SubFactory(OrganisationFactory)
    platform = factory.SelfAttribute("organisation.platform")
    name = factory.Faker("name")
    role = "Programme officer"
    email = factory.Sequence(lambda n: f"contact{n}@example.org")


class RepresentativeFactory(TenantFactory):
    """Ties a partner representative's membership to an organisation of its platform."""

    class Meta:
        model = Representative

    membership = factory.SubFactory(MembershipFactory, role=Role.PARTNER_REPRESENTATIVE)
    platform = factory.SelfAttribute("membership.platform")
    organisation = factory.SubFactory(
        OrganisationFactory, platform=factory.SelfAttribute("..platform")
    )


class ScreeningCriterionFactory(TenantFactory):
    class Meta:
        model = ScreeningCriterion

    platform = factory.SubFactory(PlatformFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    position = factory.Sequence(lambda n: n)


class ScreeningFactory(TenantFactory):
    class Meta:
        model = Screening

    organisation = factory.SubFactory(OrganisationFactory)
    platform = factory.SelfAttribute("organisation.platform")


class StakeholderMapFactory(TenantFactory):
    class Meta:
        model = StakeholderMap

    platform = factory.SubFactory(PlatformFactory)
    title = factory.Sequence(lambda n: f"Map {n}")
    issue = "Food security in Sri Lanka"
    # Each map a day after the one before: snapshots made later in a test are later.
    as_of = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))


class PositionFactory(TenantFactory):
    class Meta:
        model = Position

    map = factory.SubFactory(StakeholderMapFactory)
    platform = factory.SelfAttribute("map.platform")
    organisation = factory.SubFactory(
        OrganisationFactory, platform=factory.SelfAttribute("..platform")
    )
    interest = 5
    influence = 5


class InteractionFactory(TenantFactory):
    class Meta:
        model = Interaction

    organisation = factory.SubFactory(OrganisationFactory)
    platform = factory.SelfAttribute("organisation.platform")
    kind = "meeting"
    occurred_on = factory.Faker("date_this_year")
    subject = "Introductory meeting"


# Partnerships ---------------------------------------------------------------------------
from partnerships.models import (  # noqa: E402
    Activity,
    Commitment,
    GovernanceBody,
    HealthRound,
    Objective,
    Partner,
    Partnership,
    Resource,
)


class PartnershipFactory(TenantFactory):
    class Meta:
        model = Partnership

    platform = factory.SubFactory(PlatformFactory)
    title = factory.Sequence(lambda n: f"Partnership {n}")
    type = "combine"
    level = "national"


class PartnerFactory(TenantFactory):
    """An active partner; its organisation is cleared unless told otherwise."""

    class Meta:
        model = Partner

    partnership = factory.SubFactory(PartnershipFactory)
    platform = factory.SelfAttribute("partnership.platform")
    organisation = factory.SubFactory(
        OrganisationFactory,
        platform=factory.SelfAttribute("..platform"),
        screening_status="cleared",
    )
    role = "core"


class ObjectiveFactory(TenantFactory):
    class Meta:
        model = Objective

    partnership = factory.SubFactory(PartnershipFactory)
    platform = factory.SelfAttribute("partnership.platform")
    title = factory.Sequence(lambda n: f"Objective {n}")


class ActivityFactory(TenantFactory):
    class Meta:
        model = Activity

    objective = factory.SubFactory(ObjectiveFactory)
    partnership = factory.SelfAttribute("objective.partnership")
    platform = factory.SelfAttribute("objective.platform")
    title = factory.Sequence(lambda n: f"Activity {n}")


class ResourceFactory(TenantFactory):
    class Meta:
        model = Resource

    partner = factory.SubFactory(PartnerFactory)
    partnership = factory.SelfAttribute("partner.partnership")
    platform = factory.SelfAttribute("partner.platform")
    type = "cash"
    description = "Funding"


class CommitmentFactory(TenantFactory):
    """A specific commitment of one partner."""

    class Meta:
        model = Commitment

    partner = factory.SubFactory(PartnerFactory)
    partnership = factory.SelfAttribute("partner.partnership")
    platform = factory.SelfAttribute("partner.platform")
    kind = "specific"
    what = factory.Sequence(lambda n: f"Deliver item {n}")


class GovernanceBodyFactory(TenantFactory):
    class Meta:
        model = GovernanceBody

    partnership = factory.SubFactory(PartnershipFactory)
    platform = factory.SelfAttribute("partnership.platform")
    name = "Steering committee"
    type = "steering_committee"
    decision_rule = "formal_consensus"
    scope = "strategy"


class HealthRoundFactory(TenantFactory):
    class Meta:
        model = HealthRound

    partnership = factory.SubFactory(PartnershipFactory)
    platform = factory.SelfAttribute("partnership.platform")
    closes_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=14))
