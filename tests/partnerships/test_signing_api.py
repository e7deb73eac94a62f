"""POST /api/v1/agreements/{id}/versions/{n}/signatures: a partner representative signs
for its own signatory; every refusal is clear, writes nothing and is never a 500."""

import json

import pytest

from partnerships.models import VersionStatus
from partnerships.services.access import partner_access_grant
from partnerships.services.signing import version_issue
from platforms.tenancy import platform_transaction
from tests.factories import MembershipFactory, RepresentativeFactory
from tests.partnerships.signing_helpers import add, deal, fresh, issued, version
from tests.platforms.test_api import assert_error, bearer, make_key

pytestmark = pytest.mark.django_db


def url(d, number=1) -> str:
    return f"/api/v1/agreements/{d.agreement.public_id}/versions/{number}/signatures"


def post(client, raw, d, body, number=1):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(url(d, number), data, content_type="application/json", **bearer(raw))


def writer(membership) -> str:
    return make_key(membership, scopes=["read", "write"])[1]


def body(s, name=None, confirm=True) -> dict:
    return {"signatory": str(s.public_id), "full_name": name or s.name, "confirm": confirm}


def test_a_representative_signs_through_the_api_and_the_last_executes(world, client):
    d = deal(world)
    mine, theirs = issued(world, d)
    response = post(client, writer(world.a.partner), d, body(mine), number=1)
    assert response.status_code == 201, response.content
    assert response.json()["version"] == {"number": 1, "status": "issued"}
    row = fresh(mine)
    assert row.via == "api" and row.signed_by == world.a.partner.user and row.signed_at
    response = post(client, writer(d.other_rep), d, body(theirs, "ben  silva"))
    assert response.status_code == 201
    assert response.json()["version"]["status"] == "executed"
    assert version(d).status == VersionStatus.EXECUTED


def test_another_organisations_signatory_is_403(world, client):
    d = deal(world)
    _, theirs = issued(world, d)
    error = assert_error(post(client, writer(world.a.partner), d, body(theirs)), 403)
    assert "Water Trust" in error["message"]
    assert fresh(theirs).signed_at is None


def test_a_colleague_not_linked_to_the_signatory_is_403(world, client):
    d = deal(world)
    mine, _ = issued(world, d)
    colleague = MembershipFactory(platform=world.a.platform, role="partner_representative")
    RepresentativeFactory(membership=colleague, organisation=d.ours.organisation)
    with platform_transaction(world.a.platform.pk):
        partner_access_grant(platform=world.a.platform, partner=d.ours)
    error = assert_error(post(client, writer(colleague), d, body(mine)), 403)
    assert "Only Asha Perera's own account" in error["message"]
    assert fresh(mine).signed_at is None


def test_an_invisible_agreement_is_404(world, client):
    d = deal(world)
    mine, _ = issued(world, d)
    outsider = MembershipFactory(platform=world.a.platform, role="partner_representative")
    assert_error(post(client, writer(outsider), d, body(mine)), 404)
    assert_error(post(client, writer(world.b.partner), d, body(mine)), 404)
    assert_error(post(client, writer(world.a.partner), d, body(mine), number=7), 404)
    assert fresh(mine).signed_at is None


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        ({"full_name": "Not Her"}, "full_name", "full name"),
        ({"confirm": False}, "confirm", "Confirm that you sign"),
        ({"signatory": "00000000-0000-0000-0000-000000000000"}, "signatory", "No such"),
        ({"extra": 1}, "extra", "Unknown field"),
    ],
)
def test_bad_bodies_are_400_naming_the_field(world, client, change, field, text):
    d = deal(world)
    mine, _ = issued(world, d)
    error = assert_error(post(client, writer(world.a.partner), d, body(mine) | change), 400)
    assert text in " ".join(error["details"][field])
    assert fresh(mine).signed_at is None


@pytest.mark.parametrize("raw", ["[]", "{", '"x"', '{"confirm": "maybe"}'])
def test_malformed_bodies_are_400_never_500(world, client, raw):
    d = deal(world)
    mine, _ = issued(world, d)
    response = post(client, writer(world.a.partner), d, raw)
    assert response.status_code == 400
    assert fresh(mine).signed_at is None


def test_signing_twice_and_signing_a_draft_are_400(world, client):
    d = deal(world)
    mine = add(world, d, d.ours, "Asha Perera", member=world.a.partner)
    raw = writer(world.a.partner)
    error = assert_error(post(client, raw, d, body(mine)), 400)
    assert "issued for signature" in json.dumps(error)
    assert fresh(mine).signed_at is None
    add(world, d, d.theirs, "Ben Silva", member=d.other_rep)
    version_issue(platform=world.a.platform, actor=None, version=version(d))
    assert post(client, raw, d, body(mine)).status_code == 201
    first = fresh(mine).signed_at
    error = assert_error(post(client, raw, d, body(mine)), 400)
    assert "already signed" in json.dumps(error)
    assert fresh(mine).signed_at == first


def test_a_read_only_key_is_403(world, client):
    d = deal(world)
    mine, _ = issued(world, d)
    raw = make_key(world.a.partner)[1]
    assert_error(post(client, raw, d, body(mine)), 403)
    assert fresh(mine).signed_at is None


def test_the_schema_documents_the_endpoint_with_examples(db, client):
    schema = client.get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/agreements/{public_id}/versions/{number}/signatures"][
        "post"
    ]
    assert operation["operationId"] == "agreement_signature_create"
    assert {"201", "400", "403", "404"} <= set(operation["responses"])
    assert operation["requestBody"]["content"]["application/json"]["examples"]
    assert operation["responses"]["201"]["content"]["application/json"]["examples"]
