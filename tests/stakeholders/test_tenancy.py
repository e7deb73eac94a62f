"""Stakeholders on the tenancy foundation: row-level security holds for every new table
on its own (raw SQL, no ORM filter), and the platform hooks do their work."""

import pytest
from django.db import connection

from platforms import rls
from platforms.models import Role
from platforms.services import invitation_accept_new_account, platform_create
from platforms.tenancy import tenant, unscoped
from stakeholders.models import (
    DEFAULT_CRITERIA,
    Contact,
    Interaction,
    Organisation,
    OrganisationImport,
    Position,
    Representative,
    RepresentativeInvitation,
    Screening,
    ScreeningCriterion,
    ScreeningFinding,
    StakeholderMap,
)
from stakeholders.services.representatives import contact_invite
from tests.factories import (
    ContactFactory,
    InteractionFactory,
    OrganisationFactory,
    PositionFactory,
    ScreeningFactory,
    UserFactory,
)

STAKEHOLDER_MODELS = [
    Organisation,
    Contact,
    Representative,
    RepresentativeInvitation,
    ScreeningCriterion,
    Screening,
    ScreeningFinding,
    StakeholderMap,
    Position,
    Interaction,
    OrganisationImport,
]


def test_every_stakeholders_table_is_a_tenant_table():
    tables = {model._meta.db_table for model in rls.tenant_models()}
    assert {model._meta.db_table for model in STAKEHOLDER_MODELS} <= tables


def raw_platforms(table: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"select platform_id from {table}")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.parametrize(
    "make",
    [
        lambda platform: OrganisationFactory(platform=platform),
        lambda platform: ContactFactory(organisation__platform=platform),
        lambda platform: ScreeningFactory(organisation__platform=platform),
        lambda platform: PositionFactory(map__platform=platform),
        lambda platform: InteractionFactory(organisation__platform=platform),
    ],
    ids=["organisation", "contact", "screening", "position", "interaction"],
)
def test_raw_sql_sees_only_the_platform_that_is_set(world, make):
    table = make(world.a.platform)._meta.db_table
    make(world.b.platform)
    with tenant(world.a.platform.pk):
        assert raw_platforms(table) == {world.a.platform.pk}
    with tenant(world.b.platform.pk):
        assert raw_platforms(table) == {world.b.platform.pk}
    assert raw_platforms(table) == set()  # no platform set: nothing at all


def test_a_new_platform_gets_the_default_screening_criteria(db):
    admin = UserFactory()
    platform = platform_create(name="Sector initiative", slug="sector", admin=admin)
    with unscoped():
        names = list(
            ScreeningCriterion.objects.filter(platform=platform).values_list("name", flat=True)
        )
    assert names == [name for name, _ in DEFAULT_CRITERIA]


def test_an_accepted_contact_invitation_makes_a_representative_of_the_organisation(world):
    contact = ContactFactory(
        organisation__platform=world.a.platform, email="new.rep@sarvodaya.example"
    )
    with tenant(world.a.platform.pk):
        invitation = contact_invite(
            platform=world.a.platform, contact=contact, invited_by=world.a.broker.user
        )
    membership = invitation_accept_new_account(
        invitation=invitation,
        first_name="Nila",
        last_name="Perera",
        password="a long passphrase 42",
    )
    assert membership is not None
    with unscoped():
        representative = Representative.objects.get(membership=membership)
    assert membership.role == Role.PARTNER_REPRESENTATIVE
    assert representative.organisation_id == contact.organisation_id
    assert representative.contact_id == contact.pk
