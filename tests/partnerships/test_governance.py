"""The governance pages: who sees them, who changes them, what they show, the chart
download, other platforms' objects, and the query budget."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import GovernanceBody, Seat
from partnerships.services.access import broker_assign, partner_access_grant
from platforms.tenancy import platform_transaction, unscoped
from tests.factories import (
    GovernanceBodyFactory,
    OrganisationFactory,
    PartnerFactory,
    PartnershipFactory,
    PositionFactory,
    RepresentativeFactory,
    StakeholderMapFactory,
)


def url(name, partnership, body=None, slug=None):
    kwargs = {
        "platform_slug": slug or partnership.platform.slug,
        "public_id": partnership.public_id,
    }
    if body is not None:
        kwargs["body_id"] = body.public_id
    return reverse(name, kwargs=kwargs)


def seat(body, partner, n):
    with unscoped():
        return Seat.objects.create(platform=body.platform, body=body, partner=partner, seats=n)


def counts():
    with unscoped():
        return GovernanceBody.objects.count(), Seat.objects.count()


@pytest.fixture
def gov(world):
    """A's partnership with a steering committee of two partners; B's the same."""

    def make(side):
        partnership = PartnershipFactory(platform=side.platform, title=f"Tea {side.platform.slug}")
        body = GovernanceBodyFactory(partnership=partnership, name="Steering committee")
        first = PartnerFactory(
            partnership=partnership,
            organisation__name="Tea Estates Ltd",
            organisation__sector="business",
        )
        second = PartnerFactory(partnership=partnership, organisation__name="Women's Cooperative")
        seat(body, first, 3)
        seat(body, second, 1)
        return partnership, body, first

    a, a_body, a_partner = make(world.a)
    b, b_body, _ = make(world.b)
    return a, a_body, a_partner, b, b_body


# Who sees -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "broker", "secretariat", "observer"])
def test_staff_and_observers_see_the_governance(world, gov, login, role):
    a, body, *_ = gov
    response = login(getattr(world.a, role)).get(url("governance", a))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Steering committee" in html and "Tea Estates Ltd" in html
    assert "Business holds 3 of 4 seats on the steering committee" in html
    assert 'role="img"' in html
    # Only those who may change it get the buttons.
    assert (url("body_create", a) in html) == (role == "admin")


def test_partner_representative_with_access_sees_it(world, gov, login):
    a, _, partner, *_ = gov
    RepresentativeFactory(membership=world.a.partner, organisation=partner.organisation)
    # As the partners service does when an organisation joins.
    with platform_transaction(world.a.platform.pk):
        partner_access_grant(platform=world.a.platform, partner=partner)
    client = login(world.a.partner)
    assert client.get(url("governance", a)).status_code == 200
    assert client.get(url("power_balance_chart", a)).status_code == 200
    assert client.get(url("body_create", a)).status_code == 403


def test_partner_representative_without_access_gets_404(world, gov, login):
    a, *_ = gov
    client = login(world.a.partner)
    assert client.get(url("governance", a)).status_code == 404
    assert client.get(url("power_balance_chart", a)).status_code == 404


# Who changes --------------------------------------------------------------------------


def post_body(client, partnership, body=None, **extra):
    data = {"name": "Board", "type": "governing_board", "decision_rule": "simple_majority", **extra}
    name = "body_edit" if body else "body_create"
    return client.post(url(name, partnership, body), data)


def test_observer_and_secretariat_cannot_change(world, gov, login):
    a, body, *_ = gov
    before = counts()
    for member in (world.a.observer, world.a.secretariat):
        client = login(member)
        assert client.get(url("body_create", a)).status_code == 403
        assert post_body(client, a).status_code == 403
        assert post_body(client, a, body).status_code == 403
        assert client.post(url("body_delete", a, body)).status_code == 403
    assert counts() == before


def test_unassigned_broker_gets_403_and_writes_nothing(world, gov, login):
    a, body, *_ = gov
    client = login(world.a.broker)
    before = counts()
    response = client.get(url("body_create", a))
    assert response.status_code == 403
    assert post_body(client, a).status_code == 403
    assert post_body(client, a, body).status_code == 403
    assert client.post(url("body_delete", a, body)).status_code == 403
    assert counts() == before


def test_assigned_broker_creates_edits_and_deletes(world, gov, login):
    a, body, partner, *_ = gov
    broker_assign(platform=world.a.platform, partnership=a, membership=world.a.broker)
    client = login(world.a.broker)
    assert client.get(url("body_create", a)).status_code == 200
    response = post_body(client, a, **{f"seats-{partner.public_id}": "2"})
    assert response.status_code == 302
    with unscoped():
        board = GovernanceBody.objects.get(partnership=a, name="Board")
        assert list(board.seats.values_list("partner_id", "seats")) == [(partner.pk, 2)]
    response = post_body(client, a, board, name="Board of partners", decision_rule="")
    assert response.status_code == 302
    with unscoped():
        board.refresh_from_db()
        # Nobody given seats this time: no members.
        assert (board.name, board.decision_rule, board.seats.count()) == (
            "Board of partners",
            "",
            0,
        )
    page = client.get(url("governance", a)).content.decode()
    assert "decision rule not agreed" in page
    assert client.get(url("body_delete", a, board)).status_code == 200
    assert client.post(url("body_delete", a, board)).status_code == 302
    with unscoped():
        assert not GovernanceBody.objects.filter(pk=board.pk).exists()
        assert GovernanceBody.objects.filter(pk=body.pk).exists()


def test_admin_edit_form_shows_current_seats(world, gov, login):
    a, body, partner, *_ = gov
    html = login(world.a.admin).get(url("body_edit", a, body)).content.decode()
    assert f'name="seats-{partner.public_id}"' in html and 'value="3"' in html


# Other platforms ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["governance", "power_balance_chart", "body_create"])
def test_other_platforms_partnership_is_404(world, gov, login, name):
    *_, b, b_body = gov
    client = login(world.a.admin)
    # B's partnership under A's address, and under B's address where A's admin is no member.
    assert client.get(url(name, b, slug=world.a.platform.slug)).status_code == 404
    assert client.get(url(name, b)).status_code == 404


@pytest.mark.parametrize("name", ["body_edit", "body_delete"])
def test_other_platforms_body_is_404_and_untouched(world, gov, login, name):
    a, _, _, b, b_body = gov
    client = login(world.a.admin)
    before = counts()
    # B's body under A's own partnership, and B's partnership with its body under A's address.
    assert client.get(url(name, a, b_body)).status_code == 404
    assert (
        client.post(url(name, a, b_body), {"name": "x", "type": "governing_board"}).status_code
        == 404
    )
    assert client.post(url(name, b, b_body, slug=world.a.platform.slug)).status_code == 404
    assert counts() == before


def test_another_partnerships_body_is_404(world, gov, login):
    a, *_ = gov
    other = GovernanceBodyFactory(partnership=PartnershipFactory(platform=world.a.platform))
    client = login(world.a.admin)
    assert client.get(url("body_edit", a, other)).status_code == 404
    assert client.post(url("body_delete", a, other)).status_code == 404
    with unscoped():
        assert GovernanceBody.objects.filter(pk=other.pk).exists()


# The chart download -------------------------------------------------------------------


def test_chart_download_is_svg_with_a_restrictive_policy(world, gov, login):
    a, _, partner, *_ = gov
    with unscoped():
        partner.organisation.name = "<script>alert(1)</script>"
        partner.organisation.save()
    response = login(world.a.observer).get(url("power_balance_chart", a))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    assert response["Content-Disposition"].startswith("attachment;")
    root = ET.fromstring(response.content)
    assert root.get("role") == "img"
    assert b"<script>" not in response.content
    assert login(world.a.observer).post(url("power_balance_chart", a)).status_code == 405


def test_page_escapes_names(world, gov, login):
    a, _, partner, *_ = gov
    with unscoped():
        partner.organisation.name = "<script>alert(1)</script>"
        partner.organisation.save()
    html = login(world.a.admin).get(url("governance", a)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# What the page says about the map -----------------------------------------------------


def test_without_a_map_the_page_says_so_and_links_to_the_edit(world, gov, login):
    a, *_ = gov
    html = login(world.a.admin).get(url("governance", a)).content.decode()
    assert "No stakeholder map is linked" in html
    assert reverse("partnership_edit", args=[world.a.platform.slug, a.public_id]) in html


def test_primary_voice_and_unseated_sectors_on_the_page(world, gov, login):
    a, _, partner, *_ = gov
    stakeholder_map = StakeholderMapFactory(platform=world.a.platform)
    with unscoped():
        a.stakeholder_map = stakeholder_map
        a.save()
    PositionFactory(map=stakeholder_map, organisation=partner.organisation, is_primary=True)
    PositionFactory(
        map=stakeholder_map, organisation=None, label="Estate households", is_primary=True
    )
    PositionFactory(
        map=stakeholder_map,
        organisation=OrganisationFactory(
            platform=world.a.platform, name="Daily Mirror", sector="media"
        ),
    )
    html = login(world.a.observer).get(url("governance", a)).content.decode()
    assert "Estate households" in html and "Not represented by any member organisation" in html
    assert "Daily Mirror" in html and "no seat on any body" in html


# Query budget -------------------------------------------------------------------------


def grow(partnership, *, bodies, seats_each, positions):
    stakeholder_map = StakeholderMapFactory(platform=partnership.platform)
    with unscoped():
        partnership.stakeholder_map = stakeholder_map
        partnership.save()
    partners = [PartnerFactory(partnership=partnership) for _ in range(seats_each)]
    for n in range(bodies):
        body = GovernanceBodyFactory(
            partnership=partnership,
            name=f"Body {n}",
            scope=["strategy", "implementation", ""][n % 3],
        )
        for partner in partners:
            seat(body, partner, 1 + n % 3)
    for n, partner in enumerate(partners[:positions]):
        PositionFactory(
            map=stakeholder_map, organisation=partner.organisation, is_primary=n % 2 == 0
        )
    for n in range(max(0, positions - len(partners))):
        PositionFactory(map=stakeholder_map, organisation=None, label=f"Group {n}", is_primary=True)


def queries(client, address):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["governance", "power_balance_chart"])
def test_fixed_number_of_queries(world, login, name):
    few = PartnershipFactory(platform=world.a.platform)
    many = PartnershipFactory(platform=world.a.platform)
    grow(few, bodies=2, seats_each=3, positions=5)
    grow(many, bodies=10, seats_each=4, positions=40)
    client = login(world.a.admin)
    client.get(url(name, few))  # warm up session and caches
    assert queries(client, url(name, few)) == queries(client, url(name, many))


def test_edit_form_queries_do_not_grow_with_partners(world, login):
    few = PartnershipFactory(platform=world.a.platform)
    many = PartnershipFactory(platform=world.a.platform)
    grow(few, bodies=1, seats_each=2, positions=0)
    grow(many, bodies=1, seats_each=30, positions=0)
    client = login(world.a.admin)
    with unscoped():
        few_body = GovernanceBody.objects.get(partnership=few)
        many_body = GovernanceBody.objects.get(partnership=many)
    client.get(url("body_edit", few, few_body))
    assert queries(client, url("body_edit", few, few_body)) == queries(
        client, url("body_edit", many, many_body)
    )
