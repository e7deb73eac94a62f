"""The partnerships cards on the platform home page: partnerships by stage, type and
goal; overdue commitments; health alerts; and a partner representative's partnerships."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    CommitmentFactory,
    HealthRoundFactory,
    PartnerFactory,
    PartnershipFactory,
)
from tests.partnerships.test_overview import respond
from tests.partnerships.test_partnerships import give_access


def home(client, side):
    return client.get(reverse("home", args=[side.platform.slug]))


def card(response, name):
    return next(
        (data for template, data in response.context["cards"] if template.endswith(name)), None
    )


@pytest.fixture
def data(world):
    a = world.a.platform
    today = a.today()
    water = PartnershipFactory(platform=a, title="Water", stage=2, type="leverage", goals=[6])
    seeds = PartnershipFactory(platform=a, title="Seeds", stage=2, type="combine", goals=[2, 6])
    schools = PartnershipFactory(platform=a, title="Schools", stage=8, goals=[4])
    PartnershipFactory(platform=world.b.platform, stage=3, goals=[1])  # never counted on A
    partner = PartnerFactory(partnership=seeds)
    other = PartnerFactory(partnership=seeds)
    late = CommitmentFactory(partner=partner, due_on=today - timedelta(days=2))
    CommitmentFactory(partner=partner, due_on=today)  # due today is not overdue
    CommitmentFactory(partner=partner, due_on=today - timedelta(days=9), status="done")
    # Seeds: the latest round splits partners on value creation (1 against 5).
    old = HealthRoundFactory(partnership=seeds, closed_at=timezone.now())
    respond(old, partner)
    new = HealthRoundFactory(partnership=seeds)
    respond(new, partner, value_creation=1)
    respond(new, other, value_creation=5)
    # Water: a low average once, but its latest round is fine.
    water_partner = PartnerFactory(partnership=water)
    bad = HealthRoundFactory(partnership=water, closed_at=timezone.now())
    respond(bad, water_partner, senior_commitment=1)
    good = HealthRoundFactory(partnership=water)
    respond(good, water_partner)
    # Schools: a low average (2.5) in its only round.
    schools_partner = PartnerFactory(partnership=schools)
    round_ = HealthRoundFactory(partnership=schools, closed_at=timezone.now())
    respond(round_, schools_partner, empowered_partners=2)
    respond(round_, PartnerFactory(partnership=schools), empowered_partners=3)
    return {"water": water, "seeds": seeds, "schools": schools, "late": late}


def test_partnerships_by_stage_type_and_goal(login, world, data):
    summary = card(home(login(world.a.observer), world.a), "home/partnerships.html")
    assert summary["total"] == 3
    stages = {value: count for value, _, count in summary["stages"]}
    assert (stages[1], stages[2], stages[3], stages[8]) == (0, 2, 0, 1)
    assert {value: count for value, _, count in summary["types"]} == {
        "leverage": 1,
        "combine": 2,
        "transform": 0,
    }
    assert summary["top_goals"] == [
        (6, "Clean water and sanitation", 2),
        (2, "Zero hunger", 1),
        (4, "Quality education", 1),
    ]


def test_overdue_commitments(login, world, data):
    overdue = card(home(login(world.a.broker), world.a), "home/overdue_commitments.html")
    assert [c.pk for c in overdue["rows"]] == [data["late"].pk]
    assert overdue["total"] == 1


def test_health_alerts_read_each_partnerships_latest_round(login, world, data):
    response = home(login(world.a.admin), world.a)
    alerts = card(response, "home/health_alerts.html")
    assert [row["partnership_title"] for row in alerts["rows"]] == ["Schools", "Seeds"]
    seeds = alerts["rows"][1]
    assert [(f.name, f.average, f.spread) for f in seeds["alerts"]] == [("value_creation", 3.0, 4)]
    schools = alerts["rows"][0]
    assert [(f.name, f.average) for f in schools["alerts"]] == [("empowered_partners", 2.5)]
    assert "Schools" in response.content.decode()


def test_partner_representatives_get_their_own_partnerships(login, world, data):
    give_access(world.a, data["seeds"])
    response = home(login(world.a.partner), world.a)
    assert card(response, "home/partnerships.html") is None
    assert card(response, "home/health_alerts.html") is None
    own = card(response, "home/your_partnerships.html")
    assert [p.title for p in own["rows"]] == ["Seeds"]
    assert "Seeds" in response.content.decode()


def test_staff_do_not_get_the_representatives_card(login, world, data):
    assert card(home(login(world.a.broker), world.a), "home/your_partnerships.html") is None


def test_empty_platform(login, world):
    response = home(login(world.a.broker), world.a)
    assert response.status_code == 200
    body = response.content.decode()
    assert "No partnerships yet" in body
    assert "No health alerts" in body


@pytest.mark.parametrize("role", ["broker", "partner"])
def test_home_queries_do_not_grow_with_partnerships(login, world, role):
    today = world.a.platform.today()
    client = login(getattr(world.a, role))

    def make(n):
        for i in range(n):
            partnership = PartnershipFactory(platform=world.a.platform, goals=[i % 17 + 1])
            partner = PartnerFactory(partnership=partnership)
            CommitmentFactory(partner=partner, due_on=today - timedelta(days=1))
            respond(HealthRoundFactory(partnership=partnership), partner, value_creation=1)
            give_access(world.a, partnership)

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert home(client, world.a).status_code == 200
        return len(context.captured_queries)

    make(5)
    few = count()
    make(45)
    assert count() == few
