"""The "Risks and learning" tab: the levers and the risk register (with its heat map).

Named actors: the platform admin and the broker assigned to the partnership may write;
an observer, a broker not assigned and the secretariat only read."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from partnerships.models import Divergence, Lesson, Partner, Partnership, Risk
from partnerships.services.access import broker_assign
from platforms.tenancy import unscoped
from tests.factories import MembershipFactory, PartnerFactory, PartnershipFactory, UserFactory


@dataclass
class Setup:
    partnership: Partnership
    partner: Partner
    other: Partner


@pytest.fixture(name="setup")
def setup_fixture(world) -> Setup:
    """A partnership on platform A with two active partners, the broker assigned."""
    partnership = PartnershipFactory(platform=world.a.platform, title="Clean rivers")
    broker_assign(platform=world.a.platform, partnership=partnership, membership=world.a.broker)
    return Setup(
        partnership=partnership,
        partner=PartnerFactory(partnership=partnership, organisation__name="River Trust"),
        other=PartnerFactory(partnership=partnership, organisation__name="Water Works"),
    )


def make_risk(partnership, **fields) -> Risk:
    values = {"category": "delivery", "description": "Floods delay work", "likelihood": 3}
    values |= {"impact": 3, **fields}
    with unscoped():
        return Risk.objects.create(
            platform_id=partnership.platform_id, partnership=partnership, **values
        )


def make_divergence(partnership, **fields) -> Divergence:
    with unscoped():
        return Divergence.objects.create(
            platform_id=partnership.platform_id,
            partnership=partnership,
            **{"description": "Whether to lobby", "handling": "", **fields},
        )


def make_lesson(partnership, **fields) -> Lesson:
    with unscoped():
        return Lesson.objects.create(
            platform_id=partnership.platform_id,
            partnership=partnership,
            **{"text": "Meet in person first", **fields},
        )


def levers_of(partnership) -> list[str]:
    with unscoped():
        return Partnership.objects.get(pk=partnership.pk).levers


def set_levers(partnership, levers: list[str]) -> None:
    with unscoped():
        Partnership.objects.filter(pk=partnership.pk).update(levers=levers)


def fresh(obj):
    with unscoped():
        return type(obj).objects.get(pk=obj.pk)


def risks_of(partnership) -> list[Risk]:
    with unscoped():
        return list(Risk.objects.filter(partnership=partnership).order_by("created_at"))


def url(name, partnership, *ids):
    return reverse(name, args=[partnership.platform.slug, partnership.public_id, *ids])


def unassigned_broker(side):
    user = UserFactory(email=f"other-broker@{side.platform.slug}.example")
    return MembershipFactory(platform=side.platform, user=user, role="broker")


# Levers ---------------------------------------------------------------------------------


def test_an_assigned_broker_ticks_levers_saved_in_reference_order(world, setup, login):
    client = login(world.a.broker)
    response = client.post(
        url("partnership_levers", setup.partnership), {"levers": ["standards", "policy"]}
    )
    assert response.status_code == 302
    assert levers_of(setup.partnership) == ["policy", "standards"]
    page = client.get(url("partnership_levers", setup.partnership)).content.decode()
    assert "Policy, regulation and taxation" in page
    assert "Human and community capital" in page  # all 13 are offered
    assert 'value="policy"' in page and "checked" in page


def test_levers_can_all_be_cleared(world, setup, login):
    set_levers(setup.partnership, ["norms"])
    response = login(world.a.admin).post(url("partnership_levers", setup.partnership), {})
    assert response.status_code == 302
    assert levers_of(setup.partnership) == []


def test_an_unknown_lever_is_refused_with_a_message_and_nothing_saved(world, setup, login):
    set_levers(setup.partnership, ["norms"])
    response = login(world.a.admin).post(
        url("partnership_levers", setup.partnership), {"levers": ["norms", "magic"]}
    )
    assert response.status_code == 200
    assert "Not a lever: magic" in response.content.decode()
    assert levers_of(setup.partnership) == ["norms"]


def test_the_service_refuses_unknown_levers_too(world, setup):
    from django.core.exceptions import ValidationError

    from partnerships.services.registers import partnership_levers_set

    with pytest.raises(ValidationError, match="Not a lever"):
        partnership_levers_set(
            platform=world.a.platform,
            partnership=setup.partnership,
            actor=None,
            levers=["policy", "bribery"],
        )
    assert levers_of(setup.partnership) == []


@pytest.mark.parametrize("who", ["observer", "secretariat"])
def test_readers_see_the_levers_read_only_and_cannot_post(world, setup, login, who):
    set_levers(setup.partnership, ["finance"])
    client = login(getattr(world.a, who))
    page = client.get(url("partnership_levers", setup.partnership))
    assert page.status_code == 200
    text = page.content.decode()
    assert '<form method="post" novalidate>' not in text
    assert "Access to affordable finance" in text and "Yes" in text
    response = client.post(url("partnership_levers", setup.partnership), {"levers": ["norms"]})
    assert response.status_code == 403
    assert levers_of(setup.partnership) == ["finance"]


def test_an_unassigned_broker_cannot_change_the_levers(world, setup, login):
    client = login(unassigned_broker(world.a))
    assert client.get(url("partnership_levers", setup.partnership)).status_code == 200
    response = client.post(url("partnership_levers", setup.partnership), {"levers": ["norms"]})
    assert response.status_code == 403
    assert levers_of(setup.partnership) == []


# Risks ----------------------------------------------------------------------------------


def risk_post(**fields):
    return {
        "category": "funder_dependency",
        "description": "One funder pays for everything",
        "likelihood": "4",
        "impact": "5",
        "mitigation": "Find a second funder",
        "owner": "",
        **fields,
    }


def test_a_broker_adds_a_risk_with_an_owner(world, setup, login):
    response = login(world.a.broker).post(
        url("risk_create", setup.partnership), risk_post(owner=setup.partner.public_id)
    )
    assert response.status_code == 302
    (risk,) = risks_of(setup.partnership)
    assert (risk.likelihood, risk.impact, risk.owner_id) == (4, 5, setup.partner.pk)
    assert risk.category == "funder_dependency" and risk.mitigation == "Find a second funder"


@pytest.mark.parametrize("value", ["0", "6", "-1", "3.5", "high", ""])
@pytest.mark.parametrize("field", ["likelihood", "impact"])
def test_scores_outside_1_to_5_are_refused_with_a_clear_message(world, setup, login, field, value):
    response = login(world.a.admin).post(
        url("risk_create", setup.partnership), risk_post(**{field: value})
    )
    assert response.status_code == 200
    assert "from 1 (" in response.content.decode()
    assert risks_of(setup.partnership) == []


def test_the_service_refuses_scores_outside_1_to_5(world, setup):
    from django.core.exceptions import ValidationError

    from partnerships.services.registers import risk_create

    with pytest.raises(ValidationError) as error:
        risk_create(
            platform=world.a.platform,
            partnership=setup.partnership,
            actor=None,
            category="delivery",
            description="Late",
            likelihood=9,
            impact=0,
        )
    assert set(error.value.message_dict) == {"likelihood", "impact"}
    assert risks_of(setup.partnership) == []


def test_a_risk_needs_a_description_and_a_known_category(world, setup, login):
    response = login(world.a.admin).post(
        url("risk_create", setup.partnership), risk_post(description=" ", category="weather")
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Describe the risk" in text and "Choose a category" in text
    assert risks_of(setup.partnership) == []


def test_an_owner_from_another_partnership_is_refused(world, setup, login):
    stranger = PartnerFactory(partnership__platform=world.a.platform)
    response = login(world.a.admin).post(
        url("risk_create", setup.partnership), risk_post(owner=stranger.public_id)
    )
    assert response.status_code == 200
    assert "active partners" in response.content.decode()
    assert risks_of(setup.partnership) == []


def test_the_service_refuses_an_owner_of_another_partnership_or_platform(world, setup):
    from django.core.exceptions import ValidationError

    from partnerships.services.registers import risk_create

    for stranger in (
        PartnerFactory(partnership__platform=world.a.platform),
        PartnerFactory(partnership__platform=world.b.platform),
    ):
        with pytest.raises(ValidationError, match="not a partner of this partnership"):
            risk_create(
                platform=world.a.platform,
                partnership=setup.partnership,
                actor=None,
                category="delivery",
                description="Late",
                likelihood=2,
                impact=2,
                owner=stranger,
            )
    assert risks_of(setup.partnership) == []


def test_a_partner_that_left_cannot_become_owner_but_may_stay_one(world, setup, login):
    risk = make_risk(setup.partnership, owner=setup.partner)
    with unscoped():
        Partner.objects.filter(pk=setup.partner.pk).update(left_on="2025-01-01")
    client = login(world.a.admin)
    # Kept: the record keeps who owned it.
    response = client.post(
        url("risk_edit", setup.partnership, risk.public_id),
        risk_post(owner=setup.partner.public_id, impact="2"),
    )
    assert response.status_code == 302
    risk = fresh(risk)
    assert (risk.owner_id, risk.impact) == (setup.partner.pk, 2)
    # Not chosen anew for another risk.
    response = client.post(
        url("risk_create", setup.partnership), risk_post(owner=setup.partner.public_id)
    )
    assert response.status_code == 200
    assert len(risks_of(setup.partnership)) == 1


def test_a_risk_is_edited_and_a_refused_edit_writes_nothing(world, setup, login):
    risk = make_risk(setup.partnership)
    client = login(world.a.broker)
    page = client.get(url("risk_edit", setup.partnership, risk.public_id))
    assert page.status_code == 200 and "Floods delay work" in page.content.decode()
    response = client.post(
        url("risk_edit", setup.partnership, risk.public_id), risk_post(likelihood="7")
    )
    assert response.status_code == 200
    risk = fresh(risk)
    assert (risk.likelihood, risk.category) == (3, "delivery")
    response = client.post(
        url("risk_edit", setup.partnership, risk.public_id),
        risk_post(likelihood="1", owner=setup.other.public_id),
    )
    assert response.status_code == 302
    risk = fresh(risk)
    assert (risk.likelihood, risk.owner_id) == (1, setup.other.pk)


def test_a_risk_is_deleted_after_confirmation(world, setup, login):
    risk = make_risk(setup.partnership, description="Reputation damage")
    client = login(world.a.admin)
    page = client.get(url("risk_delete", setup.partnership, risk.public_id))
    assert page.status_code == 200 and "Reputation damage" in page.content.decode()
    assert risks_of(setup.partnership) == [risk]
    response = client.post(url("risk_delete", setup.partnership, risk.public_id))
    assert response.status_code == 302
    assert risks_of(setup.partnership) == []


def test_the_register_sorts_by_score_and_the_heat_map_counts(world, setup, login):
    make_risk(setup.partnership, description="Low one", likelihood=1, impact=2)
    make_risk(setup.partnership, description="Worst one", likelihood=5, impact=5)
    make_risk(setup.partnership, description="Middle one", likelihood=2, impact=4)
    make_risk(setup.partnership, description="Twin one", likelihood=2, impact=4)
    response = login(world.a.observer).get(url("risk_list", setup.partnership))
    assert response.status_code == 200
    text = response.content.decode()
    assert text.index("Worst one") < text.index("Middle one") < text.index("Low one")
    grid = response.context["heat_map"]
    assert [row.likelihood for row in grid] == [5, 4, 3, 2, 1]
    cells = {(c.likelihood, c.impact): c for row in grid for c in row.cells}
    assert cells[(2, 4)].count == 2 and cells[(5, 5)].count == 1 and cells[(1, 2)].count == 1
    assert cells[(5, 5)].level == "extreme" and cells[(1, 1)].level == "low"
    assert sum(c.count for c in cells.values()) == 4
    assert "4 risks by likelihood" in text
    # The observer reads but gets no buttons to write.
    assert url("risk_create", setup.partnership) not in text


def test_the_landing_page_links_to_levers_divergences_and_lessons(world, setup, login):
    make_divergence(setup.partnership)
    make_lesson(setup.partnership)
    make_lesson(setup.partnership)
    text = login(world.a.admin).get(url("risk_list", setup.partnership)).content.decode()
    for name in ("partnership_levers", "divergence_list", "lesson_list", "risk_create"):
        assert url(name, setup.partnership) in text
    assert "1 disagreement" in text and "2 lessons recorded" in text
