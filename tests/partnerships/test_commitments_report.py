"""commitment_report, which the API calls when a partner organisation reports on its own
commitment, and the commitment services' refusals when called directly."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from partnerships.models import Commitment
from partnerships.services import commitments as services
from platforms.models import Role
from platforms.tenancy import tenant, unscoped
from tests.factories import (
    CommitmentFactory,
    MembershipFactory,
    PartnerFactory,
    RepresentativeFactory,
)
from tests.partnerships.workplan_helpers import everything, make_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    s = make_setup(world)
    s.mine = CommitmentFactory(partner=s.wfp, what="Share price data")
    s.theirs = CommitmentFactory(partner=s.ngo, what="Train farmers")
    s.common = CommitmentFactory(
        partner=None,
        partnership=s.partnership,
        platform=world.a.platform,
        kind="common",
        what="Do no harm",
    )
    RepresentativeFactory(membership=world.a.partner, organisation=s.wfp.organisation)
    return s


def report(world, commitment, actor=None, **fields):
    with tenant(world.a.platform.pk):
        return services.commitment_report(
            platform=world.a.platform,
            commitment=commitment,
            actor=actor or world.a.partner.user,
            **fields,
        )


def refused(world, commitment, actor=None, **fields) -> ValidationError:
    before = everything()
    with pytest.raises(ValidationError) as error:
        report(world, commitment, actor, **fields)
    assert everything() == before
    return error.value


def test_a_representative_reports_on_its_own_commitment(world, setup):
    report(world, setup.mine, status="at_risk", evidence="  Harvest late  ")
    with unscoped():
        stored = Commitment.objects.get(pk=setup.mine.pk)
    assert (stored.status, stored.evidence) == ("at_risk", "Harvest late")
    assert stored.status_changed_by_id == world.a.partner.user_id
    # Evidence alone leaves the status (and who changed it) as it was.
    report(world, setup.mine, evidence="Harvest late; new date agreed")
    with unscoped():
        stored.refresh_from_db()
    assert stored.status == "at_risk" and stored.evidence == "Harvest late; new date agreed"
    report(world, setup.mine, status="done")  # the evidence already given counts
    with unscoped():
        stored.refresh_from_db()
    assert stored.status == "done"


def test_another_organisations_commitment_is_refused(world, setup):
    error = refused(world, setup.theirs, status="done", evidence="x")
    assert "Only a representative of the partner organisation" in error.messages[0]


def test_a_common_commitment_is_refused(world, setup):
    error = refused(world, setup.common, status="on_track")
    assert "common commitment of all the partners" in error.messages[0]


@pytest.mark.parametrize("status", ["finished", "", "DONE", 3])
def test_a_bad_status_is_refused(world, setup, status):
    error = refused(world, setup.mine, status=status)
    assert "is not a commitment status" in error.message_dict["status"][0]
    assert "on_track" in error.message_dict["status"][0]


def test_done_without_evidence_is_refused(world, setup):
    error = refused(world, setup.mine, status="done")
    assert "needs evidence" in error.message_dict["evidence"][0]
    error = refused(world, setup.mine, status="done", evidence=" ")
    assert "needs evidence" in error.message_dict["evidence"][0]
    assert setup.mine.status == "planned"  # the refused value is not left on the object


def test_who_is_not_a_representative_of_the_owner_is_refused(world, setup):
    # Staff, a representative of no organisation, one of another platform, the system.
    loose = MembershipFactory(platform=world.a.platform, role=Role.PARTNER_REPRESENTATIVE)
    for actor in (world.a.admin.user, world.a.broker.user, loose.user, world.b.partner.user):
        error = refused(world, setup.mine, actor=actor, status="on_track")
        assert "Only a representative" in error.messages[0]
    with tenant(world.a.platform.pk), pytest.raises(ValidationError):
        services.commitment_report(
            platform=world.a.platform, commitment=setup.mine, actor=None, status="on_track"
        )


def test_an_organisation_that_left_no_longer_reports(world, setup):
    with unscoped():
        setup.wfp.left_on = datetime.date(2025, 1, 1)
        setup.wfp.save()
    error = refused(world, setup.mine, status="on_track")
    assert "has left this partnership" in error.messages[0]


def test_another_platforms_commitment_is_refused(world, setup):
    other = CommitmentFactory(partner__partnership__platform=world.b.platform)
    error = refused(world, other, status="on_track")
    assert "another platform" in error.messages[0]


def test_nothing_to_report_changes_nothing(world, setup):
    before = everything()
    assert report(world, setup.mine) is setup.mine
    assert everything() == before


def test_the_services_refuse_a_kind_without_its_rule(world, setup):
    platform = world.a.platform
    cases = [
        ({"kind": "common", "partner": setup.wfp}, "partner", "leave the partner empty"),
        ({"kind": "specific"}, "partner", "choose the partner"),
        ({"kind": "specific", "partner": setup.former}, "partner", "Old Co left"),
        (
            {"kind": "specific", "partner": PartnerFactory(partnership__platform=world.b.platform)},
            "partner",
            "not a partner of this partnership",
        ),
        ({"kind": "other"}, "kind", "common (all partners) or specific"),
        ({"kind": "common", "status": "done"}, "evidence", "needs evidence"),
    ]
    for fields, field, message in cases:
        before = everything()
        with tenant(platform.pk), pytest.raises(ValidationError) as error:
            services.commitment_create(
                platform=platform, partnership=setup.partnership, actor=None, what="X", **fields
            )
        assert message in " ".join(error.value.message_dict[field]), fields
        assert everything() == before
    with tenant(platform.pk), pytest.raises(ValidationError):
        services.commitment_update(
            platform=platform, commitment=setup.mine, actor=None, kind="common"
        )
    assert setup.mine.kind == "specific"
