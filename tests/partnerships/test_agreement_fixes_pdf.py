"""Review fixes in PDF downloads: a version issued for signature goes only to the
representatives of the parties it names (frozen at issue), on the page and through the
API; and a file gone between finding it and opening it is "not prepared yet", never a
500, with nothing recorded."""

from dataclasses import asdict

import pytest
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.agreements.pdf import parties_now
from partnerships.models import AgreementVersion, VersionStatus
from partnerships.selectors.agreement_access import pdf_allowed_versions
from partnerships.services.access import partner_access_grant
from platforms.models import AuditEvent
from platforms.tenancy import tenant, unscoped
from tests.factories import MembershipFactory, PartnerFactory, RepresentativeFactory
from tests.partnerships.agreement_pdf_helpers import (
    SIGNED_AT,
    fresh,
    give_access,
    make_agreement,
    render,
)
from tests.platforms.test_api import assert_error, bearer, make_key

pytestmark = pytest.mark.django_db

NOT_A_PARTY = (
    "Only the representatives of the parties to version 1 can have it as a PDF, and Late "
    "Joiners was not a party when it was issued."
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def made(world):
    made = make_agreement(world.a)
    give_access(world.a, made)
    return made


def issue(made) -> None:
    """Issued as version_issue does it: the parties of the day frozen with the text."""
    with unscoped():
        parties = [asdict(p) for p in parties_now(version=made.version)]
        AgreementVersion.objects.filter(pk=made.version.pk).update(
            status=VersionStatus.ISSUED, issued_at=SIGNED_AT, parties=parties
        )
    made.version = fresh(made.version)


def late_joiner(world, made):
    """An organisation that joins the partnership after the version was issued, and its
    representative, who sees the partnership."""
    partner = PartnerFactory(partnership=made.partnership, organisation__name="Late Joiners")
    member = MembershipFactory(platform=world.a.platform, role="partner_representative")
    RepresentativeFactory(membership=member, organisation=partner.organisation)
    with transaction.atomic(), tenant(world.a.platform.pk):
        partner_access_grant(platform=world.a.platform, partner=partner)
    return member


def download_url(made, number=1) -> str:
    return reverse(
        "agreement_pdf_download",
        args=["alpha", made.partnership.public_id, made.agreement.public_id, number],
    )


def prepare_url(made) -> str:
    return reverse(
        "agreement_pdf_prepare",
        args=["alpha", made.partnership.public_id, made.agreement.public_id, 1],
    )


def api_url(made) -> str:
    return f"/api/v1/agreements/{made.agreement.public_id}/versions/1/pdf"


def downloads() -> int:
    with unscoped():
        return AuditEvent.objects.filter(action="download").count()


def test_a_party_that_joined_after_issue_cannot_download_the_issued_version(world, login, made):
    issue(made)
    render(world.a, made)
    late = late_joiner(world, made)
    client = login(late)
    partnership_page = f"/p/alpha/partnerships/{made.partnership.public_id}/"
    assert client.get(partnership_page).status_code == 200  # it does see the partnership
    response = client.get(download_url(made))
    assert response.status_code == 403
    assert NOT_A_PARTY in response.content.decode()
    assert client.post(prepare_url(made)).status_code == 403
    assert downloads() == 0
    # The parties' representatives and the staff still have it.
    for member in (world.a.partner, world.a.secretariat, world.a.admin, world.a.broker):
        assert login(member).get(download_url(made)).status_code == 200
    assert downloads() == 4


def test_the_api_applies_the_same_rule(world, client, made):
    issue(made)
    render(world.a, made)
    late = late_joiner(world, made)
    error = assert_error(client.get(api_url(made), **bearer(make_key(late)[1])), 403)
    assert error["message"] == NOT_A_PARTY
    assert downloads() == 0
    response = client.get(api_url(made), **bearer(make_key(world.a.partner)[1]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert downloads() == 1


def test_a_draft_goes_to_every_current_partners_representative(world, login, made):
    late = late_joiner(world, made)
    render(world.a, made)  # a draft names today's partners: its content changed
    assert login(late).get(download_url(made)).status_code == 200


def test_the_parties_are_those_frozen_not_those_of_today(world, login, made):
    """A party that has left since issue no longer sees the partnership at all (404); one
    that stays keeps its copy, and a partner added since has none."""
    issue(made)
    render(world.a, made)
    assert [party["name"] for party in made.version.parties] == [
        "Lakeside Water Trust",
        "Village Council",
    ]
    late = late_joiner(world, made)
    assert login(world.a.partner).get(download_url(made)).status_code == 200
    assert login(late).get(download_url(made)).status_code == 403
    with unscoped():
        made.trust.left_on = world.a.platform.today()
        made.trust.save()
    assert login(world.a.partner).get(download_url(made)).status_code == 404


@pytest.fixture
def vanishing(monkeypatch):
    """The file is deleted right after the check that finds it, as a clean-up running at
    that moment would: the real storage, the real file."""
    real = default_storage.exists

    def exists_then_gone(name):
        found = real(name)
        if found and name.endswith(".pdf"):
            default_storage.delete(name)
        return found

    monkeypatch.setattr(default_storage, "exists", exists_then_gone)


def test_a_file_gone_before_it_opens_is_not_prepared_on_the_page(world, login, made, vanishing):
    render(world.a, made)
    client = login(world.a.admin)
    response = client.get(download_url(made))
    assert response.status_code == 302
    assert response["Location"].endswith(f"/agreements/{made.agreement.public_id}/")
    assert "has not been prepared yet" in client.get(response["Location"]).content.decode()
    assert downloads() == 0


def test_a_file_gone_before_it_opens_is_409_through_the_api(world, client, made, vanishing):
    render(world.a, made)
    response = client.get(api_url(made), **bearer(make_key(world.a.partner)[1]))
    error = assert_error(response, 409)
    assert error["message"] == "The PDF is not ready yet: ask for it on the agreement page."
    assert downloads() == 0


def test_a_history_knows_which_versions_each_member_may_have(world, made):
    """For a page listing versions: the same rule, in the same queries for any number."""
    issue(made)
    late = late_joiner(world, made)
    with unscoped():
        for n in range(2, 6):
            AgreementVersion.objects.create(
                platform=world.a.platform,
                agreement=made.agreement,
                number=n,
                status=VersionStatus.SUPERSEDED,
                parties=made.version.parties,
            )
        AgreementVersion.objects.create(
            platform=world.a.platform, agreement=made.agreement, number=6
        )
        every = list(AgreementVersion.objects.filter(agreement=made.agreement))
    two = [v for v in every if v.number in (1, 6)]

    def allowed(member, versions):
        with unscoped(), CaptureQueriesContext(connection) as queries:
            ids = pdf_allowed_versions(
                membership=member, partnership=made.partnership, versions=versions
            )
        return sorted(v.number for v in versions if v.pk in ids), len(queries)

    assert allowed(late, every)[0] == [6]  # the draft, not the versions issued before
    assert allowed(world.a.partner, every)[0] == [1, 2, 3, 4, 5, 6]
    assert allowed(world.a.secretariat, two)[0] == [1, 6]
    assert allowed(world.a.observer, two)[0] == []
    assert allowed(late, two)[1] == allowed(late, every)[1]
    assert allowed(world.a.partner, two)[1] == allowed(world.a.partner, every)[1]
