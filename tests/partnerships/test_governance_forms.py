"""Bad input to the governance forms and services: a clear message, nothing written,
never a 500. A body and its seats are saved together or not at all."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnerships.forms.governance import UNKNOWN_PARTNER
from partnerships.models import GovernanceBody, Seat
from partnerships.services import governance as services
from platforms.tenancy import unscoped
from tests.factories import GovernanceBodyFactory, PartnerFactory, PartnershipFactory


def snapshot():
    with unscoped():
        return (
            list(GovernanceBody.objects.order_by("pk").values_list("pk", "name", "decision_rule")),
            list(Seat.objects.order_by("pk").values_list("pk", "partner_id", "seats")),
        )


@pytest.fixture
def setup(world):
    partnership = PartnershipFactory(platform=world.a.platform)
    partner = PartnerFactory(partnership=partnership, organisation__name="Tea Estates Ltd")
    other = PartnerFactory(partnership=partnership, organisation__name="Women's Cooperative")
    body = GovernanceBodyFactory(partnership=partnership, name="Steering committee")
    with unscoped():
        Seat.objects.create(platform=partnership.platform, body=body, partner=partner, seats=2)
    return partnership, body, partner, other


def address(name, partnership, body=None):
    args = [partnership.platform.slug, partnership.public_id] + ([body.public_id] if body else [])
    return reverse(name, args=args)


def form_data(**extra):
    return {"name": "Board", "type": "governing_board", "decision_rule": "simple_majority", **extra}


@pytest.mark.parametrize("value", ["-1", "x", "1000", "100", "1.5", "9" * 30])
@pytest.mark.parametrize("editing", [False, True])
def test_bad_seats_are_refused_with_the_partners_name(world, setup, login, value, editing):
    partnership, body, partner, other = setup
    before = snapshot()
    target = address(
        "body_edit" if editing else "body_create", partnership, body if editing else None
    )
    data = form_data(**{f"seats-{partner.public_id}": "1", f"seats-{other.public_id}": value})
    response = login(world.a.admin).post(target, data)
    assert response.status_code == 200
    assert (
        "Seats for Women&#x27;s Cooperative: enter a whole number from 0 to 99."
        in response.content.decode()
    )
    assert snapshot() == before


def test_unknown_decision_rule_and_kind_are_refused(world, setup, login):
    partnership, *_ = setup
    before = snapshot()
    response = login(world.a.admin).post(
        address("body_create", partnership), form_data(decision_rule="dictator", type="club")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Choose a decision rule (informal consensus" in html
    assert "Choose the kind of body: governing board" in html
    assert snapshot() == before


def test_a_name_is_required(world, setup, login):
    partnership, *_ = setup
    before = snapshot()
    response = login(world.a.admin).post(address("body_create", partnership), form_data(name="  "))
    assert "Give the body a name" in response.content.decode()
    assert snapshot() == before


def test_another_partnerships_partner_is_refused(world, setup, login):
    partnership, body, partner, _ = setup
    stranger = PartnerFactory(platform=world.a.platform)
    b_partner = PartnerFactory(platform=world.b.platform)
    before = snapshot()
    client = login(world.a.admin)
    for foreign in (stranger, b_partner):
        for target in (
            address("body_create", partnership),
            address("body_edit", partnership, body),
        ):
            data = form_data(
                **{f"seats-{partner.public_id}": "1", f"seats-{foreign.public_id}": "3"}
            )
            response = client.post(target, data)
            assert response.status_code == 200
            assert "not an active partner of this partnership" in response.content.decode()
    assert snapshot() == before
    assert "reload the page" in UNKNOWN_PARTNER


def test_a_partner_that_left_cannot_be_given_seats(world, setup, login):
    partnership, body, partner, other = setup
    with unscoped():
        other.left_on = datetime.date(2026, 1, 1)
        other.save()
    before = snapshot()
    data = form_data(**{f"seats-{other.public_id}": "3"})
    response = login(world.a.admin).post(address("body_edit", partnership, body), data)
    assert "not an active partner" in response.content.decode()
    assert snapshot() == before


def test_a_body_without_a_rule_is_allowed(world, setup, login):
    partnership, _, partner, _ = setup
    data = form_data(decision_rule="", scope="", **{f"seats-{partner.public_id}": ""})
    response = login(world.a.admin).post(address("body_create", partnership), data)
    assert response.status_code == 302
    with unscoped():
        board = GovernanceBody.objects.get(name="Board")
        assert board.decision_rule == "" and board.seats.count() == 0


def test_edit_sets_members_exactly(world, setup, login):
    partnership, body, partner, other = setup
    data = form_data(**{f"seats-{partner.public_id}": "0", f"seats-{other.public_id}": "4"})
    response = login(world.a.admin).post(address("body_edit", partnership, body), data)
    assert response.status_code == 302
    with unscoped():
        assert list(body.seats.values_list("partner_id", "seats")) == [(other.pk, 4)]


# The services, called directly (the API, jobs and commands go through them too) --------


def test_service_refuses_another_partnerships_partner(world, setup):
    partnership, body, partner, _ = setup
    stranger = PartnerFactory(platform=world.a.platform, organisation__name="Stranger Ltd")
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        services.body_create(
            platform=world.a.platform,
            partnership=partnership,
            actor=world.a.admin.user,
            seats={partner: 1, stranger: 2},
            name="Board",
            type="governing_board",
        )
    assert refused.value.message_dict["seats"] == [
        "Stranger Ltd is not a partner of this partnership, so it cannot hold seats here."
    ]
    with pytest.raises(ValidationError):
        services.body_update(
            platform=world.a.platform, body=body, actor=None, seats={stranger: 1}, name="Renamed"
        )
    assert body.name == "Steering committee"  # put back as it was
    assert snapshot() == before


def test_service_refuses_other_platforms_and_out_of_range(world, setup):
    partnership, body, partner, _ = setup
    b_partner = PartnerFactory(platform=world.b.platform)
    before = snapshot()
    with pytest.raises(ValidationError, match="another platform"):
        services.body_update(platform=world.a.platform, body=body, actor=None, seats={b_partner: 1})
    for bad in (-1, 100, 2.5, True, "3"):
        with pytest.raises(ValidationError, match="whole number from 0 to 99|not between 0 and 99"):
            services.body_update(
                platform=world.a.platform, body=body, actor=None, seats={partner: bad}
            )
    with pytest.raises(ValidationError) as refused:
        services.body_update(platform=world.a.platform, body=body, actor=None, decision_rule="vote")
    assert "decision_rule" in refused.value.message_dict
    with pytest.raises(ValidationError, match="another platform"):
        services.body_delete(platform=world.b.platform, body=body, actor=None)
    with pytest.raises(TypeError):
        services.body_update(platform=world.a.platform, body=body, actor=None, partnership=None)
    assert snapshot() == before
