"""One way for a partner representative to reach a partnership: partnership_visible
decides which partnerships, partnerships.selectors.representation which partner answers.
The health pages, the health API and commitment reports all agree with the pages, so an
organisation that is a partner but whose representative holds no access (or whose
member is no longer a representative) reaches nothing anywhere."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnerships.models import FUNDAMENTALS, HealthResponse
from partnerships.selectors.representation import (
    represented_organisation,
    represented_organisation_id,
    represented_partner,
)
from partnerships.services import commitments as commitment_services
from partnerships.services.access import partner_access_grant
from platforms.models import Membership, Role
from platforms.tenancy import tenant, unscoped
from tests.factories import (
    CommitmentFactory,
    HealthRoundFactory,
    PartnerFactory,
    PartnershipFactory,
    RepresentativeFactory,
)
from tests.platforms.test_api import bearer, make_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    """A's representative speaks for an organisation that is an active partner of
    "Granted" (with access) and of "Not granted" (no permission row: a grant that was
    never made or was taken away), and left "Former"."""
    granted = PartnershipFactory(platform=world.a.platform, title="Granted")
    mine = PartnerFactory(partnership=granted)
    organisation = mine.organisation
    RepresentativeFactory(membership=world.a.partner, organisation=organisation)
    with tenant(world.a.platform.pk):
        partner_access_grant(platform=world.a.platform, partner=mine)
    not_granted = PartnerFactory(
        partnership__platform=world.a.platform,
        partnership__title="Not granted",
        organisation=organisation,
    )
    former = PartnerFactory(
        partnership__platform=world.a.platform,
        partnership__title="Former",
        organisation=organisation,
        joined_on=datetime.date(2024, 1, 1),
        left_on=datetime.date(2024, 6, 1),
    )
    today = world.a.platform.today()
    rounds = {
        title: HealthRoundFactory(
            partnership=p.partnership, title=f"{title} round", closes_on=today
        )
        for title, p in (("Granted", mine), ("Not granted", not_granted), ("Former", former))
    }
    return mine, not_granted, former, rounds


def role(membership: Membership, new: str) -> None:
    with unscoped():
        Membership.objects.filter(pk=membership.pk).update(role=new)
    membership.role = new


# -- The selectors ---------------------------------------------------------------------------


def test_the_represented_organisation_and_partner(world, setup):
    mine, _, former, _ = setup
    with tenant(world.a.platform.pk):
        assert (
            represented_organisation_id(platform=world.a.platform, membership=world.a.partner)
            == mine.organisation_id
        )
        assert represented_organisation(platform=world.a.platform, membership=world.a.partner) == (
            mine.organisation
        )
        found = represented_partner(
            platform=world.a.platform, membership=world.a.partner, partnership=mine.partnership
        )
        assert found == mine
        # A partnership it left, one it was never in, and another platform's.
        for partnership in (
            former.partnership,
            PartnershipFactory(platform=world.a.platform),
            PartnerFactory(partnership__platform=world.b.platform).partnership,
        ):
            assert (
                represented_partner(
                    platform=world.a.platform, membership=world.a.partner, partnership=partnership
                )
                is None
            )


def test_staff_and_a_former_representative_speak_for_nobody(
    world, setup, django_assert_num_queries
):
    mine, _, _, _ = setup
    with tenant(world.a.platform.pk), django_assert_num_queries(0):
        for member in (world.a.admin, world.a.broker, world.a.observer, world.b.partner, None):
            assert represented_organisation_id(platform=world.a.platform, membership=member) is None
            assert (
                represented_partner(
                    platform=world.a.platform, membership=member, partnership=mine.partnership
                )
                is None
            )
    # Made observer: its Representative row is left, it speaks for nobody.
    role(world.a.partner, Role.OBSERVER)
    with tenant(world.a.platform.pk):
        assert (
            represented_organisation_id(platform=world.a.platform, membership=world.a.partner)
            is None
        )


# -- The health pages and API agree with partnership_visible ---------------------------------


def test_my_rounds_lists_only_partnerships_it_may_see(world, login, setup):
    html = login(world.a.partner).get(reverse("health_my_rounds", args=["alpha"])).content
    html = html.decode()
    assert "Granted round" in html
    assert "Not granted round" not in html and "Former round" not in html


def test_the_respond_page_of_a_partnership_without_access_is_404(world, login, setup):
    _, not_granted, _, rounds = setup
    address = reverse(
        "health_respond",
        args=["alpha", not_granted.partnership.public_id, rounds["Not granted"].public_id],
    )
    assert login(world.a.partner).get(address).status_code == 404


def test_the_api_lists_and_takes_responses_only_where_the_pages_do(world, client, setup):
    _, _, _, rounds = setup
    _, raw = make_key(world.a.partner, scopes=("read", "write"))
    body = client.get("/api/v1/health-checks", **bearer(raw)).json()
    assert [item["title"] for item in body["results"]] == ["Granted round"]
    ratings = {name: 4 for name in FUNDAMENTALS}
    for title, expected in (("Not granted", 404), ("Former", 404), ("Granted", 201)):
        response = client.post(
            f"/api/v1/health-checks/{rounds[title].public_id}/responses",
            data=json.dumps({"ratings": ratings}),
            content_type="application/json",
            **bearer(raw),
        )
        assert response.status_code == expected, title
    with unscoped():
        assert list(HealthResponse.objects.values_list("round__title", flat=True)) == [
            "Granted round"
        ]


def test_the_api_of_a_member_no_longer_a_representative_is_refused(world, client, setup):
    _, _, _, rounds = setup
    _, raw = make_key(world.a.partner, scopes=("read", "write"))
    role(world.a.partner, Role.OBSERVER)
    assert client.get("/api/v1/health-checks", **bearer(raw)).status_code == 403
    response = client.post(
        f"/api/v1/health-checks/{rounds['Granted'].public_id}/responses",
        data=json.dumps({"ratings": {name: 4 for name in FUNDAMENTALS}}),
        content_type="application/json",
        **bearer(raw),
    )
    assert response.status_code == 403
    with unscoped():
        assert not HealthResponse.objects.exists()


# -- Commitment reports ----------------------------------------------------------------------


def test_a_former_representative_cannot_report_on_the_organisations_commitment(world, setup):
    mine, _, _, _ = setup
    commitment = CommitmentFactory(partner=mine, what="Share price data")
    role(world.a.partner, Role.OBSERVER)
    with tenant(world.a.platform.pk), pytest.raises(ValidationError):
        commitment_services.commitment_report(
            platform=world.a.platform,
            commitment=commitment,
            actor=world.a.partner.user,
            status="on_track",
        )
    role(world.a.partner, Role.PARTNER_REPRESENTATIVE)
    with tenant(world.a.platform.pk):
        reported = commitment_services.commitment_report(
            platform=world.a.platform,
            commitment=commitment,
            actor=world.a.partner.user,
            status="on_track",
        )
    assert reported.status == "on_track"
