"""Partnerships on the tenancy foundation: every new table is a tenant table, row-level
security holds on raw SQL for each, and the reference tables are shared on purpose."""

from types import SimpleNamespace

import pytest
from django.db import DatabaseError, connection, transaction
from guardian.shortcuts import assign_perm

from partnerships.models import (
    AgreementFile,
    Goal,
    PartnershipGroupObjectPermission,
    PartnershipUserObjectPermission,
    Target,
)
from platforms import rls
from platforms.tenancy import tenant, unscoped
from tests.factories import (
    ActivityFactory,
    CommitmentFactory,
    GovernanceBodyFactory,
    HealthRoundFactory,
    PartnerFactory,
    PartnershipFactory,
    ResourceFactory,
)
from tests.partnerships.agreement_pdf_helpers import make_agreement


def test_every_partnerships_table_but_the_reference_ones_is_a_tenant_table():
    from django.apps import apps

    tenant_tables = {model._meta.db_table for model in rls.tenant_models()}
    for model in apps.get_app_config("partnerships").get_models():
        if model in (Goal, Target):
            assert model._meta.db_table not in tenant_tables  # shared reference data
        else:
            assert model._meta.db_table in tenant_tables, model


def agreement_file(platform) -> AgreementFile:
    made = make_agreement(SimpleNamespace(platform=platform))
    with unscoped():
        return AgreementFile.objects.create(
            platform=platform,
            version=made.version,
            key=f"agreements/{platform.pk}/v1.pdf",
            sha256="0" * 64,
            content_fingerprint="1" * 64,
        )


def raw_platforms(table: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"select platform_id from {table}")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.parametrize(
    "make",
    [
        lambda platform: PartnershipFactory(platform=platform),
        lambda platform: PartnerFactory(partnership__platform=platform),
        lambda platform: ActivityFactory(objective__partnership__platform=platform),
        lambda platform: ResourceFactory(partner__partnership__platform=platform),
        lambda platform: CommitmentFactory(partner__partnership__platform=platform),
        lambda platform: GovernanceBodyFactory(partnership__platform=platform),
        lambda platform: HealthRoundFactory(partnership__platform=platform),
        agreement_file,
    ],
    ids=[
        "partnership",
        "partner",
        "activity",
        "resource",
        "commitment",
        "body",
        "round",
        "agreement_file",
    ],
)
def test_raw_sql_sees_only_the_platform_that_is_set(world, make):
    table = make(world.a.platform)._meta.db_table
    make(world.b.platform)
    with tenant(world.a.platform.pk):
        assert raw_platforms(table) == {world.a.platform.pk}
    with tenant(world.b.platform.pk):
        assert raw_platforms(table) == {world.b.platform.pk}
    assert raw_platforms(table) == set()


def test_an_object_permission_carries_its_partnerships_platform(world):
    partnership = PartnershipFactory(platform=world.a.platform)
    with tenant(world.a.platform.pk):
        assign_perm("partnerships.access_partnership", world.a.partner.user, partnership)
    with unscoped():
        (row,) = PartnershipUserObjectPermission.objects.all()
    assert row.platform_id == world.a.platform.pk
    assert PartnershipGroupObjectPermission._meta.db_table in {
        m._meta.db_table for m in rls.tenant_models()
    }


def test_a_permission_on_bs_partnership_cannot_be_written_while_a_is_set(world):
    theirs = PartnershipFactory(platform=world.b.platform)
    with (
        pytest.raises(DatabaseError, match="row-level security"),
        transaction.atomic(),
        tenant(world.a.platform.pk),
    ):
        assign_perm("partnerships.access_partnership", world.a.partner.user, theirs)
    with unscoped():
        assert not PartnershipUserObjectPermission.objects.exists()


def test_access_is_granted_outside_a_request_too(world):
    from partnerships.selectors.access import partnership_visible
    from partnerships.services.access import partner_access_grant
    from tests.factories import RepresentativeFactory

    partner = PartnerFactory(partnership__platform=world.a.platform)
    RepresentativeFactory(membership=world.a.partner, organisation=partner.organisation)

    assert partner_access_grant(platform=world.a.platform, partner=partner) == 1

    with tenant(world.a.platform.pk):
        visible = list(partnership_visible(platform=world.a.platform, membership=world.a.partner))
    assert visible == [partner.partnership]
