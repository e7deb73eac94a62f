"""What a partner representative sees of a partnership it may see, and what it does not:
the other partners' screening, overrides, anchoring, interests and positions (the
platform team's notes), the overview's recent activity; and the platform-wide pages and
home cards, which are for the roles that see every partnership (one capability decides
both). Also: the brokers form takes public ids, never row ids."""

import datetime

import pytest
from django.urls import reverse

from partnerships.models import Partnership, PartnershipUserObjectPermission
from partnerships.selectors.access import SEES_ALL, partnership_visible
from partnerships.services.access import broker_assign, partner_access_grant
from partnerships.views import home as cards
from partnerships.views.commitments_due import commitments_due
from platforms.models import Role
from platforms.permissions import CAPABILITIES, can, requires_capability
from platforms.tenancy import tenant, unscoped
from platforms.views import home
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PartnerFactory,
    PartnershipFactory,
    RepresentativeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    """A partnership of A with the representative's organisation ("Own Org", noted by
    the broker) and another partner ("Other Org", added by override)."""
    partnership = PartnershipFactory(platform=world.a.platform, title="Rice value chain")
    mine = PartnerFactory(
        partnership=partnership,
        organisation__name="Own Org",
        role="core",
        anchoring="department",
        aims="OWN-AIMS",
        interests="OWN-INTERESTS",
        positions="OWN-POSITIONS",
    )
    other_org = OrganisationFactory(
        platform=world.a.platform, name="Other Org", screening_status="declined"
    )
    PartnerFactory(
        partnership=partnership,
        organisation=other_org,
        role="funder",
        anchoring="individuals",
        joined_on=datetime.date(2025, 2, 3),
        aims="OTHER-AIMS",
        interests="OTHER-INTERESTS",
        positions="OTHER-POSITIONS",
        opt_outs="OTHER-OPT-OUTS",
        override_reason="OTHER-OVERRIDE-REASON",
        override_by=world.a.broker.user,
    )
    RepresentativeFactory(membership=world.a.partner, organisation=mine.organisation)
    with tenant(world.a.platform.pk):
        partner_access_grant(platform=world.a.platform, partner=mine)
        # An access row and a broker row, both in the audit trail.
        broker_assign(platform=world.a.platform, partnership=partnership, membership=world.a.broker)
    return partnership


def page(login, member, name, partnership) -> str:
    response = login(member).get(reverse(name, args=["alpha", partnership.public_id]))
    assert response.status_code == 200
    return response.content.decode()


OTHERS_NOTES = (
    "OTHER-INTERESTS",
    "OTHER-POSITIONS",
    "OTHER-AIMS",
    "OTHER-OPT-OUTS",
    "OTHER-OVERRIDE-REASON",
    "Broker ALPHA",  # who made the override
    "Declined",  # its screening
    "Individuals in a personal capacity",  # its anchoring
)


# -- The partner list ------------------------------------------------------------------------


def test_a_representative_sees_roles_and_dates_of_others_and_its_own_details(world, login, setup):
    html = page(login, world.a.partner, "partner_list", setup)
    assert "Other Org" in html and "Funder" in html and "3 Feb 2025" in html
    for text in OTHERS_NOTES:
        assert text not in html, text
    assert "OWN-INTERESTS" in html and "OWN-POSITIONS" in html and "OWN-AIMS" in html
    assert "A department" in html


@pytest.mark.parametrize("who", ["observer", "admin", "secretariat"])
def test_staff_and_observers_see_every_partners_details(world, login, setup, who):
    html = page(login, getattr(world.a, who), "partner_list", setup)
    for text in OTHERS_NOTES:
        assert text in html, text


def test_the_partner_list_stays_a_fixed_number_of_queries_for_a_representative(
    world, login, setup, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.a.partner)
    address = reverse("partner_list", args=["alpha", setup.public_id])
    client.get(address)
    with CaptureQueriesContext(connection) as few:
        client.get(address)
    for _ in range(6):
        PartnerFactory(partnership=setup, interests="MORE")
    with django_assert_num_queries(len(few)):
        assert client.get(address).status_code == 200


# -- The overview ------------------------------------------------------------------------------


