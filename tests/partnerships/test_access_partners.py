"""Partner representatives' access, end to end: they see only the partnerships their
organisation is an active partner in, lose them when it leaves, get them when they join
later through an invitation, and never reach another platform's, not even with a forged
permission row."""

import datetime

import pytest
from django.db import DatabaseError, transaction
from django.http import Http404
from django.urls import reverse
from guardian.shortcuts import assign_perm

from partnerships.models import Partner, PartnershipUserObjectPermission
from partnerships.selectors.access import partnership_get, partnership_visible
from partnerships.services.access import representative_access_sync
from partnerships.services.partners import partner_add, partner_leave
from platforms.services import invitation_accept_new_account
from platforms.tenancy import tenant, unscoped
from stakeholders.models import Representative
from stakeholders.services.representatives import contact_invite
from tests.factories import (
    ContactFactory,
    OrganisationFactory,
    PartnerFactory,
    PartnershipFactory,
    RepresentativeFactory,
)

pytestmark = pytest.mark.django_db


def visible(side, membership) -> set[str]:
    with tenant(side.platform.pk):
        return set(
            partnership_visible(platform=side.platform, membership=membership).values_list(
                "title", flat=True
            )
        )


def add(side, partnership, organisation):
    with tenant(side.platform.pk):
        return partner_add(
            platform=side.platform,
            partnership=partnership,
            organisation=organisation,
            actor=side.admin.user,
            joined_on=datetime.date(2025, 1, 1),
        )


@pytest.fixture
def rep_world(world):
    """On A: the representative's organisation is a partner of "Ours", not of "Theirs"."""
    organisation = OrganisationFactory(platform=world.a.platform, screening_status="cleared")
    RepresentativeFactory(membership=world.a.partner, organisation=organisation)
    ours = PartnershipFactory(platform=world.a.platform, title="Ours")
    theirs = PartnershipFactory(platform=world.a.platform, title="Theirs")
    PartnerFactory(partnership=theirs)
    partner = add(world.a, ours, organisation)
    return organisation, ours, theirs, partner


def test_a_representative_sees_only_its_organisations_partnerships(world, rep_world):
    organisation, ours, theirs, _ = rep_world
    assert visible(world.a, world.a.partner) == {"Ours"}
    with tenant(world.a.platform.pk), pytest.raises(Http404):
        partnership_get(
            platform=world.a.platform, membership=world.a.partner, public_id=theirs.public_id
        )
    # Staff and observers see every partnership of the platform.
    for member in (world.a.admin, world.a.broker, world.a.secretariat, world.a.observer):
        assert visible(world.a, member) == {"Ours", "Theirs"}


def test_the_permission_rows_carry_the_platform(world, rep_world):
    with unscoped():
        rows = list(PartnershipUserObjectPermission.objects.values_list("platform_id", flat=True))
    assert rows and set(rows) == {world.a.platform.pk}


def test_leaving_takes_access_away_on_the_web_too(world, login, rep_world):
    _, ours, _, partner = rep_world
    address = reverse("partner_list", args=[world.a.platform.slug, ours.public_id])
    assert login(world.a.partner).get(address).status_code == 200
    with tenant(world.a.platform.pk):
        partner_leave(
            platform=world.a.platform,
            partner=partner,
            actor=world.a.admin.user,
            left_on=datetime.date(2025, 3, 1),
        )
    assert visible(world.a, world.a.partner) == set()
    assert login(world.a.partner).get(address).status_code == 404


def test_a_representative_who_joins_later_gets_the_active_partnerships(world, rep_world):
    organisation, ours, _, _ = rep_world
    former = PartnershipFactory(platform=world.a.platform, title="Former")
    PartnerFactory(
        partnership=former,
        organisation=organisation,
        joined_on=datetime.date(2024, 1, 1),
        left_on=datetime.date(2024, 6, 1),
    )
    contact = ContactFactory(organisation=organisation, email="later@sarvodaya.example")
    with tenant(world.a.platform.pk):
        invitation = contact_invite(
            platform=world.a.platform, contact=contact, invited_by=world.a.broker.user
        )
    membership = invitation_accept_new_account(
        invitation=invitation, first_name="Nila", last_name="Perera", password="a long phrase 42"
    )
    assert membership is not None
    assert visible(world.a, membership) == {"Ours"}


def test_a_representative_of_another_platform_never_sees_as_partnerships(world, rep_world):
    _, ours, _, _ = rep_world
    organisation_b = OrganisationFactory(platform=world.b.platform, screening_status="cleared")
    RepresentativeFactory(membership=world.b.partner, organisation=organisation_b)
    assert visible(world.b, world.b.partner) == set()
    # A permission row on A's partnership cannot be written from B's scope (RLS).
    with pytest.raises(DatabaseError), transaction.atomic(), tenant(world.b.platform.pk):
        assign_perm("partnerships.access_partnership", world.b.partner.user, ours)
    with unscoped():
        assert not PartnershipUserObjectPermission.objects.filter(
            user=world.b.partner.user
        ).exists()
    # Nor does A's partnership answer under B's address.
    address = reverse("partner_list", args=[world.b.platform.slug, ours.public_id])
    from django.test import Client

    client = Client()
    client.force_login(world.b.partner.user)
    assert client.get(address).status_code == 404


def test_a_forged_row_on_the_right_platform_is_still_scoped_by_the_selector(world, rep_world):
    """Even a row written with privileges (bypassing RLS) for B's user on A's partnership
    shows nothing on B: B's list is filtered to B's platform."""
    _, ours, _, _ = rep_world
    with unscoped():
        assign_perm("partnerships.access_partnership", world.b.partner.user, ours)
    assert visible(world.b, world.b.partner) == set()


def test_removing_the_representative_row_and_syncing_takes_access_away(world, rep_world):
    assert visible(world.a, world.a.partner) == {"Ours"}
    with unscoped():
        Representative.objects.filter(membership=world.a.partner).delete()
    with tenant(world.a.platform.pk):
        removed = representative_access_sync(platform=world.a.platform, membership=world.a.partner)
    assert removed == 1
    assert visible(world.a, world.a.partner) == set()


def test_syncing_a_representative_moved_to_another_organisation(world, rep_world):
    _, _, theirs, _ = rep_world
    with unscoped():
        other = Partner.objects.get(partnership=theirs).organisation
        Representative.objects.filter(membership=world.a.partner).update(organisation=other)
    with tenant(world.a.platform.pk):
        representative_access_sync(platform=world.a.platform, membership=world.a.partner)
    assert visible(world.a, world.a.partner) == {"Theirs"}
