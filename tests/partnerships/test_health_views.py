"""The health-check pages: results and trend, opening and closing rounds, a partner
representative's response and its list of rounds; roles and the other platform."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import FUNDAMENTALS, HealthResponse, HealthRound
from partnerships.services.access import broker_assign, partner_access_grant, partner_access_revoke
from platforms.tenancy import tenant, unscoped
from tests.factories import (
    HealthRoundFactory,
    MembershipFactory,
    PartnerFactory,
    PartnershipFactory,
    RepresentativeFactory,
)

pytestmark = pytest.mark.django_db
PAST = datetime.date(2025, 1, 31)
REFUSED = b"brokers assigned to this partnership"


def url(name, side, partnership, *args):
    return reverse(name, args=[side.platform.slug, partnership.public_id, *args])


def stored_responses() -> list[HealthResponse]:
    with unscoped():
        return list(HealthResponse.objects.order_by("pk"))


def stored_rounds() -> list[HealthRound]:
    with unscoped():
        return list(HealthRound.objects.order_by("pk"))


def add_response(health_round, partner, value=3, **overrides):
    with unscoped():
        return HealthResponse.objects.create(
            platform=health_round.platform,
            round=health_round,
            partner=partner,
            **{name: overrides.get(name, value) for name in FUNDAMENTALS},
        )


def answers(value=4, **overrides) -> dict:
    data = {name: str(overrides.get(name, value)) for name in FUNDAMENTALS}
    data["shared_vision_comment"] = overrides.get("comment", "")
    return data


@pytest.fixture
def setup(world):
    """A's partnership with three partners, its broker assigned, A's representative speaking
    for the first partner, and an open round."""
    partnership = PartnershipFactory(platform=world.a.platform, title="Rice value chain")
    partners = [PartnerFactory(partnership=partnership) for _ in range(3)]
    RepresentativeFactory(membership=world.a.partner, organisation=partners[0].organisation)
    with tenant(world.a.platform.pk):
        broker_assign(platform=world.a.platform, partnership=partnership, membership=world.a.broker)
        partner_access_grant(platform=world.a.platform, partner=partners[0])
    health_round = HealthRoundFactory(
        partnership=partnership, title="Mid-year check", closes_on=world.a.platform.today()
    )
    return partnership, partners, health_round


# --- The list: results and trend ----------------------------------------------------------


def test_the_list_shows_rounds_latest_results_and_trend(world, login, setup):
    partnership, partners, current = setup
    earlier = HealthRoundFactory(partnership=partnership, title="First check", closes_on=PAST)
    with unscoped():  # created later by the factory; make it the older one
        HealthRound.objects.filter(pk=earlier.pk).update(
            created_at=current.created_at - datetime.timedelta(days=200)
        )
    add_response(earlier, partners[0], 2)
    add_response(current, partners[0], 1, shared_vision=5)
    add_response(current, partners[1], 5)
    response = login(world.a.observer).get(url("health_list", world.a, partnership))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Mid-year check") < html.index("First check")  # newest first
    assert "Open</span>" in html and "Closed</span>" in html
    assert "2 of 3 partners" in html and "1 of 3 partners" in html
    assert "Latest results: Mid-year check" in html
    assert html.count('role="img"') == 2  # the spread and the trend
    assert "avg 3.0 · sd 2.00" in html  # 1 and 5
    assert "Open a round" not in html  # observers look, never change


def test_the_list_without_rounds_offers_to_open_one_to_those_who_can(world, login):
    partnership = PartnershipFactory(platform=world.a.platform)
    response = login(world.a.admin).get(url("health_list", world.a, partnership))
    assert b"No health check has been run yet." in response.content
    assert b"Open a round" in response.content


def make_rounds(partnership, partners, count):
    for n in range(count):
        health_round = HealthRoundFactory(
            partnership=partnership, title=f"Round {n}", closes_on=PAST
        )
        for i, partner in enumerate(partners):
            add_response(health_round, partner, 1 + (n + i) % 5)


def test_the_list_runs_a_fixed_number_of_queries(world, login, django_assert_num_queries):
    def page(partnership):
        return url("health_list", world.a, partnership)

    few = PartnershipFactory(platform=world.a.platform)
    make_rounds(few, [PartnerFactory(partnership=few) for _ in range(3)], 2)
    many = PartnershipFactory(platform=world.a.platform)
    make_rounds(many, [PartnerFactory(partnership=many) for _ in range(20)], 10)
    client = login(world.a.broker)
    client.get(page(few))
    with CaptureQueriesContext(connection) as baseline:
        assert client.get(page(few)).status_code == 200
    with django_assert_num_queries(len(baseline)):
        response = client.get(page(many))
    assert response.content.decode().count("Round ") >= 10


# --- Opening and closing ------------------------------------------------------------------


@pytest.mark.parametrize("who", ["admin", "broker"])
def test_admins_and_assigned_brokers_open_a_round(world, login, who):
    partnership = PartnershipFactory(platform=world.a.platform)
    with tenant(world.a.platform.pk):
        broker_assign(platform=world.a.platform, partnership=partnership, membership=world.a.broker)
    closes = world.a.platform.today() + datetime.timedelta(days=10)
    response = login(getattr(world.a, who)).post(
        url("health_round_create", world.a, partnership),
        {"title": "Annual check", "closes_on": closes.isoformat()},
    )
    (health_round,) = stored_rounds()
    assert response.status_code == 302
    assert response["Location"] == url(
        "health_round_detail", world.a, partnership, health_round.public_id
    )
    assert (health_round.title, health_round.closes_on) == ("Annual check", closes)


def test_a_closing_date_in_the_past_is_refused(world, login):
    partnership = PartnershipFactory(platform=world.a.platform)
    response = login(world.a.admin).post(
        url("health_round_create", world.a, partnership), {"title": "x", "closes_on": "2020-01-01"}
    )
    assert response.status_code == 200
    assert b"cannot be in the past" in response.content
    assert stored_rounds() == []


def test_opening_a_second_round_is_refused_while_one_is_open(world, login, setup):
    partnership, _, _ = setup
    response = login(world.a.admin).post(
        url("health_round_create", world.a, partnership),
        {"closes_on": world.a.platform.today().isoformat()},
    )
    assert response.status_code == 200
    assert b"is still open" in response.content
    assert len(stored_rounds()) == 1


def test_a_broker_not_assigned_cannot_open_or_close(world, login, setup):
    partnership, _, health_round = setup
    other = MembershipFactory(platform=world.a.platform, role="broker")
    client = login(other)
    response = client.get(url("health_round_create", world.a, partnership))
    assert response.status_code == 403 and REFUSED in response.content
    closes = world.a.platform.today().isoformat()
    response = client.post(url("health_round_create", world.a, partnership), {"closes_on": closes})
    assert response.status_code == 403
    response = client.post(url("health_round_close", world.a, partnership, health_round.public_id))
    assert response.status_code == 403
    assert [r.closed_at for r in stored_rounds()] == [None]


@pytest.mark.parametrize("who", ["observer", "secretariat", "partner"])
def test_other_roles_cannot_open_or_close(world, login, setup, who):
    partnership, _, health_round = setup
    client = login(getattr(world.a, who))
    assert client.get(url("health_round_create", world.a, partnership)).status_code == 403
    close = url("health_round_close", world.a, partnership, health_round.public_id)
    assert client.post(close).status_code == 403
    assert [r.closed_at for r in stored_rounds()] == [None]


def test_the_assigned_broker_closes_a_round_and_responses_stop(world, login, setup):
    partnership, _, health_round = setup
    close = url("health_round_close", world.a, partnership, health_round.public_id)
    client = login(world.a.broker)
    assert client.get(close).status_code == 405
    response = client.post(close, follow=True)
    assert b"is closed." in response.content
    assert stored_rounds()[0].closed_at is not None
    response = client.post(close, follow=True)
    assert b"already closed" in response.content
    rep = login(world.a.partner)
    response = rep.post(
        url("health_respond", world.a, partnership, health_round.public_id), answers()
    )
    assert response.status_code == 302
    assert stored_responses() == []


# --- One round ----------------------------------------------------------------------------


def test_the_round_shows_results_comments_and_who_has_responded(world, login, setup):
    partnership, partners, health_round = setup
    first = add_response(health_round, partners[0], 4)
    with unscoped():
        first.comments = {"shared_vision": "We <b>disagree</b> on scale."}
        first.save()
    response = login(world.a.observer).get(
        url("health_round_detail", world.a, partnership, health_round.public_id)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "We &lt;b&gt;disagree&lt;/b&gt; on scale." in html
    responded = html[html.index("Who has responded") : html.index("Not yet responded")]
    waiting = html[html.index("Not yet responded") :]
    assert partners[0].organisation.name in responded
    assert partners[1].organisation.name in waiting and partners[2].organisation.name in waiting
    assert "Close this round now" not in html


# --- Responding ---------------------------------------------------------------------------


def test_the_representative_responds_and_then_changes_its_response(world, login, setup):
    partnership, partners, health_round = setup
    respond = url("health_respond", world.a, partnership, health_round.public_id)
    client = login(world.a.partner)
    page = client.get(respond).content.decode()
    assert "1 – Not at all" in page and "5 – Fully" in page
    assert 'type="radio"' in page
    assert "no partner could create alone" in page  # each fundamental is explained
    response = client.post(respond, answers(4, comment="Clear enough"))
    assert response.status_code == 302
    assert response["Location"] == reverse("health_my_rounds", args=[world.a.platform.slug])
    (stored,) = stored_responses()
    assert stored.partner_id == partners[0].pk and stored.shared_vision == 4
    assert stored.comments == {"shared_vision": "Clear enough"}
    page = client.get(respond).content.decode()
    assert "replaces that response" in page
    client.post(respond, answers(2))
    (stored,) = stored_responses()
    assert stored.shared_vision == 2 and stored.comments == {}


@pytest.mark.parametrize(
    "data",
    [answers(value_creation=7), answers(value_creation=0), answers(value_creation="")],
    ids=["seven", "zero", "missing"],
)
def test_a_bad_rating_is_refused_with_a_message(world, login, setup, data):
    partnership, _, health_round = setup
    response = login(world.a.partner).post(
        url("health_respond", world.a, partnership, health_round.public_id), data
    )
    assert response.status_code == 200
    assert b"Choose a rating from 1 to 5" in response.content or b"Rate " in response.content
    assert stored_responses() == []


def test_a_round_past_its_date_refuses_responses_with_a_message(world, login, setup):
    partnership, _, _ = setup
    closed = HealthRoundFactory(partnership=partnership, title="Old", closes_on=PAST)
    respond = url("health_respond", world.a, partnership, closed.public_id)
    client = login(world.a.partner)
    response = client.post(respond, answers(), follow=True)
    assert b"closed on 31 Jan 2025" in response.content
    assert stored_responses() == []


def test_a_representative_without_access_gets_404(world, login, setup):
    partnership, _, health_round = setup
    stranger = MembershipFactory(platform=world.a.platform, role="partner_representative")
    RepresentativeFactory(membership=stranger, platform=world.a.platform)
    client = login(stranger)
    for name in ("health_list", "health_round_detail", "health_respond"):
        args = [] if name == "health_list" else [health_round.public_id]
        assert client.get(url(name, world.a, partnership, *args)).status_code == 404
    assert (
        client.post(
            url("health_respond", world.a, partnership, health_round.public_id), answers()
        ).status_code
        == 404
    )
    assert stored_responses() == []


def test_the_representative_of_a_partner_that_left_cannot_respond(world, login, setup):
    partnership, partners, health_round = setup
    with unscoped():
        partners[0].joined_on, partners[0].left_on = PAST, world.a.platform.today()
        partners[0].save()
    respond = url("health_respond", world.a, partnership, health_round.public_id)
    client = login(world.a.partner)
    # Even with the guardian permission still in place, it is no longer a partner.
    assert client.post(respond, answers()).status_code == 404
    with tenant(world.a.platform.pk):
        partner_access_revoke(platform=world.a.platform, partner=partners[0])
    assert client.post(respond, answers()).status_code == 404
    assert stored_responses() == []


def test_staff_do_not_respond(world, login, setup):
    partnership, _, health_round = setup
    response = login(world.a.admin).post(
        url("health_respond", world.a, partnership, health_round.public_id), answers()
    )
    assert response.status_code == 403
    assert stored_responses() == []


# --- The representative's rounds ---------------------------------------------------------


def test_my_rounds_lists_open_and_closed_rounds(world, login, setup):
    partnership, partners, health_round = setup
    closed = HealthRoundFactory(partnership=partnership, title="Last year", closes_on=PAST)
    elsewhere = HealthRoundFactory(partnership__platform=world.a.platform, title="Not ours")
    client = login(world.a.partner)
    page = reverse("health_my_rounds", args=[world.a.platform.slug])
    html = client.get(page).content.decode()
    assert "Mid-year check" in html and "Last year" in html and "Not ours" not in html
    assert url("health_respond", world.a, partnership, health_round.public_id) in html
    assert url("health_round_detail", world.a, partnership, closed.public_id) in html
    assert ">Respond<" in html
    add_response(health_round, partners[0])
    html = client.get(page).content.decode()
    assert "Change my response" in html
    assert elsewhere.title not in html


def test_my_rounds_for_a_representative_without_organisation(world, login):
    response = login(world.a.partner).get(reverse("health_my_rounds", args=["alpha"]))
    assert response.status_code == 200
    assert b"not tied to an organisation" in response.content


def test_my_rounds_is_for_representatives_only(world, login):
    assert login(world.a.admin).get(reverse("health_my_rounds", args=["alpha"])).status_code == 403


def test_my_rounds_runs_a_fixed_number_of_queries(world, login, setup, django_assert_num_queries):
    partnership, partners, _ = setup
    client = login(world.a.partner)
    page = reverse("health_my_rounds", args=[world.a.platform.slug])
    client.get(page)
    with CaptureQueriesContext(connection) as baseline:
        client.get(page)
    for n in range(8):
        other = PartnershipFactory(platform=world.a.platform)
        joined = PartnerFactory(partnership=other, organisation=partners[0].organisation)
        with tenant(world.a.platform.pk):
            partner_access_grant(platform=world.a.platform, partner=joined)
        HealthRoundFactory(partnership=other, title=f"Open {n}")
        HealthRoundFactory(partnership=other, title=f"Closed {n}", closes_on=PAST)
    with django_assert_num_queries(len(baseline)):
        html = client.get(page).content.decode()
    assert "Open 7" in html and "Closed 7" in html


# --- The other platform -------------------------------------------------------------------


@pytest.mark.parametrize("who", ["admin", "observer", "partner"])
def test_the_other_platforms_users_get_404(world, login, setup, who):
    partnership, _, health_round = setup
    client = login(getattr(world.b, who))
    for name, args in (
        ("health_list", []),
        ("health_round_create", []),
        ("health_round_detail", [health_round.public_id]),
        ("health_respond", [health_round.public_id]),
    ):
        assert client.get(url(name, world.a, partnership, *args)).status_code == 404
        # A's partnership under B's address is not found either.
        assert client.get(url(name, world.b, partnership, *args)).status_code in (403, 404)
    close = url("health_round_close", world.b, partnership, health_round.public_id)
    assert client.post(close).status_code in (403, 404)
    assert [r.closed_at for r in stored_rounds()] == [None]


def test_a_round_of_another_partnership_or_platform_is_404(world, login, setup):
    """Rounds that exist, under the address of a partnership the member may see: found
    nowhere but in their own partnership. A representative WITH access to ``partnership``
    (the admin would be refused by role before any lookup on the respond page)."""
    partnership, partners, current = setup
    # Even a partnership the representative's organisation is in, with access: its round
    # does not answer under another partnership's address.
    mine_too = PartnerFactory(
        partnership__platform=world.a.platform, organisation=partners[0].organisation
    )
    with tenant(world.a.platform.pk):
        partner_access_grant(platform=world.a.platform, partner=mine_too)
    other = HealthRoundFactory(partnership=mine_too.partnership)
    unrelated = HealthRoundFactory(partnership__platform=world.a.platform)
    theirs = HealthRoundFactory(partnership__platform=world.b.platform)
    representative = login(world.a.partner)
    # The page itself answers for the representative: the 404s below are the round's.
    respond = url("health_respond", world.a, partnership, current.public_id)
    assert representative.get(respond).status_code == 200
    for health_round in (other, unrelated, theirs):
        for name in ("health_round_detail", "health_respond"):
            response = representative.get(url(name, world.a, partnership, health_round.public_id))
            assert response.status_code == 404, (name, health_round.title)
            response = representative.post(
                url(name, world.a, partnership, health_round.public_id), answers()
            )
            assert response.status_code == 404, (name, health_round.title)
    admin = login(world.a.admin)
    for health_round in (other, unrelated, theirs):
        detail = url("health_round_detail", world.a, partnership, health_round.public_id)
        assert admin.get(detail).status_code == 404
        close = url("health_round_close", world.a, partnership, health_round.public_id)
        assert admin.post(close).status_code == 404
    assert stored_responses() == []
    assert [r.closed_at for r in stored_rounds()] == [None] * 4
