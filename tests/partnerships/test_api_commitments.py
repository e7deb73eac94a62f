"""The partner API's commitments: a partnership's list, and PATCH /api/v1/commitments/{id},
with which a partner organisation reports on its own specific commitments (status and
evidence only)."""

import datetime
import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.models import Commitment, Partner
from partnerships.services.commitments import COMMON_NOT_REPORTED, DONE_NEEDS_EVIDENCE
from platforms.models import AuditEvent
from platforms.tenancy import unscoped
from tests.factories import CommitmentFactory, OrganisationFactory
from tests.partnerships.test_api_partnerships import STAFF_ROLES, detail, join, lanka
from tests.platforms.test_api import assert_error, bearer, make_key

__all__ = ["lanka"]  # the fixture, shared with the partnerships tests
STATUSES = "planned, on_track, at_risk, done, missed"


def url(commitment) -> str:
    return f"/api/v1/commitments/{commitment.public_id}"


def commitments_of(partnership) -> str:
    return detail(partnership) + "/commitments"


@pytest.fixture
def mine(lanka):
    return CommitmentFactory(
        partner=lanka.sarvodaya_partner,
        what="Train 2,000 families",
        due_on=datetime.date(2025, 9, 30),
        status="on_track",
    )


@pytest.fixture
def wfps(lanka):
    return CommitmentFactory(
        partner=lanka.wfp_partner, what="Fund the seeds", due_on=datetime.date(2025, 6, 1)
    )


@pytest.fixture
def common(world, lanka):
    return CommitmentFactory(
        partner=None,
        partnership=lanka.gardens,
        platform=world.a.platform,
        kind="common",
        what="Share data each quarter",
    )


@pytest.fixture
def writer(world, lanka):
    return make_key(world.a.partner, scopes=["read", "write"])[1]


def fresh(commitment) -> Commitment:
    with unscoped():
        return Commitment.objects.get(pk=commitment.pk)


def snapshot(commitment) -> dict:
    row = fresh(commitment)
    return {f.attname: getattr(row, f.attname) for f in Commitment._meta.concrete_fields}


def audit_count() -> int:
    with unscoped():
        return AuditEvent.objects.count()


def patch(client, raw, commitment, body):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.patch(url(commitment), data, content_type="application/json", **bearer(raw))


# --- The list -------------------------------------------------------------------------------


def test_the_list_has_common_and_specific_commitments_and_marks_mine(
    world, client, lanka, mine, wfps, common
):
    _, raw = make_key(world.a.partner)

    response = client.get(commitments_of(lanka.gardens), **bearer(raw))

    assert response.status_code == 200, response.content
    rows = response.json()["results"]
    assert [row["what"] for row in rows] == [
        "Fund the seeds",
        "Train 2,000 families",
        "Share data each quarter",  # no due date: last
    ]
    assert rows[1] == {
        "id": str(mine.public_id),
        "kind": "specific",
        "partner": {"id": str(lanka.sarvodaya.public_id), "name": "Sarvodaya"},
        "what": "Train 2,000 families",
        "due_on": "2025-09-30",
        "status": "on_track",
        "evidence": "",
        "mine": True,
    }
    assert [row["mine"] for row in rows] == [False, True, False]
    assert rows[2]["partner"] is None
    assert rows[2]["kind"] == "common"


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_see_the_commitments_none_of_them_mine(world, client, lanka, mine, common, role):
    _, raw = make_key(world.a.member(role))
    rows = client.get(commitments_of(lanka.gardens), **bearer(raw)).json()["results"]
    assert len(rows) == 2
    assert not any(row["mine"] for row in rows)


def test_the_list_is_404_for_a_partnership_the_key_cannot_see(world, client, lanka, mine):
    CommitmentFactory(partner=lanka.dairy_partner)
    _, raw = make_key(world.a.partner)
    for partnership in (lanka.dairy, lanka.theirs):
        assert_error(client.get(commitments_of(partnership), **bearer(raw)), 404, "not_found")
    _, theirs = make_key(world.b.admin)
    assert_error(client.get(commitments_of(lanka.gardens), **bearer(theirs)), 404, "not_found")
    missing = f"/api/v1/partnerships/{uuid.uuid4()}/commitments"
    assert_error(client.get(missing, **bearer(raw)), 404, "not_found")


def test_the_list_runs_a_fixed_number_of_queries(world, client, lanka, django_assert_num_queries):
    _, raw = make_key(world.a.partner)
    CommitmentFactory(partner=lanka.sarvodaya_partner)
    client.get(commitments_of(lanka.gardens), **bearer(raw))
    with CaptureQueriesContext(connection) as few:
        client.get(commitments_of(lanka.gardens), **bearer(raw))
    for _ in range(20):
        partner = join(lanka.gardens, OrganisationFactory(platform=world.a.platform))
        CommitmentFactory(partner=partner)
    with django_assert_num_queries(len(few)):
        body = client.get(commitments_of(lanka.gardens) + "?page_size=50", **bearer(raw)).json()
    assert body["count"] == 21


