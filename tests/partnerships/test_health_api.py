"""GET /api/v1/health-checks and POST /api/v1/health-checks/{id}/responses: a partner
organisation's open rounds and its response."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.models import FUNDAMENTALS, HealthResponse, HealthRound
from partnerships.services.access import partner_access_grant
from platforms.tenancy import tenant, unscoped
from tests.factories import (
    HealthRoundFactory,
    PartnerFactory,
    PartnershipFactory,
    RepresentativeFactory,
)
from tests.platforms.test_api import assert_error, bearer, make_key

pytestmark = pytest.mark.django_db
LIST = "/api/v1/health-checks"
PAST = datetime.date(2025, 1, 31)


def respond_url(health_round) -> str:
    return f"/api/v1/health-checks/{health_round.public_id}/responses"


def ratings(value=4, **overrides) -> dict:
    return {name: overrides.get(name, value) for name in FUNDAMENTALS}


def stored() -> list[HealthResponse]:
    with unscoped():
        return list(HealthResponse.objects.order_by("pk"))


@pytest.fixture
def setup(world):
    partnership = PartnershipFactory(platform=world.a.platform, title="Clean water")
    partner = PartnerFactory(partnership=partnership)
    PartnerFactory(partnership=partnership)
    RepresentativeFactory(membership=world.a.partner, organisation=partner.organisation)
    with tenant(world.a.platform.pk):
        partner_access_grant(platform=world.a.platform, partner=partner)
    health_round = HealthRoundFactory(
        partnership=partnership, title="Mid-year", closes_on=world.a.platform.today()
    )
    return partnership, partner, health_round


@pytest.fixture
def writer(world):
    return make_key(world.a.partner, scopes=("read", "write"))[1]


def post(client, raw, health_round, body):
    return client.post(
        respond_url(health_round),
        data=json.dumps(body) if not isinstance(body, str) else body,
        content_type="application/json",
        **bearer(raw),
    )


def test_the_list_shows_the_organisations_open_rounds_only(world, client, setup, writer):
    partnership, partner, health_round = setup
    HealthRoundFactory(partnership=partnership, title="Closed by date", closes_on=PAST)
    HealthRoundFactory(partnership=partnership, title="Closed early")
    with unscoped():
        HealthRound.objects.filter(title="Closed early").update(
            closed_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
        )
    HealthRoundFactory(partnership__platform=world.a.platform, title="Another partnership")
    HealthRoundFactory(partnership__platform=world.b.platform, title="Another platform")
    body = client.get(LIST, **bearer(writer)).json()
    assert body["count"] == 1
    (item,) = body["results"]
    assert item == {
        "id": str(health_round.public_id),
        "partnership": {"id": str(partnership.public_id), "title": "Clean water"},
        "title": "Mid-year",
        "closes_on": health_round.closes_on.isoformat(),
        "responded": False,
    }
    post(client, writer, health_round, {"ratings": ratings()})
    assert client.get(LIST, **bearer(writer)).json()["results"][0]["responded"] is True


def test_a_response_is_201_then_replaced_with_200(world, client, setup, writer):
    _, partner, health_round = setup
    response = post(
        client,
        writer,
        health_round,
        {"ratings": ratings(4, shared_vision=2), "comments": {"shared_vision": "Not yet."}},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["health_check"] == str(health_round.public_id)
    assert body["partner"] == {
        "id": str(partner.organisation.public_id),
        "name": partner.organisation.name,
    }
    assert body["ratings"] == ratings(4, shared_vision=2)
    assert body["comments"] == {"shared_vision": "Not yet."}
    response = post(client, writer, health_round, {"ratings": ratings(5)})
    assert response.status_code == 200
    (row,) = stored()
    assert row.shared_vision == 5 and row.comments == {}
    assert row.responded_by_id == world.a.partner.user_id


@pytest.mark.parametrize(
    "body, field",
    [
        ({"ratings": ratings(empowered_partners=6)}, "empowered_partners"),
        ({"ratings": ratings(empowered_partners=0)}, "empowered_partners"),
        ({"ratings": ratings(empowered_partners="x")}, "empowered_partners"),
        ({"ratings": {k: 3 for k in FUNDAMENTALS[:5]}}, "senior_commitment"),
        ({"ratings": {**ratings(), "trust": 3}}, "trust"),
        ({"ratings": ratings(), "comments": {"trust": "x"}}, "trust"),
        ({"ratings": ratings(), "partner": "someone else"}, "partner"),
        ({}, "ratings"),
        ({"ratings": [1, 2, 3]}, "ratings"),
    ],
    ids=["six", "zero", "text", "missing", "unknown", "unknown-comment", "partner", "none", "list"],
)
def test_bad_ratings_are_400_and_nothing_is_written(client, setup, writer, body, field):
    _, _, health_round = setup
    error = assert_error(post(client, writer, health_round, body), 400, "invalid")
    details = error["details"]
    nested = dict(details)
    for key in ("ratings", "comments"):
        if isinstance(details.get(key), dict):
            nested.update(details[key])
    assert field in nested, details
    assert stored() == []


def test_unknown_fundamentals_are_named(client, setup, writer):
    _, _, health_round = setup
    error = assert_error(
        post(client, writer, health_round, {"ratings": {**ratings(), "trust": 3}}), 400
    )
    assert "The six are: value_creation" in error["details"]["ratings"]["trust"][0]


def test_a_closed_round_is_400_and_nothing_is_written(client, setup, writer):
    partnership, _, _ = setup
    closed = HealthRoundFactory(partnership=partnership, closes_on=PAST)
    error = assert_error(post(client, writer, closed, {"ratings": ratings()}), 400, "invalid")
    assert "closed on 31 Jan 2025" in error["details"]["non_field_errors"][0]
    assert stored() == []


def test_rounds_of_other_partnerships_and_platforms_are_404(world, client, setup, writer):
    other = HealthRoundFactory(partnership__platform=world.a.platform)
    theirs = HealthRoundFactory(partnership__platform=world.b.platform)
    for health_round in (other, theirs):
        assert_error(post(client, writer, health_round, {"ratings": ratings()}), 404)
    assert stored() == []


def test_a_partner_that_left_gets_404(client, setup, writer):
    _, partner, health_round = setup
    with unscoped():
        partner.joined_on, partner.left_on = PAST, datetime.date(2025, 6, 1)
        partner.save()
    assert_error(post(client, writer, health_round, {"ratings": ratings()}), 404)
    assert client.get(LIST, **bearer(writer)).json()["count"] == 0
    assert stored() == []


def test_a_read_only_key_cannot_respond(world, client, setup):
    _, _, health_round = setup
    _, raw = make_key(world.a.partner, scopes=("read",))
    assert_error(post(client, raw, health_round, {"ratings": ratings()}), 403)
    assert stored() == []


@pytest.mark.parametrize("who", ["admin", "broker", "observer"])
def test_staff_keys_are_refused(world, client, setup, who):
    _, _, health_round = setup
    _, raw = make_key(getattr(world.a, who), scopes=("read", "write"))
    assert_error(client.get(LIST, **bearer(raw)), 403)
    assert_error(post(client, raw, health_round, {"ratings": ratings()}), 403)
    assert stored() == []


def test_a_representative_without_organisation_gets_404(world, client):
    _, raw = make_key(world.a.partner, scopes=("read", "write"))
    assert_error(client.get(LIST, **bearer(raw)), 404)


def test_the_other_platforms_representative_gets_404(world, client, setup):
    _, _, health_round = setup
    RepresentativeFactory(membership=world.b.partner)
    _, raw = make_key(world.b.partner, scopes=("read", "write"))
    assert client.get(LIST, **bearer(raw)).json()["count"] == 0
    assert_error(post(client, raw, health_round, {"ratings": ratings()}), 404)
    assert stored() == []


def test_the_list_runs_a_fixed_number_of_queries(
    world, client, setup, writer, django_assert_num_queries
):
    _, partner, _ = setup
    client.get(LIST, **bearer(writer))
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST, **bearer(writer)).json()["count"] == 1
    for _ in range(10):
        other = PartnershipFactory(platform=world.a.platform)
        joined = PartnerFactory(partnership=other, organisation=partner.organisation)
        with tenant(world.a.platform.pk):
            partner_access_grant(platform=world.a.platform, partner=joined)
        HealthRoundFactory(partnership=other)
    with django_assert_num_queries(len(few)):
        assert client.get(LIST, **bearer(writer)).json()["count"] == 11


def test_the_schema_documents_both_endpoints(client):
    schema = client.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    text = schema.content.decode()
    for needle in ("health_check_list", "health_check_respond", "HealthRatings"):
        assert needle in text
