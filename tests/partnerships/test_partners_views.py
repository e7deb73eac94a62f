"""Partner pages: who sees and changes them, other platforms' 404s, adding (with the
clearance rule, the override and the registry search), editing, leaving, and a fixed
number of queries on the list."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import Partner
from partnerships.selectors import partners as partner_selectors
from partnerships.services.access import broker_assign
from platforms.models import Role
from platforms.tenancy import tenant, unscoped
from tests.factories import (
    OrganisationFactory,
    PartnerFactory,
    PartnershipFactory,
    RepresentativeFactory,
)

pytestmark = pytest.mark.django_db


def url(name, side, partnership, *args):
    return reverse(name, args=[side.platform.slug, partnership.public_id, *args])


def assign(side, partnership, membership=None):
    with tenant(side.platform.pk):
        broker_assign(
            platform=side.platform, partnership=partnership, membership=membership or side.broker
        )


def stored() -> list[Partner]:
    with unscoped():
        return list(Partner.objects.select_related("organisation").order_by("pk"))


@pytest.fixture
def setup(world):
    """A's partnership with one partner, its broker assigned, and a cleared organisation
    that is not a partner yet."""
    partnership = PartnershipFactory(platform=world.a.platform, title="Rice value chain")
    partner = PartnerFactory(partnership=partnership, joined_on=datetime.date(2025, 1, 1))
    assign(world.a, partnership)
    candidate = OrganisationFactory(
        platform=world.a.platform, name="Sarvodaya", screening_status="cleared"
    )
    return partnership, partner, candidate


def pages(side, partnership, partner):
    p = partner.public_id
    return [
        ("get", url("partner_list", side, partnership), False),
        ("get", url("partner_add", side, partnership), True),
        ("post", url("partner_add", side, partnership), True),
        ("get", url("partner_edit", side, partnership, p), True),
        ("post", url("partner_edit", side, partnership, p), True),
        ("get", url("partner_leave", side, partnership, p), True),
        ("post", url("partner_leave", side, partnership, p), True),
    ]


def call(client, method, address):
    return getattr(client, method)(address, {"joined_on": "bad", "left_on": "bad"})


@pytest.mark.parametrize(
    "role, reads, writes",
    [
        (Role.PLATFORM_ADMIN, 200, 200),
        (Role.BROKER, 200, 200),  # assigned
        (Role.SECRETARIAT, 200, 403),
        (Role.OBSERVER, 200, 403),
        (Role.PARTNER_REPRESENTATIVE, 404, 403),  # its organisation is not a partner
    ],
)
def test_who_sees_and_who_changes(world, login, setup, role, reads, writes):
    partnership, partner, _ = setup
    client = login(world.a.member(role))
    for method, address, write in pages(world.a, partnership, partner):
        response = call(client, method, address)
        assert response.status_code == (writes if write else reads), (method, address)
    assert [p.left_on for p in stored()] == [None]


def test_a_broker_not_assigned_may_look_but_not_change(world, login, setup):
    partnership, partner, _ = setup
    other = PartnershipFactory(platform=world.a.platform)
    other_partner = PartnerFactory(partnership=other)
    client = login(world.a.broker)
    for method, address, write in pages(world.a, other, other_partner):
        response = call(client, method, address)
        assert response.status_code == (403 if write else 200), (method, address)
        if write:
            assert b"brokers assigned to this partnership" in response.content


def test_the_representative_of_a_partner_sees_the_list_but_no_buttons(world, login, setup):
    partnership, partner, _ = setup
    RepresentativeFactory(membership=world.a.partner, organisation=partner.organisation)
    with tenant(world.a.platform.pk):
        from partnerships.services.access import partner_access_grant

        partner_access_grant(platform=world.a.platform, partner=partner)
    response = login(world.a.partner).get(url("partner_list", world.a, partnership))
    assert response.status_code == 200
    assert partner.organisation.name.encode() in response.content
    assert b"Add a partner" not in response.content


def test_other_platforms_get_404(world, login, setup):
    partnership, partner, _ = setup
    theirs = PartnerFactory(partnership__platform=world.b.platform)
    client = login(world.a.admin)
    # B's partnership under A's address.
    for method, address, _write in pages(world.a, theirs.partnership, theirs):
        assert call(client, method, address).status_code == 404, address
    # A's partnership under B's address (A's admin is no member there).
    for method, address, _write in pages(world.b, partnership, partner):
        assert call(client, method, address).status_code in (403, 404), address
    # B's admin on A's objects, through B's own address.
    client = login(world.b.admin)
    for method, address, _write in pages(world.b, partnership, partner):
        assert call(client, method, address).status_code == 404, address
    # Another partnership's partner under this partnership.
    client = login(world.a.admin)
    other = PartnerFactory(partnership__platform=world.a.platform)
    for name in ("partner_edit", "partner_leave"):
        address = url(name, world.a, partnership, other.public_id)
        assert client.get(address).status_code == 404
    assert [p.left_on for p in stored()] == [None, None, None]


def test_adding_a_cleared_organisation(world, login, setup):
    partnership, _, candidate = setup
    client = login(world.a.broker)
    page = client.get(url("partner_add", world.a, partnership))
    assert candidate.name.encode() in page.content
    assert world.a.platform.today().isoformat().encode() in page.content  # default date
    response = client.post(
        url("partner_add", world.a, partnership),
        {"organisation": candidate.public_id, "role": "funder", "joined_on": "2026-01-05"},
    )
    assert response.status_code == 302
    added = stored()[-1]
    assert added.organisation == candidate and added.role == "funder"
    assert added.joined_on == datetime.date(2026, 1, 5)


def test_adding_an_uncleared_organisation_is_refused_then_overridden(world, login, setup):
    partnership, _, _ = setup
    pending = OrganisationFactory(platform=world.a.platform, screening_status="pending")
    client = login(world.a.broker)
    address = url("partner_add", world.a, partnership)
    data = {"organisation": pending.public_id, "joined_on": "2026-01-05"}
    refused = client.post(address, data)
    assert refused.status_code == 200
    assert b"its screening: pending" in refused.content
    screening = reverse("screening_create", args=[world.a.platform.slug, pending.public_id])
    assert f'href="{screening}"'.encode() in refused.content
    assert len(stored()) == 1
    refused = client.post(address, {**data, "override": "on", "override_reason": " "})
    assert b"Give the reason" in refused.content
    assert len(stored()) == 1
    ok = client.post(address, {**data, "override": "on", "override_reason": "Board approved."})
    assert ok.status_code == 302
    listing = client.get(url("partner_list", world.a, partnership))
    assert b"added without clearance: Board approved." in listing.content


@pytest.mark.parametrize("which", ["other_platform", "active_partner", "archived", "malformed"])
def test_an_organisation_that_cannot_be_added_is_refused(world, login, setup, which):
    from django.utils import timezone

    partnership, partner, _ = setup
    organisation_id = {
        "other_platform": lambda: (
            OrganisationFactory(platform=world.b.platform, screening_status="cleared").public_id
        ),
        "active_partner": lambda: partner.organisation.public_id,
        "archived": lambda: (
            OrganisationFactory(
                platform=world.a.platform, screening_status="cleared", archived_at=timezone.now()
            ).public_id
        ),
        "malformed": lambda: "not-a-uuid",
    }[which]()
    response = login(world.a.admin).post(
        url("partner_add", world.a, partnership),
        {"organisation": organisation_id, "joined_on": "2026-01-05"},
    )
    assert response.status_code == 200
    assert b"not a partner yet" in response.content
    assert len(stored()) == 1


def test_a_big_registry_is_searched(world, login, setup, monkeypatch):
    partnership, partner, candidate = setup
    monkeypatch.setattr(partner_selectors, "PICKER_LIMIT", 1)
    OrganisationFactory(platform=world.a.platform, name="Oxfam", screening_status="cleared")
    client = login(world.a.broker)
    address = url("partner_add", world.a, partnership)
    page = client.get(address)
    assert b'role="search"' in page.content
    assert b"Sarvodaya" not in page.content  # nothing offered before a search
    found = client.get(address + "?find=sarvo")
    assert b"Sarvodaya" in found.content and b"Oxfam" not in found.content
    # The active partner is not offered even when it matches.
    name = partner.organisation.name
    assert b'type="radio"' not in client.get(address + f"?find={name}").content
    response = client.post(
        address + "?find=sarvo", {"organisation": candidate.public_id, "joined_on": "2026-01-05"}
    )
    assert response.status_code == 302


def test_editing_a_partner(world, login, setup):
    partnership, partner, _ = setup
    client = login(world.a.admin)
    address = url("partner_edit", world.a, partnership, partner.public_id)
    page = client.get(address)
    assert b"Interest-based negotiation" in page.content
    response = client.post(
        address,
        {
            "role": "lead",
            "joined_on": "2025-01-01",
            "aims": "Reach smallholders",
            "interests": "Stable supply",
            "positions": "Exclusive purchase rights",
            "anchoring": "organisation",
            "opt_outs": "Advocacy",
        },
    )
    assert response.status_code == 302
    (saved,) = stored()
    assert (saved.role, saved.anchoring, saved.positions) == (
        "lead",
        "organisation",
        "Exclusive purchase rights",
    )
    bad = client.post(address, {"role": "king", "joined_on": "2025-01-01"})
    assert bad.status_code == 200 and stored()[0].role == "lead"


def test_leaving_takes_access_away_and_it_can_come_back(world, login, setup):
    partnership, partner, _ = setup
    RepresentativeFactory(membership=world.a.partner, organisation=partner.organisation)
    with tenant(world.a.platform.pk):
        from partnerships.services.access import partner_access_grant

        partner_access_grant(platform=world.a.platform, partner=partner)
    rep = login(world.a.partner)
    assert rep.get(url("partner_list", world.a, partnership)).status_code == 200

    broker = login(world.a.broker)
    leave = url("partner_leave", world.a, partnership, partner.public_id)
    assert b"Record its leaving" in broker.get(leave).content
    early = broker.post(leave, {"left_on": "2024-12-01"})
    assert b"cannot leave before" in early.content and stored()[0].left_on is None
    done = broker.post(leave, {"left_on": "2025-06-30", "note": "Funding ended."})
    assert done.status_code == 302
    assert stored()[0].left_on == datetime.date(2025, 6, 30)
    listing = broker.get(url("partner_list", world.a, partnership)).content
    assert b"former partner" in listing and partner.organisation.name.encode() in listing

    rep = login(world.a.partner)
    assert rep.get(url("partner_list", world.a, partnership)).status_code == 404

    broker = login(world.a.broker)
    again = broker.post(
        url("partner_add", world.a, partnership),
        {"organisation": partner.organisation.public_id, "joined_on": "2026-01-05"},
    )
    assert again.status_code == 302 and len(stored()) == 2
    rep = login(world.a.partner)
    assert rep.get(url("partner_list", world.a, partnership)).status_code == 200


def test_the_list_runs_a_fixed_number_of_queries(world, login):
    def count(n: int) -> int:
        partnership = PartnershipFactory(platform=world.a.platform)
        for i in range(n):
            partner = PartnerFactory(
                partnership=partnership,
                aims=f"Aim {i}",
                joined_on=datetime.date(2024, 1, 1),
                left_on=datetime.date(2025, 1, 1) if i % 3 == 0 else None,
                override_reason="Why not" if i % 4 == 0 else "",
                override_by=world.a.broker.user if i % 4 == 0 else None,
            )
            RepresentativeFactory(organisation=partner.organisation, platform=world.a.platform)
        client = login(world.a.admin)
        address = url("partner_list", world.a, partnership)
        client.get(address)  # warm the session and caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        assert response.status_code == 200
        assert response.content.count(b"<tr>") >= n
        return len(queries)

    assert count(3) == count(25)