def test_the_overview_hides_screening_and_activity_from_a_representative(world, login, setup):
    html = page(login, world.a.partner, "partnership_detail", setup)
    assert "Other Org" in html and "Funder" in html
    assert "Declined" not in html and "OTHER-OVERRIDE-REASON" not in html
    assert "Recent activity" not in html
    assert "access or broker assignment" not in html


def test_the_overview_shows_activity_to_staff_without_access_rows_unless_admin(world, login, setup):
    for who in ("observer", "broker", "secretariat"):
        html = page(login, getattr(world.a, who), "partnership_detail", setup)
        assert "Recent activity" in html and "Declined" in html
        assert "access or broker assignment" not in html, who
    html = page(login, world.a.admin, "partnership_detail", setup)
    assert "access or broker assignment" in html


def test_the_activity_selector_runs_no_query_for_a_representative(
    world, setup, django_assert_num_queries
):
    from partnerships.selectors.overview import overview_activity

    with tenant(world.a.platform.pk), django_assert_num_queries(0):
        assert (
            overview_activity(
                platform=world.a.platform, partnership=setup, membership=world.a.partner
            )
            == []
        )


# -- Who sees every partnership: one capability ----------------------------------------------


def test_sees_all_is_the_capability_of_the_platform_wide_pages():
    assert CAPABILITIES["view_all_partnerships"] == SEES_ALL
    assert requires_capability(commitments_due) == "view_all_partnerships"
    platform_wide = {
        cards.partnerships_card,
        cards.overdue_commitments_card,
        cards.health_alerts_card,
    }
    found = {card.data: card.capability for card in home.CARDS if card.data in platform_wide}
    assert found == dict.fromkeys(platform_wide, "view_all_partnerships")


@pytest.mark.parametrize("role", Role.values)
def test_each_role_sees_every_partnership_exactly_when_it_may_see_the_platform_pages(
    world, login, role
):
    PartnershipFactory(platform=world.a.platform)
    PartnershipFactory(platform=world.a.platform)
    member = MembershipFactory(platform=world.a.platform, role=role)
    with tenant(world.a.platform.pk):
        seen = partnership_visible(platform=world.a.platform, membership=member).count()
    with unscoped():
        total = Partnership.objects.filter(platform=world.a.platform).count()
    sees_all = seen == total
    assert sees_all == can(member, "view_all_partnerships")
    status = login(member).get(reverse("commitments_due", args=["alpha"])).status_code
    assert (status == 200) == sees_all
    home_page = login(member).get(reverse("home", args=["alpha"])).content.decode()
    assert ("Overdue commitments" in home_page) == sees_all


# -- The brokers form --------------------------------------------------------------------------


def brokers(side, partnership) -> str:
    return reverse("partnership_brokers", args=[side.platform.slug, partnership.public_id])


def test_the_brokers_form_offers_public_ids_and_refuses_row_ids(world, login):
    partnership = PartnershipFactory(platform=world.a.platform)
    client = login(world.a.admin)
    html = client.get(brokers(world.a, partnership)).content.decode()
    assert f'value="{world.a.broker.public_id}"' in html
    assert f'value="{world.a.broker.pk}"' not in html
    response = client.post(
        brokers(world.a, partnership), {"assign": "1", "membership": str(world.a.broker.pk)}
    )
    assert response.status_code == 200
    assert "membership" in response.context["form"].errors
    with unscoped():
        assert not PartnershipUserObjectPermission.objects.filter(
            content_object=partnership
        ).exists()


def test_unassigning_takes_the_public_id_not_the_row_id(world, login):
    partnership = PartnershipFactory(platform=world.a.platform)
    with tenant(world.a.platform.pk):
        broker_assign(platform=world.a.platform, partnership=partnership, membership=world.a.broker)
    client = login(world.a.admin)
    html = client.get(brokers(world.a, partnership)).content.decode()
    assert f'name="unassign" value="{world.a.broker.public_id}"' in html
    response = client.post(
        brokers(world.a, partnership), {"unassign": str(world.a.broker.pk)}, follow=True
    )
    assert "not assigned" in response.content.decode()
    response = client.post(
        brokers(world.a, partnership), {"unassign": str(world.a.broker.public_id)}
    )
    assert response.status_code == 302
    with unscoped():
        assert not PartnershipUserObjectPermission.objects.filter(
            content_object=partnership
        ).exists()
