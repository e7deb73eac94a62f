"""The partner API's partnerships: GET /api/v1/partnerships and /api/v1/partnerships/{id}.

A partner representative's key sees only the partnerships its organisation belongs to (and
loses them when the organisation leaves); staff and observer keys see all the platform's;
nobody sees another platform's."""

import datetime
import uuid
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.models import Partner, Partnership
from partnerships.services.access import partner_access_grant
from partnerships.services.partners import partner_leave
from platforms.models import Role
from platforms.tenancy import platform_transaction, unscoped
from stakeholders.models import Organisation
from tests.factories import (
    ActivityFactory,
    CommitmentFactory,
    ObjectiveFactory,
    OrganisationFactory,
    PartnerFactory,
    PartnershipFactory,
    RepresentativeFactory,
)
from tests.platforms.test_api import assert_error, bearer, make_key

LIST = "/api/v1/partnerships"
STAFF_ROLES = [Role.PLATFORM_ADMIN, Role.BROKER, Role.SECRETARIAT, Role.OBSERVER]


def detail(partnership) -> str:
    return f"{LIST}/{partnership.public_id}"


def join(partnership: Partnership, organisation: Organisation, role: str = "core") -> Partner:
    """An active partner whose organisation's representatives get the partnership, as the
    partners service does when an organisation is added."""
    partner = PartnerFactory(partnership=partnership, organisation=organisation, role=role)
    with platform_transaction(partnership.platform_id):
        partner_access_grant(platform=partnership.platform, partner=partner)
    return partner


@dataclass
class Lanka:
    sarvodaya: Organisation
    wfp: Organisation
    gardens: Partnership  # Sarvodaya and WFP are partners
    dairy: Partnership  # WFP only
    sarvodaya_partner: Partner
    wfp_partner: Partner
    dairy_partner: Partner  # WFP's, in the dairy partnership
    theirs: Partnership  # platform B's


@pytest.fixture
def lanka(world) -> Lanka:
    """World A's partner represents Sarvodaya, a partner of one of A's two partnerships."""
    a = world.a.platform
    sarvodaya = OrganisationFactory(platform=a, name="Sarvodaya", screening_status="cleared")
    wfp = OrganisationFactory(platform=a, name="WFP", screening_status="cleared")
    RepresentativeFactory(membership=world.a.partner, organisation=sarvodaya)
    gardens = PartnershipFactory(
        platform=a,
        title="Home gardens and school meals",
        type="combine",
        level="national",
        stage=5,
        goals=[2, 3, 17],
        targets=["2.1", "17.17"],
        themes=["Food security"],
        lead_organisation=wfp,
        description="Schools buy from the gardens.",
        issue="Food security",
        vision="Every child eats well.",
        purpose="Link gardens and kitchens.",
        starts_on=datetime.date(2025, 1, 15),
    )
    dairy = PartnershipFactory(platform=a, title="Dairy for schools", type="leverage", stage=1)
    sarvodaya_partner = join(gardens, sarvodaya, "implementing")
    wfp_partner = join(gardens, wfp, "lead")
    dairy_partner = join(dairy, wfp, "lead")
    theirs = PartnershipFactory(platform=world.b.platform, title="Beta partnership")
    join(theirs, OrganisationFactory(platform=world.b.platform, screening_status="cleared"))
    return Lanka(
        sarvodaya, wfp, gardens, dairy, sarvodaya_partner, wfp_partner, dairy_partner, theirs
    )


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


# --- The list -------------------------------------------------------------------------------


def test_a_representative_sees_only_its_organisations_partnerships(world, client, lanka):
    _, raw = make_key(world.a.partner)

    response = client.get(LIST, **bearer(raw))

    assert titles(response) == ["Home gardens and school meals"]
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row == {
        "id": str(lanka.gardens.public_id),
        "title": "Home gardens and school meals",
        "type": "combine",
        "level": "national",
        "stage": {"number": 5, "label": "5. Agree resources, roles and responsibilities"},
        "goals": [2, 3, 17],
        "lead_organisation": {"id": str(lanka.wfp.public_id), "name": "WFP"},
        "partners": [
            {
                "organisation": {"id": str(lanka.sarvodaya.public_id), "name": "Sarvodaya"},
                "role": "implementing",
            },
            {"organisation": {"id": str(lanka.wfp.public_id), "name": "WFP"}, "role": "lead"},
        ],
        "updated_at": row["updated_at"],
    }


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_and_observer_keys_see_all_the_platforms_partnerships(world, client, lanka, role):
    _, raw = make_key(world.a.member(role))

    assert titles(client.get(LIST, **bearer(raw))) == [
        "Dairy for schools",
        "Home gardens and school meals",
    ]


