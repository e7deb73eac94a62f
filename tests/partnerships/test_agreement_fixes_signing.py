"""Review fixes in signing: a required signature per party on the version being issued
(not on an earlier one), and only an account that still represents the signatory's
organisation signs or declines for it, on the web, through the API and after an
amendment."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerships.models import Signatory, VersionStatus
from partnerships.services.signing import (
    signatory_decline,
    signatory_remove,
    signatory_sign,
    version_amend,
    version_issue,
)
from platforms.models import Role
from platforms.tenancy import unscoped
from stakeholders.models import Representative
from tests.partnerships.signing_helpers import add, base, deal, fresh, issued, version
from tests.platforms.test_api import assert_error, bearer, make_key

pytestmark = pytest.mark.django_db

NO_LONGER = "Your account no longer represents Sarvodaya"


def sign(world, s, user):
    return signatory_sign(
        platform=world.a.platform,
        signatory=fresh(s),
        user=user,
        full_name=s.name,
        confirm=True,
        ip_address="127.0.0.1",
        user_agent="test",
        via="web",
    )


def executed(world, d):
    mine, theirs = issued(world, d)
    sign(world, mine, world.a.partner.user)
    sign(world, theirs, d.other_rep.user)
    assert version(d).status == VersionStatus.EXECUTED
    return mine, theirs


def amended(world, d):
    return version_amend(
        platform=world.a.platform, actor=world.a.broker.user, version=version(d), reason="Budget"
    )


def move_to_water_trust(world, d):
    """A's representative now speaks for Water Trust, the other party: it still sees the
    partnership, but no longer represents Sarvodaya, whose signatory it is linked to."""
    with unscoped():
        Representative.objects.filter(membership=world.a.partner).update(
            organisation=d.theirs.organisation
        )


def no_longer_a_representative(world):
    with unscoped():
        type(world.a.partner).objects.filter(pk=world.a.partner.pk).update(role=Role.OBSERVER)


def signed_or_declined(s) -> bool:
    row = fresh(s)
    return bool(row.signed_at or row.declined_at)


# --- 1. A required signatory on the version being issued ---------------------------------


def test_a_required_signatory_on_an_earlier_version_does_not_count(world):
    d = deal(world)
    executed(world, d)
    v2 = amended(world, d)
    with unscoped():
        theirs = Signatory.objects.get(version=v2, partner=d.theirs)
    signatory_remove(platform=world.a.platform, actor=world.a.broker.user, signatory=theirs)
    add(world, d, d.theirs, "Ben Silva", member=d.other_rep, required=False, number=2)
    with pytest.raises(ValidationError) as refused:
        version_issue(platform=world.a.platform, actor=world.a.broker.user, version=v2)
    assert "Missing for: Water Trust." in refused.value.messages[0]
    assert version(d, 2).status == VersionStatus.DRAFT


def test_issuing_names_only_the_parties_without_one(world):
    d = deal(world)
    add(world, d, d.ours, "Asha Perera", member=world.a.partner)
    add(world, d, d.theirs, "Ben Silva", member=d.other_rep, required=False)
    with pytest.raises(ValidationError) as refused:
        version_issue(platform=world.a.platform, actor=None, version=version(d))
    assert refused.value.messages == [
        "Every partner needs a required signatory before issuing. Missing for: Water Trust."
    ]
    add(world, d, d.theirs, "Cara Silva", member=d.other_rep)
    version_issue(platform=world.a.platform, actor=None, version=version(d))
    assert version(d).status == VersionStatus.ISSUED


# --- 2. Only a current representative signs ----------------------------------------------


def test_the_service_refuses_an_account_that_moved_to_another_organisation(world):
    d = deal(world)
    mine, _ = issued(world, d)
    move_to_water_trust(world, d)
    with pytest.raises(PermissionDenied, match=NO_LONGER):
        sign(world, mine, world.a.partner.user)
    with pytest.raises(PermissionDenied, match=NO_LONGER):
        signatory_decline(
            platform=world.a.platform, signatory=fresh(mine), user=world.a.partner.user, reason="x"
        )
    assert not signed_or_declined(mine)
    assert version(d).status == VersionStatus.ISSUED


def test_the_service_refuses_an_account_that_is_no_longer_a_representative(world):
    d = deal(world)
    mine, _ = issued(world, d)
    no_longer_a_representative(world)
    with pytest.raises(PermissionDenied, match=NO_LONGER):
        sign(world, mine, world.a.partner.user)
    assert not signed_or_declined(mine)


def test_the_web_pages_refuse_it_with_the_reason(world, login):
    d = deal(world)
    mine, _ = issued(world, d)
    move_to_water_trust(world, d)
    client = login(world.a.partner)
    url = base(d, f"versions/1/sign/{mine.public_id}/")
    page = client.get(url)
    assert page.status_code == 403
    assert NO_LONGER in page.content.decode()
    data = {"full_name": "Asha Perera", "confirm": "on"}
    assert client.post(url, data).status_code == 403
    assert client.post(url + "decline/", {"reason": "no"}).status_code == 403
    assert not signed_or_declined(mine)


def test_an_observer_who_kept_the_link_cannot_sign_on_the_web(world, login):
    d = deal(world)
    mine, _ = issued(world, d)
    no_longer_a_representative(world)
    client = login(world.a.partner)  # an observer now: sees every partnership
    url = base(d, f"versions/1/sign/{mine.public_id}/")
    assert client.get(url).status_code == 403
    assert client.post(url, {"full_name": "Asha Perera", "confirm": "on"}).status_code == 403
    assert not signed_or_declined(mine)


def test_the_api_gives_the_same_reason(world, client):
    d = deal(world)
    mine, theirs = issued(world, d)
    move_to_water_trust(world, d)
    raw = make_key(world.a.partner, scopes=["read", "write"])[1]
    url = f"/api/v1/agreements/{d.agreement.public_id}/versions/1/signatures"

    def post(s):
        body = {"signatory": str(s.public_id), "full_name": s.name, "confirm": True}
        return client.post(url, json.dumps(body), content_type="application/json", **bearer(raw))

    error = assert_error(post(mine), 403)
    assert NO_LONGER in error["message"]
    # Now a Water Trust representative, but not the account linked to its signatory.
    error = assert_error(post(theirs), 403)
    assert error["message"] == "Only Ben Silva's own account can sign or decline for Ben Silva."
    assert not signed_or_declined(mine) and not signed_or_declined(theirs)


def test_the_api_still_names_the_organisation_of_anothers_signatory(world, client):
    d = deal(world)
    _, theirs = issued(world, d)
    raw = make_key(world.a.partner, scopes=["read", "write"])[1]
    response = client.post(
        f"/api/v1/agreements/{d.agreement.public_id}/versions/1/signatures",
        json.dumps({"signatory": str(theirs.public_id), "full_name": "Ben Silva", "confirm": True}),
        content_type="application/json",
        **bearer(raw),
    )
    error = assert_error(response, 403)
    assert error["message"] == (
        "This signatory signs for Water Trust: only that organisation's representatives can "
        "sign for it."
    )
    assert not signed_or_declined(theirs)


# --- 2. An amendment does not carry a stale link -----------------------------------------


def test_an_amendment_copies_a_stale_signatory_unlinked(world):
    d = deal(world)
    executed(world, d)
    move_to_water_trust(world, d)
    v2 = amended(world, d)
    with unscoped():
        rows = {s.name: s.user_id for s in Signatory.objects.filter(version=v2).order_by("name")}
    assert rows == {"Asha Perera": None, "Ben Silva": d.other_rep.user_id}


def test_an_amendment_keeps_the_links_of_current_representatives(world):
    d = deal(world)
    executed(world, d)
    v2 = amended(world, d)
    with unscoped():
        rows = dict(Signatory.objects.filter(version=v2).values_list("name", "user_id"))
    assert rows == {"Asha Perera": world.a.partner.user_id, "Ben Silva": d.other_rep.user_id}