# --- Reporting on one's own commitment -------------------------------------------------------


def test_a_representative_reports_on_its_own_commitment(world, client, lanka, mine, writer):
    response = patch(client, writer, mine, {"status": "done", "evidence": "  Records: 2,040.  "})

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["evidence"], body["mine"]) == ("done", "Records: 2,040.", True)
    row = fresh(mine)
    assert (row.status, row.evidence) == ("done", "Records: 2,040.")
    assert row.status_changed_by_id == world.a.partner.user_id
    assert row.what == "Train 2,000 families"


def test_evidence_alone_or_status_alone(client, mine, writer):
    assert patch(client, writer, mine, {"evidence": "Halfway"}).json()["status"] == "on_track"
    assert patch(client, writer, mine, {"status": "at_risk"}).json()["evidence"] == "Halfway"
    assert (fresh(mine).status, fresh(mine).evidence) == ("at_risk", "Halfway")


def test_another_organisations_commitment_is_403_with_a_clear_message(client, lanka, wfps, writer):
    before, audits = snapshot(wfps), audit_count()

    error = assert_error(patch(client, writer, wfps, {"status": "missed"}), 403)

    assert error["message"] == (
        "This commitment is WFP's: only that organisation's representatives can report on it."
    )
    assert snapshot(wfps) == before
    assert audit_count() == audits


def test_a_common_commitment_is_403(client, common, writer):
    before = snapshot(common)
    error = assert_error(patch(client, writer, common, {"status": "done", "evidence": "x"}), 403)
    assert error["message"] == COMMON_NOT_REPORTED
    assert snapshot(common) == before


def test_a_commitment_the_key_cannot_see_is_404(world, client, lanka, writer):
    dairy = CommitmentFactory(partner=lanka.dairy_partner)
    with unscoped():
        theirs = CommitmentFactory(partner=Partner.objects.get(partnership=lanka.theirs))
    missing = type("Missing", (), {"public_id": uuid.uuid4()})()
    for commitment in (dairy, theirs, missing):
        assert_error(patch(client, writer, commitment, {"status": "missed"}), 404, "not_found")
    assert fresh(dairy).status == fresh(theirs).status == "planned"


def test_a_key_of_the_other_platform_gets_404(world, client, mine):
    _, raw = make_key(world.b.partner, scopes=["read", "write"])
    assert_error(patch(client, raw, mine, {"status": "missed"}), 404, "not_found")
    assert fresh(mine).status == "on_track"


def test_other_fields_are_400_naming_them_and_nothing_is_written(client, mine, writer):
    before, audits = snapshot(mine), audit_count()

    error = assert_error(
        patch(
            client,
            writer,
            mine,
            {"status": "done", "evidence": "ok", "due_on": "2030-01-01", "what": "x", "colour": 1},
        ),
        400,
        "invalid",
    )

    assert set(error["details"]) == {"due_on", "what", "colour"}
    assert "Read-only" in error["details"]["due_on"][0]
    assert error["details"]["colour"] == ["Unknown field."]
    assert snapshot(mine) == before
    assert audit_count() == audits


@pytest.mark.parametrize("status", ["finished", "", "DONE", 3, None])
def test_a_bad_status_is_400_listing_the_allowed_ones(client, mine, writer, status):
    before = snapshot(mine)
    error = assert_error(patch(client, writer, mine, {"status": status}), 400, "invalid")
    assert list(error["details"]) == ["status"]
    if status not in ("", None):
        assert STATUSES in error["details"]["status"][0]
    assert snapshot(mine) == before


def test_done_needs_evidence(client, mine, writer):
    error = assert_error(patch(client, writer, mine, {"status": "done"}), 400, "invalid")
    assert error["details"] == {"evidence": [DONE_NEEDS_EVIDENCE]}
    assert fresh(mine).status == "on_track"


@pytest.mark.parametrize(
    "body", ["{not json", "[]", '"done"', "{}", json.dumps({"evidence": ["a"]}), "null"]
)
def test_malformed_bodies_are_400_never_500(client, mine, writer, body):
    before = snapshot(mine)
    assert_error(patch(client, writer, mine, body), 400)
    assert snapshot(mine) == before


def test_a_read_only_key_is_403(world, client, mine):
    _, raw = make_key(world.a.partner, scopes=["read"])
    error = assert_error(patch(client, raw, mine, {"status": "missed"}), 403, "permission_denied")
    assert "write scope" in error["message"]
    assert fresh(mine).status == "on_track"


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_keys_do_not_report_for_partners(world, client, mine, role):
    _, raw = make_key(world.a.member(role), scopes=["read", "write"])
    error = assert_error(patch(client, raw, mine, {"status": "missed"}), 403, "permission_denied")
    assert "role" in error["message"]
    assert fresh(mine).status == "on_track"


def test_get_on_a_commitment_is_not_allowed(client, mine, writer):
    assert_error(client.get(url(mine), **bearer(writer)), 405, "method_not_allowed")