def test_each_platform_sees_only_its_own(world, client, lanka):
    _, raw = make_key(world.b.admin)

    assert titles(client.get(LIST, **bearer(raw))) == ["Beta partnership"]


def test_a_representative_of_no_partner_organisation_sees_none(world, client, lanka):
    outside = RepresentativeFactory(
        membership__platform=world.a.platform,
        organisation=OrganisationFactory(platform=world.a.platform, name="Outside NGO"),
    )
    _, raw = make_key(outside.membership)
    assert titles(client.get(LIST, **bearer(raw))) == []
    assert_error(client.get(detail(lanka.gardens), **bearer(raw)), 404, "not_found")


def test_a_representative_loses_the_partnership_when_its_organisation_leaves(world, client, lanka):
    _, raw = make_key(world.a.partner)
    assert titles(client.get(LIST, **bearer(raw))) == ["Home gardens and school meals"]

    partner_leave(
        platform=world.a.platform,
        partner=lanka.sarvodaya_partner,
        actor=world.a.broker.user,
        left_on=world.a.platform.today(),
    )

    assert titles(client.get(LIST, **bearer(raw))) == []
    assert_error(client.get(detail(lanka.gardens), **bearer(raw)), 404, "not_found")
    # The others still see it, without the partner that left.
    _, staff = make_key(world.a.broker)
    partners = client.get(detail(lanka.gardens), **bearer(staff)).json()["partners"]
    assert [p["organisation"]["name"] for p in partners] == ["WFP"]


def test_the_list_is_paginated(world, client, lanka):
    _, raw = make_key(world.a.admin)
    body = client.get(f"{LIST}?page_size=1", **bearer(raw)).json()
    assert (body["count"], len(body["results"])) == (2, 1)
    assert body["next"]


def test_no_key_is_401(db, client):
    assert_error(client.get(LIST), 401)


def test_writing_to_the_list_is_not_allowed(world, client, lanka):
    _, raw = make_key(world.a.admin, scopes=["read", "write"])
    assert_error(client.post(LIST, {}, **bearer(raw)), 405, "method_not_allowed")


def test_the_list_runs_a_fixed_number_of_queries(world, client, django_assert_num_queries):
    # 3 partnerships then 40, each with 5 partners; for a representative (the guardian
    # subquery) and for a broker.
    a = world.a.platform
    own = OrganisationFactory(platform=a, screening_status="cleared")
    RepresentativeFactory(membership=world.a.partner, organisation=own)
    others = [OrganisationFactory(platform=a, screening_status="cleared") for _ in range(4)]

    def make(n: int) -> None:
        for _ in range(n):
            partnership = PartnershipFactory(platform=a, lead_organisation=others[0])
            join(partnership, own)
            for organisation in others:
                join(partnership, organisation)

    make(3)
    keys = [make_key(world.a.partner)[1], make_key(world.a.broker)[1]]
    budgets = []
    for raw in keys:
        client.get(LIST, **bearer(raw))  # the key's first use also records last_used_at
        with CaptureQueriesContext(connection) as few:
            assert client.get(LIST, **bearer(raw)).json()["count"] == 3
        budgets.append(len(few))
    make(37)
    for raw, budget in zip(keys, budgets, strict=True):
        with django_assert_num_queries(budget):
            body = client.get(f"{LIST}?page_size=50", **bearer(raw)).json()
        assert body["count"] == 40
        assert all(len(row["partners"]) == 5 for row in body["results"])


# --- One partnership ---------------------------------------------------------------------


