"""Partnerships themselves: the list, create, edit and brokers' assignments, with the
rules (dates, goals, targets, the lead organisation) and who may do what."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import Goal, Partnership, Target
from partnerships.selectors.access import can_change
from partnerships.services.access import broker_assign, partner_access_grant
from platforms.tenancy import tenant, unscoped
from stakeholders.models import Representative
from tests.factories import (
    OrganisationFactory,
    PartnerFactory,
    PartnershipFactory,
    RepresentativeFactory,
    StakeholderMapFactory,
)


def url(name, side, partnership=None, **params):
    args = [side.platform.slug] + ([partnership.public_id] if partnership else [])
    address = reverse(name, args=args)
    if params:
        address += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return address


def give_access(side, partnership):
    """Make the side's partner representative's organisation a partner, with access."""
    with unscoped():
        representative = (
            Representative.objects.filter(membership=side.partner)
            .select_related("organisation")
            .first()
        )
    organisation = (
        representative.organisation
        if representative
        else RepresentativeFactory(membership=side.partner).organisation
    )
    partner = PartnerFactory(partnership=partnership, organisation=organisation)
    with tenant(side.platform.pk):
        partner_access_grant(platform=side.platform, partner=partner)
    return partner


def assign(side, partnership, membership=None):
    broker_assign(
        platform=side.platform, partnership=partnership, membership=membership or side.broker
    )


@pytest.fixture
def targets(db):
    """A few targets (the full list is loaded from partnerships/data/sdgs.json)."""
    with unscoped():
        for code, number, position in (
            ("2.1", 2, 1),
            ("2.4", 2, 4),
            ("14.c", 14, 10),
            ("17.17", 17, 17),
        ):
            Target.objects.get_or_create(
                code=code,
                defaults={
                    "goal": Goal.objects.get(number=number),
                    "text": f"Target {code}",
                    "position": position,
                },
            )


def changeable(*, membership, partnership) -> bool:
    with unscoped():
        return can_change(membership=membership, partnership=partnership)


def stored(**lookup) -> Partnership | None:
    with unscoped():
        return Partnership.objects.filter(**lookup).first()


def form_data(**overrides) -> dict:
    data = {
        "title": "Seeds for resilience",
        "description": "Farmers, seed companies and the ministry.",
        "issue": "Seed security",
        "type": "combine",
        "level": "national",
        "themes": "Food security; Agriculture",
        "goals": ["2"],
        "targets": "",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
    }
    data.update(overrides)
    return data


# -- Create -----------------------------------------------------------------------------


def test_a_broker_starts_a_partnership_at_stage_1_and_is_assigned(login, world, targets):
    organisation = OrganisationFactory(platform=world.a.platform, name="Ministry of Agriculture")
    stakeholder_map = StakeholderMapFactory(platform=world.a.platform)
    response = login(world.a.broker).post(
        url("partnership_create", world.a),
        form_data(
            targets="17.17, 2.1",
            goals=["1"],
            lead_organisation=str(organisation.public_id),
            stakeholder_map=str(stakeholder_map.public_id),
            is_public="on",
        ),
    )
    partnership = stored(title="Seeds for resilience")
    assert partnership is not None, response.content.decode()[:3000]
    assert response.status_code == 302
    assert response.url == url("partnership_detail", world.a, partnership)
    assert partnership.platform_id == world.a.platform.pk
    assert partnership.stage == 1
    assert partnership.themes == ["Food security", "Agriculture"]
    # A target's goal is added; targets are kept in the UN list's order.
    assert partnership.goals == [1, 2, 17]
    assert partnership.targets == ["2.1", "17.17"]
    assert partnership.lead_organisation_id == organisation.pk
    assert partnership.stakeholder_map_id == stakeholder_map.pk
    assert partnership.is_public
    assert changeable(membership=world.a.broker, partnership=partnership)


def test_an_admin_creates_without_being_assigned(login, world):
    login(world.a.admin).post(url("partnership_create", world.a), form_data())
    partnership = stored(title="Seeds for resilience")
    assert partnership is not None
    assert not changeable(membership=world.a.broker, partnership=partnership)


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"ends_on": "2025-06-01"}, "ends_on", "before the start date"),
        ({"starts_on": "1066-10-14"}, "starts_on", "1900"),
        ({"ends_on": "9999-12-31"}, "ends_on", "2100"),
        ({"goals": ["18"]}, "goals", "Choose goals from the list of 17"),
        ({"targets": "2.99"}, "targets", "No Sustainable Development Goal target is numbered 2.99"),
        ({"targets": "; nonsense"}, "targets", "nonsense"),
        ({"title": "   "}, "title", "Give the title"),
        ({"type": "merge"}, "type", "three types"),
        ({"level": ""}, "level", "Choose the level"),
        ({"starts_on": "31/31/2026"}, "starts_on", "Enter a date"),
        ({"lead_organisation": "999999"}, "lead_organisation", "Choose an organisation"),
        (
            {"lead_organisation": "5b0f0c52-8f7e-4a43-9a0e-6d1f3c1c2b7a"},
            "lead_organisation",
            "Choose an organisation",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(login, world, targets, overrides, field, words):
    response = login(world.a.broker).post(
        url("partnership_create", world.a), form_data(**overrides)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert words in " ".join(errors[field])
    assert stored(platform=world.a.platform) is None


def test_another_platforms_organisation_cannot_lead(login, world):
    other = OrganisationFactory(platform=world.b.platform)
    response = login(world.a.broker).post(
        url("partnership_create", world.a), form_data(lead_organisation=str(other.public_id))
    )
    assert response.status_code == 200
    assert "lead_organisation" in response.context["form"].errors
    assert stored(platform=world.a.platform) is None


def test_an_archived_organisation_is_not_offered_to_lead(login, world):
    from django.utils import timezone

    archived = OrganisationFactory(platform=world.a.platform, archived_at=timezone.now())
    response = login(world.a.broker).post(
        url("partnership_create", world.a), form_data(lead_organisation=str(archived.public_id))
    )
    assert "lead_organisation" in response.context["form"].errors
    assert stored(platform=world.a.platform) is None


def test_the_service_refuses_unknown_goals_and_bad_dates_and_writes_nothing(world, targets):
    from django.core.exceptions import ValidationError

    from partnerships.services.partnerships import partnership_create

    with pytest.raises(ValidationError) as error:
        partnership_create(
            platform=world.a.platform,
            actor=world.a.admin.user,
            title="X",
            type="leverage",
            level="local",
            goals=[0, 18],
            targets=["2.1", "99.9"],
            starts_on=date(2026, 5, 1),
            ends_on=date(2026, 4, 1),
        )
    assert set(error.value.message_dict) == {"goals", "targets", "ends_on"}
    assert "0, 18" in " ".join(error.value.message_dict["goals"])
    assert stored(platform=world.a.platform) is None


@pytest.mark.parametrize("role", ["secretariat", "observer", "partner"])
def test_others_may_not_create(login, world, role):
    response = login(getattr(world.a, role)).post(url("partnership_create", world.a), form_data())
    assert response.status_code == 403
    assert stored(platform=world.a.platform) is None


def test_the_create_form_explains_the_spectrum_and_lists_the_goals(login, world):
    response = login(world.a.broker).get(url("partnership_create", world.a))
    assert response.status_code == 200
    body = response.content.decode()
    assert "which no one of them could do alone" in body
    assert "Zero hunger" in body
    assert "Partnerships for the goals" in body or "17" in body


# -- Edit -------------------------------------------------------------------------------


@pytest.fixture
def partnership(world):
    return PartnershipFactory(platform=world.a.platform, title="Water for all", goals=[6])


def test_an_assigned_broker_edits(login, world, partnership, targets):
    assign(world.a, partnership)
    response = login(world.a.broker).post(
        url("partnership_edit", world.a, partnership),
        form_data(title="Water and seeds", goals=["6"], targets="2.4"),
    )
    assert response.status_code == 302
    partnership = stored(pk=partnership.pk)
    assert partnership.title == "Water and seeds"
    assert partnership.goals == [2, 6]
    assert partnership.targets == ["2.4"]


def test_the_admin_edits_without_assignment(login, world, partnership):
    response = login(world.a.admin).post(
        url("partnership_edit", world.a, partnership), form_data(title="Renamed")
    )
    assert response.status_code == 302
    assert stored(pk=partnership.pk).title == "Renamed"


def test_a_broker_not_assigned_gets_403_and_nothing_changes(login, world, partnership):
    client = login(world.a.broker)
    assert client.get(url("partnership_edit", world.a, partnership)).status_code == 403
    response = client.post(url("partnership_edit", world.a, partnership), form_data(title="No"))
    assert response.status_code == 403
    assert stored(pk=partnership.pk).title == "Water for all"


@pytest.mark.parametrize("role", ["secretariat", "observer"])
def test_readers_cannot_edit(login, world, partnership, role):
    response = login(getattr(world.a, role)).post(
        url("partnership_edit", world.a, partnership), form_data(title="No")
    )
    assert response.status_code == 403
    assert stored(pk=partnership.pk).title == "Water for all"


def test_a_refused_edit_writes_nothing(login, world, partnership):
    assign(world.a, partnership)
    response = login(world.a.broker).post(
        url("partnership_edit", world.a, partnership),
        form_data(title="Changed", starts_on="2026-05-01", ends_on="2026-04-01"),
    )
    assert response.status_code == 200
    assert "ends_on" in response.context["form"].errors
    assert stored(pk=partnership.pk).title == "Water for all"


def test_an_unchanged_save_records_no_event(login, world, partnership):
    from platforms.models import AuditEvent

    assign(world.a, partnership)
    client = login(world.a.admin)
    client.post(url("partnership_edit", world.a, partnership), form_data(title="Once"))
    with unscoped():
        before = AuditEvent.objects.filter(table_name="partnerships_partnership").count()
    client.post(url("partnership_edit", world.a, partnership), form_data(title="Once"))
    with unscoped():
        after = AuditEvent.objects.filter(table_name="partnerships_partnership").count()
    assert after == before


# -- Brokers ------------------------------------------------------------------------------


def test_the_admin_assigns_and_unassigns_a_broker(login, world, partnership):
    client = login(world.a.admin)
    response = client.post(
        url("partnership_brokers", world.a, partnership),
        {"assign": "1", "membership": str(world.a.broker.public_id)},
    )
    assert response.status_code == 302
    assert changeable(membership=world.a.broker, partnership=partnership)
    page = client.get(url("partnership_brokers", world.a, partnership))
    assert [m.pk for m in page.context["assigned"]] == [world.a.broker.pk]
    response = client.post(
        url("partnership_brokers", world.a, partnership),
        {"unassign": str(world.a.broker.public_id)},
    )
    assert response.status_code == 302
    assert not changeable(membership=world.a.broker, partnership=partnership)


@pytest.mark.parametrize("who", ["secretariat", "partner", "observer"])
def test_only_brokers_and_admins_can_be_assigned(login, world, partnership, who):
    response = login(world.a.admin).post(
        url("partnership_brokers", world.a, partnership),
        {"assign": "1", "membership": str(getattr(world.a, who).public_id)},
    )
    assert response.status_code == 200
    assert "membership" in response.context["form"].errors
    assert not changeable(membership=getattr(world.a, who), partnership=partnership)


def test_another_platforms_broker_cannot_be_assigned(login, world, partnership):
    response = login(world.a.admin).post(
        url("partnership_brokers", world.a, partnership),
        {"assign": "1", "membership": str(world.b.broker.public_id)},
    )
    assert response.status_code == 200
    assert "membership" in response.context["form"].errors


def test_a_broker_not_assigned_cannot_manage_brokers(login, world, partnership):
    client = login(world.a.broker)
    assert client.get(url("partnership_brokers", world.a, partnership)).status_code == 403
    response = client.post(
        url("partnership_brokers", world.a, partnership),
        {"assign": "1", "membership": str(world.a.broker.public_id)},
    )
    assert response.status_code == 403
    assert not changeable(membership=world.a.broker, partnership=partnership)


def test_unassigning_someone_not_assigned_says_so(login, world, partnership):
    response = login(world.a.admin).post(
        url("partnership_brokers", world.a, partnership),
        {"unassign": str(world.a.broker.public_id)},
        follow=True,
    )
    assert response.status_code == 200
    assert "not assigned" in response.content.decode()


@pytest.mark.parametrize("role", ["observer", "secretariat", "partner"])
def test_brokers_page_is_for_brokers_and_admins(login, world, partnership, role):
    assert (
        login(getattr(world.a, role))
        .get(url("partnership_brokers", world.a, partnership))
        .status_code
        == 403
    )


# -- The list -----------------------------------------------------------------------------


def titles(response) -> list[str]:
    return [p.title for p in response.context["partnerships"]]


@pytest.fixture
def several(world):
    a = world.a.platform
    return {
        "water": PartnershipFactory(
            platform=a, title="Water for all", type="leverage", level="local", goals=[6], stage=2
        ),
        "seeds": PartnershipFactory(
            platform=a,
            title="Seeds",
            issue="Food security",
            type="transform",
            level="national",
            goals=[2, 13],
            stage=4,
        ),
        "schools": PartnershipFactory(
            platform=a, title="Schools", type="combine", level="global", goals=[4], stage=1
        ),
        "other": PartnershipFactory(platform=world.b.platform, title="Beta's own"),
    }


def test_staff_and_observers_see_every_partnership_of_the_platform(login, world, several):
    for role in ("admin", "broker", "secretariat", "observer"):
        response = login(getattr(world.a, role)).get(url("partnership_list", world.a))
        assert titles(response) == ["Schools", "Seeds", "Water for all"]


def test_a_partner_representative_sees_only_its_organisations(login, world, several):
    give_access(world.a, several["seeds"])
    response = login(world.a.partner).get(url("partnership_list", world.a))
    assert titles(response) == ["Seeds"]
    client = login(world.a.partner)
    assert client.get(url("partnership_detail", world.a, several["seeds"])).status_code == 200
    assert client.get(url("partnership_detail", world.a, several["water"])).status_code == 404


def test_a_partner_without_partnerships_is_told_so(login, world, several):
    response = login(world.a.partner).get(url("partnership_list", world.a))
    assert titles(response) == []
    assert "Your organisation is not in any partnership yet" in response.content.decode()


def test_an_empty_list_offers_to_start_one(login, world):
    response = login(world.a.broker).get(url("partnership_list", world.a))
    body = response.content.decode()
    assert "No partnerships yet" in body
    assert reverse("partnership_create", args=[world.a.platform.slug]) in body


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"stage": 4}, ["Seeds"]),
        ({"type": "leverage"}, ["Water for all"]),
        ({"level": "global"}, ["Schools"]),
        ({"goal": 13}, ["Seeds"]),
        ({"q": "food"}, ["Seeds"]),
        ({"q": "water all"}, ["Water for all"]),
        ({"sort": "stage"}, ["Schools", "Water for all", "Seeds"]),
    ],
)
def test_filters_and_sorts(login, world, several, params, expected):
    response = login(world.a.observer).get(url("partnership_list", world.a, **params))
    assert response.status_code == 200
    assert titles(response) == expected


def test_assigned_to_me(login, world, several):
    assign(world.a, several["water"])
    response = login(world.a.broker).get(url("partnership_list", world.a, mine="on"))
    assert titles(response) == ["Water for all"]
    assert response.context["partnerships"][0].assigned
    assert "Assigned to you" in response.content.decode()


@pytest.mark.parametrize(
    "params", [{"stage": "x"}, {"goal": "99"}, {"sort": "zzz"}, {"q": "'&|" * 99}]
)
def test_odd_filters_never_fail(login, world, several, params):
    response = login(world.a.broker).get(url("partnership_list", world.a, **params))
    assert response.status_code == 200


def test_rows_show_lead_partner_count_and_goal_badges(login, world, several):
    seeds = several["seeds"]
    lead = OrganisationFactory(platform=world.a.platform, name="Lead org")
    with unscoped():
        Partnership.objects.filter(pk=seeds.pk).update(lead_organisation=lead)
    PartnerFactory.create_batch(3, partnership=seeds)
    PartnerFactory(partnership=seeds, left_on=date(2026, 1, 1), joined_on=date(2025, 1, 1))
    response = login(world.a.broker).get(url("partnership_list", world.a, q="seeds"))
    row = response.context["partnerships"][0]
    assert row.partner_count == 3
    assert row.goal_badges == [(2, "Zero hunger"), (13, "Climate action")]
    body = response.content.decode()
    assert "Lead org" in body
    assert "4. Objectives" in body


def _count(client, address) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(address)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("role", ["broker", "partner"])
def test_list_queries_do_not_grow_with_rows(login, world, role):
    lead = OrganisationFactory(platform=world.a.platform)

    def make(n):
        for _ in range(n):
            partnership = PartnershipFactory(
                platform=world.a.platform, goals=[1, 2], lead_organisation=lead
            )
            PartnerFactory.create_batch(4, partnership=partnership)
            give_access(world.a, partnership)
            assign(world.a, partnership)

    client = login(getattr(world.a, role))
    make(3)
    few = _count(client, url("partnership_list", world.a))
    make(37)
    many = _count(client, url("partnership_list", world.a))
    assert few == many
    assert _count(client, url("partnership_list", world.a, mine="on", goal=2, q="partner")) == many


def test_the_form_lists_the_targets_of_each_goal(login, world, targets):
    body = login(world.a.broker).get(url("partnership_create", world.a)).content.decode()
    assert "The targets of each goal" in body
    assert "<dt>17.17</dt>" in body


def test_every_sort_offered_is_one_the_selector_knows():
    from partnerships.forms.partnerships import SORT_CHOICES
    from partnerships.selectors.partnerships import SORTS

    assert {value for value, _ in SORT_CHOICES if value} <= set(SORTS)


def test_the_views_leave_queries_to_the_selectors():
    """Views parse, call a selector or a service, and render: no ORM query of their own."""
    import inspect

    from partnerships.views import commitments_due, home, partnerships

    for module in (partnerships, commitments_due, home):
        source = inspect.getsource(module)
        assert ".objects." not in source, module.__name__


def test_target_codes_are_read_in_any_case_and_separator(world, targets):
    from partnerships.services.partnerships import partnership_create

    partnership = partnership_create(
        platform=world.a.platform,
        actor=None,
        title="Oceans",
        type="transform",
        level="global",
        targets="14.C; 2.1 2.1,",
    )
    assert partnership.targets == ["2.1", "14.c"]
    assert partnership.goals == [2, 14]
