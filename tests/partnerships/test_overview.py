"""A partnership's overview page: where it stands (stage and gate, health, commitments
due, partners, brokers, recent activity), for whom, and in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partnerships.models import FUNDAMENTALS, HealthResponse
from partnerships.services.access import broker_assign
from platforms.tenancy import unscoped
from tests.factories import (
    CommitmentFactory,
    HealthRoundFactory,
    PartnerFactory,
    PartnershipFactory,
)
from tests.partnerships.test_partnerships import give_access


def overview(side, partnership):
    return reverse("partnership_detail", args=[side.platform.slug, partnership.public_id])


def respond(round_, partner, **ratings):
    values = {name: 4 for name in FUNDAMENTALS} | ratings
    with unscoped():
        return HealthResponse.objects.create(
            platform_id=round_.platform_id, round=round_, partner=partner, **values
        )


@pytest.fixture
def partnership(world):
    return PartnershipFactory(platform=world.a.platform, title="Seeds", goals=[2], stage=1)


def test_the_overview_shows_where_it_stands(login, world, partnership):
    today = world.a.platform.today()
    farmers = PartnerFactory(partnership=partnership, organisation__name="Farmers", role="lead")
    seeds = PartnerFactory(partnership=partnership, organisation__name="Seed Co", role="")
    PartnerFactory(
        partnership=partnership,
        organisation__name="Gone Ltd",
        joined_on=today - timedelta(days=100),
        left_on=today - timedelta(days=10),
    )
    overdue = CommitmentFactory(partner=farmers, due_on=today - timedelta(days=3), what="Late")
    soon = CommitmentFactory(partner=seeds, due_on=today + timedelta(days=10), what="Soon")
    CommitmentFactory(partner=seeds, due_on=today + timedelta(days=40), what="Later")
    CommitmentFactory(partner=seeds, due_on=today - timedelta(days=1), status="done", what="Done")
    round_ = HealthRoundFactory(partnership=partnership)
    respond(round_, farmers, value_creation=1)
    respond(round_, seeds, value_creation=4)
    broker_assign(platform=world.a.platform, partnership=partnership, membership=world.a.broker)

    response = login(world.a.observer).get(overview(world.a, partnership))
    assert response.status_code == 200
    context = response.context
    assert [c.pk for c in context["commitments"].rows] == [overdue.pk, soon.pk]
    assert [p.organisation.name for p in context["partners"]] == ["Farmers", "Seed Co"]
    assert [m.pk for m in context["brokers"]] == [world.a.broker.pk]
    health = context["health"]
    assert health.responses == 2
    value = next(f for f in health.fundamentals if f.name == "value_creation")
    assert (value.average, value.spread, value.alert) == (2.5, 3, True)
    vision = next(f for f in health.fundamentals if f.name == "shared_vision")
    assert (vision.average, vision.spread, vision.alert) == (4.0, 0, False)
    # Stage 1 → 2 needs a partner; there are two.
    assert context["gate"]["missing"] == []
    body = response.content.decode()
    assert "Overdue" in body
    assert "Zero hunger" in body
    assert "Gone Ltd" not in body
    assert "Broker" in body
    assert not context["can_change"]
    assert (
        reverse("partnership_edit", args=[world.a.platform.slug, partnership.public_id]) not in body
    )


def test_the_gate_names_what_is_missing_with_a_link(login, world, partnership):
    response = login(world.a.admin).get(overview(world.a, partnership))
    missing = response.context["gate"]["missing"]
    assert [m["message"] for m in missing] == ["No partner yet: add the organisations involved."]
    assert missing[0]["url"] == reverse(
        "partner_add", args=[world.a.platform.slug, partnership.public_id]
    )
    assert response.context["can_change"]


def test_no_health_check_yet(login, world, partnership):
    response = login(world.a.broker).get(overview(world.a, partnership))
    assert response.context["health"] is None
    assert "No health check yet" in response.content.decode()


def test_the_latest_round_counts(login, world, partnership):
    partner = PartnerFactory(partnership=partnership)
    old = HealthRoundFactory(partnership=partnership, closed_at=timezone.now())
    respond(old, partner, value_creation=1)
    new = HealthRoundFactory(partnership=partnership)
    respond(new, partner, value_creation=5)
    response = login(world.a.broker).get(overview(world.a, partnership))
    assert response.context["health"].round.pk == new.pk
    value = response.context["health"].fundamentals[0]
    assert value.average == 5.0


def test_recent_activity_lists_the_partnership_and_its_rows(login, world):
    from partnerships.services.partnerships import partnership_create, partnership_update

    partnership = partnership_create(
        platform=world.a.platform,
        actor=world.a.broker.user,
        title="Audited",
        type="leverage",
        level="local",
    )
    partnership_update(
        platform=world.a.platform,
        partnership=partnership,
        actor=world.a.admin.user,
        title="Audited again",
    )
    PartnerFactory(partnership=partnership)
    other = PartnershipFactory(platform=world.a.platform)
    PartnerFactory(partnership=other)
    response = login(world.a.admin).get(overview(world.a, partnership))
    items = response.context["activity"]
    whats = [item.what for item in items]
    assert "the partnership" in whats
    assert "partner" in whats
    assert "an access or broker assignment" in whats  # the broker's assignment
    update = next(item for item in items if item.event.action == "update")
    assert update.fields == ["Title"]
    assert len(items) == 4  # nothing of the other partnership


@pytest.mark.parametrize("role", ["admin", "broker", "secretariat", "observer"])
def test_staff_and_observers_may_see_it(login, world, partnership, role):
    assert login(getattr(world.a, role)).get(overview(world.a, partnership)).status_code == 200


def test_a_partner_sees_its_own_partnerships_only(login, world, partnership):
    client = login(world.a.partner)
    assert client.get(overview(world.a, partnership)).status_code == 404
    give_access(world.a, partnership)
    response = client.get(overview(world.a, partnership))
    assert response.status_code == 200
    assert not response.context["can_change"]


def _count(client, address) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(address)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_overview_queries_do_not_grow(login, world, partnership):
    today = world.a.platform.today()
    round_ = HealthRoundFactory(partnership=partnership)
    client = login(world.a.broker)
    broker_assign(platform=world.a.platform, partnership=partnership, membership=world.a.broker)

    def make(n):
        for i in range(n):
            partner = PartnerFactory(partnership=partnership, role="" if i % 2 else "core")
            CommitmentFactory(partner=partner, due_on=today - timedelta(days=i))
            respond(round_, partner)

    make(2)
    few = _count(client, overview(world.a, partnership))
    make(23)
    many = _count(client, overview(world.a, partnership))
    assert few == many