def test_detail_has_the_agreed_texts_objectives_activities_and_commitment_counts(
    world, client, lanka
):
    objective = ObjectiveFactory(
        partnership=lanka.gardens, title="Kitchens buy locally", expected_results="60%"
    )
    ActivityFactory(
        objective=objective,
        title="Train families",
        responsible=lanka.sarvodaya_partner,
        starts_on=datetime.date(2025, 3, 1),
        status="in_progress",
    )
    ActivityFactory(objective=objective, title="Unassigned", starts_on=datetime.date(2025, 4, 1))
    CommitmentFactory(partner=lanka.sarvodaya_partner)
    CommitmentFactory(partner=lanka.sarvodaya_partner)
    CommitmentFactory(partner=lanka.wfp_partner)
    CommitmentFactory(
        partner=None, partnership=lanka.gardens, platform=world.a.platform, kind="common"
    )
    _, raw = make_key(world.a.partner)

    response = client.get(detail(lanka.gardens), **bearer(raw))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == str(lanka.gardens.public_id)
    assert (body["description"], body["issue"], body["themes"], body["targets"]) == (
        "Schools buy from the gardens.",
        "Food security",
        ["Food security"],
        ["2.1", "17.17"],
    )
    assert (body["vision"], body["purpose"]) == (
        "Every child eats well.",
        "Link gardens and kitchens.",
    )
    assert (body["starts_on"], body["ends_on"]) == ("2025-01-15", None)
    assert (body["commitments_total"], body["commitments_yours"]) == (4, 2)
    [objective_out] = body["objectives"]
    assert (objective_out["title"], objective_out["expected_results"]) == (
        "Kitchens buy locally",
        "60%",
    )
    activities = objective_out["activities"]
    assert [a["title"] for a in activities] == ["Train families", "Unassigned"]
    assert activities[0]["responsible"] == {
        "id": str(lanka.sarvodaya.public_id),
        "name": "Sarvodaya",
    }
    assert activities[0]["status"] == "in_progress"
    assert activities[1]["responsible"] is None


def test_a_staff_key_has_no_commitments_of_its_own(world, client, lanka):
    CommitmentFactory(partner=lanka.sarvodaya_partner)
    _, raw = make_key(world.a.observer)
    body = client.get(detail(lanka.gardens), **bearer(raw)).json()
    assert (body["commitments_total"], body["commitments_yours"]) == (1, 0)


def test_detail_is_404_alike_for_missing_other_platform_and_not_yours(world, client, lanka):
    _, raw = make_key(world.a.partner)
    bodies = []
    for url in (
        detail(lanka.dairy),  # its organisation is not in it
        detail(lanka.theirs),  # platform B's
        f"{LIST}/{uuid.uuid4()}",
        f"{LIST}/not-a-uuid",
    ):
        bodies.append(assert_error(client.get(url, **bearer(raw)), 404, "not_found"))
    assert all(body == bodies[0] for body in bodies)
    _, staff = make_key(world.a.admin)
    assert_error(client.get(detail(lanka.theirs), **bearer(staff)), 404, "not_found")
    _, theirs = make_key(world.b.admin)
    assert_error(client.get(detail(lanka.gardens), **bearer(theirs)), 404, "not_found")


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_and_observers_read_any_partnership_of_theirs(world, client, lanka, role):
    _, raw = make_key(world.a.member(role))
    assert client.get(detail(lanka.dairy), **bearer(raw)).status_code == 200


def test_detail_runs_a_fixed_number_of_queries(world, client, lanka, django_assert_num_queries):
    _, raw = make_key(world.a.partner)
    objective = ObjectiveFactory(partnership=lanka.gardens)
    ActivityFactory(objective=objective, responsible=lanka.sarvodaya_partner)
    client.get(detail(lanka.gardens), **bearer(raw))
    with CaptureQueriesContext(connection) as few:
        client.get(detail(lanka.gardens), **bearer(raw))
    for _ in range(4):
        more = ObjectiveFactory(partnership=lanka.gardens)
        for _ in range(3):
            ActivityFactory(objective=more, responsible=lanka.wfp_partner)
        join(lanka.gardens, OrganisationFactory(platform=world.a.platform))
        CommitmentFactory(partner=lanka.sarvodaya_partner)
    with django_assert_num_queries(len(few)):
        body = client.get(detail(lanka.gardens), **bearer(raw)).json()
    assert len(body["objectives"]) == 5
    assert len(body["partners"]) == 6


def test_the_schema_documents_the_endpoints_with_examples(db, client):
    schema = client.get("/api/v1/schema/?format=json").json()
    paths = schema["paths"]
    for path, method in (
        ("/api/v1/partnerships", "get"),
        ("/api/v1/partnerships/{public_id}", "get"),
        ("/api/v1/partnerships/{public_id}/commitments", "get"),
        ("/api/v1/commitments/{public_id}", "patch"),
    ):
        operation = paths[path][method]
        assert operation["tags"] == ["Partnerships"]
        assert operation["responses"]["200"]["content"]["application/json"]["examples"], path
        assert {"401", "403"} <= set(operation["responses"]), path
    patch = paths["/api/v1/commitments/{public_id}"]["patch"]
    assert patch["requestBody"]["content"]["application/json"]["examples"]
    assert {"400", "404"} <= set(patch["responses"])
    with unscoped():
        assert not Partnership.objects.exists()  # nothing was needed to describe them
