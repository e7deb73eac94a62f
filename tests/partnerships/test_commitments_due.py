"""The platform's commitments due: every open commitment overdue or due within 30 days."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CommitmentFactory, PartnerFactory


def due_url(side, **params):
    address = reverse("commitments_due", args=[side.platform.slug])
    return address + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


@pytest.fixture
def commitments(world):
    today = world.a.platform.today()
    partner = PartnerFactory(partnership__platform=world.a.platform, organisation__name="Farmers")
    return {
        "overdue": CommitmentFactory(partner=partner, due_on=today - timedelta(days=5)),
        "today": CommitmentFactory(partner=partner, due_on=today, status="at_risk"),
        "soon": CommitmentFactory(partner=partner, due_on=today + timedelta(days=30)),
        "later": CommitmentFactory(partner=partner, due_on=today + timedelta(days=31)),
        "done": CommitmentFactory(partner=partner, due_on=today - timedelta(days=2), status="done"),
        "missed": CommitmentFactory(
            partner=partner, due_on=today - timedelta(days=2), status="missed"
        ),
        "undated": CommitmentFactory(partner=partner, due_on=None),
        "other": CommitmentFactory(
            partner__partnership__platform=world.b.platform, due_on=today - timedelta(days=1)
        ),
    }


def shown(response) -> list[int]:
    return [c.pk for c in response.context["commitments"]]


@pytest.mark.parametrize("role", ["admin", "broker", "secretariat", "observer"])
def test_every_open_commitment_due_or_overdue_by_date(login, world, commitments, role):
    response = login(getattr(world.a, role)).get(due_url(world.a))
    assert response.status_code == 200
    assert shown(response) == [commitments[k].pk for k in ("overdue", "today", "soon")]
    body = response.content.decode()
    assert "Farmers" in body
    assert "Overdue" in body


def test_overdue_only(login, world, commitments):
    response = login(world.a.broker).get(due_url(world.a, overdue="on"))
    assert shown(response) == [commitments["overdue"].pk]


def test_nothing_due_says_so(login, world):
    response = login(world.a.broker).get(due_url(world.a))
    assert "No open commitment is overdue or due" in response.content.decode()


def test_partner_representatives_may_not_see_the_platforms_commitments(login, world):
    assert login(world.a.partner).get(due_url(world.a)).status_code == 403


def test_another_platforms_page_is_not_found(login, world, commitments):
    assert login(world.a.admin).get(due_url(world.b)).status_code == 404


@pytest.mark.parametrize("params", [{"page": "x"}, {"page": "999"}, {"overdue": "maybe"}])
def test_odd_input_never_fails(login, world, commitments, params):
    assert login(world.a.broker).get(due_url(world.a, **params)).status_code == 200


def test_queries_do_not_grow(login, world):
    today = world.a.platform.today()
    client = login(world.a.broker)

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(due_url(world.a)).status_code == 200
        return len(context.captured_queries)

    CommitmentFactory.create_batch(3, partner__partnership__platform=world.a.platform, due_on=today)
    few = count()
    CommitmentFactory.create_batch(
        37, partner__partnership__platform=world.a.platform, due_on=today
    )
    assert count() == few
