"""Signing through the services and the web pages: signatories of a draft, issuing (which
freezes the version), signing and declining, execution, and every refusal."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerships.models import AgreementVersion, Signatory, VersionStatus
from partnerships.services.agreements import FROZEN, agreement_clauses_update
from partnerships.services.signing import signatory_add, signatory_sign, version_issue
from platforms.tenancy import unscoped
from tests.factories import MembershipFactory
from tests.partnerships.signing_helpers import add, base, deal, fresh, issued, version

pytestmark = pytest.mark.django_db


def signatory_count() -> int:
    with unscoped():
        return Signatory.objects.count()


def sign_web(client, d, s, name, confirm=True, **extra):
    data = {"full_name": name}
    if confirm:
        data["confirm"] = "on"
    return client.post(
        base(d, f"versions/1/sign/{s.public_id}/"), data, REMOTE_ADDR="10.1.2.3", **extra
    )


# --- Signatories and issuing -------------------------------------------------------------


def test_issuing_needs_a_required_signatory_for_every_partner_and_names_the_missing(world):
    d = deal(world)
    add(world, d, d.ours, "Asha Perera", member=world.a.partner)
    add(world, d, d.theirs, "Optional Person", required=False)
    with pytest.raises(ValidationError, match="Missing for: Water Trust."):
        version_issue(platform=world.a.platform, actor=world.a.broker.user, version=version(d))
    assert version(d).status == VersionStatus.DRAFT


def test_an_issued_version_is_frozen(world):
    d = deal(world)
    issued(world, d)
    v = version(d)
    assert v.status == VersionStatus.ISSUED and v.issued_at and v.issued_by == world.a.broker.user
    with pytest.raises(ValidationError, match="issued"):
        agreement_clauses_update(
            platform=world.a.platform,
            actor=None,
            version=v,
            clauses=[{"title": "New", "body": "x"}],
        )
    before = signatory_count()
    with pytest.raises(ValidationError, match="no longer change"):
        add(world, d, d.ours, "Late Comer")
    assert signatory_count() == before


def test_a_member_of_another_organisation_cannot_be_linked(world):
    d = deal(world)
    with pytest.raises(ValidationError) as refused:
        add(world, d, d.ours, "Asha Perera", member=d.other_rep)
    assert "Link a representative of Sarvodaya" in str(refused.value)
    assert signatory_count() == 0


def test_a_partner_that_left_gets_no_signatory(world):
    d = deal(world)
    with unscoped():
        d.theirs.left_on = world.a.platform.today()
        d.theirs.save()
    with pytest.raises(ValidationError, match="active partner"):
        add(world, d, d.theirs, "Ben Silva")


def test_the_signatories_page_adds_and_removes_for_an_assigned_broker(world, login):
    d = deal(world)
    client = login(world.a.broker)
    url = base(d, "versions/1/signatories/")
    response = client.post(
        url,
        {
            "partner": d.ours.public_id,
            "name": "Asha Perera",
            "required": "on",
            "member": world.a.partner.public_id,
        },
    )
    assert response.status_code == 302
    with unscoped():
        s = Signatory.objects.get()
    assert s.user == world.a.partner.user and s.required
    assert client.get(url).status_code == 200
    assert client.post(url + f"{s.public_id}/remove/").status_code == 302
    assert signatory_count() == 0


def test_signatory_pages_refuse_observers_and_unassigned_brokers(world, login):
    d = deal(world)
    url = base(d, "versions/1/signatories/")
    assert login(world.a.observer).get(url).status_code == 403
    other = MembershipFactory(platform=world.a.platform)
    assert login(other).post(url, {"partner": d.ours.public_id, "name": "X"}).status_code == 403
    assert signatory_count() == 0
    assert login(world.a.observer).get(base(d)).status_code == 200  # observers read


def test_issue_through_the_page_and_a_refusal_is_shown(world, login):
    d = deal(world)
    client = login(world.a.broker)
    response = client.post(base(d, "versions/1/issue/"), follow=True)
    assert "Missing for: Sarvodaya, Water Trust." in response.content.decode()
    assert version(d).status == VersionStatus.DRAFT
    add(world, d, d.ours, "Asha Perera", member=world.a.partner)
    add(world, d, d.theirs, "Ben Silva", member=d.other_rep)
    assert client.post(base(d, "versions/1/issue/")).status_code == 302
    assert version(d).status == VersionStatus.ISSUED
    assert login(world.a.observer).post(base(d, "versions/1/issue/")).status_code == 403


def test_editing_an_issued_version_on_the_web_is_refused(world, login):
    d = deal(world)
    issued(world, d)
    response = login(world.a.broker).get(base(d, "edit/"))
    assert response.status_code == 403
    assert FROZEN in response.content.decode()


# --- Signing on the web --------------------------------------------------------------------


def test_signing_on_the_web_records_who_when_where_and_executes_at_the_last(world, login):
    d = deal(world)
    mine, theirs = issued(world, d)
    response = sign_web(
        login(world.a.partner), d, mine, "  asha   PERERA ", HTTP_USER_AGENT="Firefox" + "x" * 900
    )
    assert response.status_code == 302
    row = fresh(mine)
    assert row.signed_at and row.signed_name == "asha PERERA" and row.via == "web"
    assert row.signed_by == world.a.partner.user and row.ip_address == "10.1.2.3"
    assert row.user_agent.startswith("Firefox") and len(row.user_agent) == 500
    assert version(d).status == VersionStatus.ISSUED
    assert sign_web(login(d.other_rep), d, theirs, "Ben Silva").status_code == 302
    v = version(d)
    assert v.status == VersionStatus.EXECUTED and v.executed_at


def test_optional_signatories_do_not_hold_execution(world):
    d = deal(world)
    add(world, d, d.ours, "Asha Perera", member=world.a.partner)
    extra = add(world, d, d.theirs, "Optional One", required=False)
    theirs = add(world, d, d.theirs, "Ben Silva", member=d.other_rep)
    version_issue(platform=world.a.platform, actor=None, version=version(d))
    for s, user in ((fresh(extra), None), (fresh(theirs), d.other_rep.user)):
        if user is None:
            continue
        signatory_sign(
            platform=world.a.platform,
            signatory=s,
            user=user,
            full_name=s.name,
            confirm=True,
            ip_address=None,
            user_agent="",
            via="web",
        )
    assert version(d).status == VersionStatus.ISSUED  # Asha has not signed yet


@pytest.mark.parametrize(
    ("name", "confirm", "message"),
    [
        ("Someone Else", True, "Type Asha Perera&#x27;s full name"),
        ("Asha Perera", False, "Tick the confirmation to sign."),
        ("", True, "Type your full name to sign."),
    ],
)
def test_bad_signatures_are_refused_with_a_message(world, login, name, confirm, message):
    d = deal(world)
    mine, _ = issued(world, d)
    response = sign_web(login(world.a.partner), d, mine, name, confirm=confirm)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert fresh(mine).signed_at is None


def test_signing_twice_is_refused(world, login):
    d = deal(world)
    mine, _ = issued(world, d)
    client = login(world.a.partner)
    sign_web(client, d, mine, "Asha Perera")
    first = fresh(mine).signed_at
    response = sign_web(client, d, mine, "Asha Perera")
    assert response.status_code == 400
    assert "Asha Perera has already signed this version." in response.content.decode()
    assert fresh(mine).signed_at == first


def test_signing_a_draft_is_refused(world, login):
    d = deal(world)
    mine = add(world, d, d.ours, "Asha Perera", member=world.a.partner)
    response = sign_web(login(world.a.partner), d, mine, "Asha Perera")
    assert response.status_code == 400
    assert "Only a version issued for signature can be signed" in response.content.decode()
    assert fresh(mine).signed_at is None


def test_nobody_else_may_sign_or_decline_for_a_signatory(world, login):
    d = deal(world)
    mine, _ = issued(world, d)
    for member in (world.a.broker, world.a.admin, d.other_rep):
        client = login(member)
        assert sign_web(client, d, mine, "Asha Perera").status_code == 403
        url = base(d, f"versions/1/sign/{mine.public_id}/decline/")
        assert client.post(url, {"reason": "no"}).status_code == 403
    assert fresh(mine).signed_at is None and fresh(mine).declined_at is None
    # A representative of an organisation outside the partnership does not see it.
    with pytest.raises(PermissionDenied):
        signatory_sign(
            platform=world.a.platform,
            signatory=fresh(mine),
            user=d.other_rep.user,
            full_name="Asha Perera",
            confirm=True,
            ip_address=None,
            user_agent="",
            via="web",
        )


def test_the_sign_page_shows_the_form_to_the_signatory_only(world, login):
    d = deal(world)
    mine, _ = issued(world, d)
    url = base(d, f"versions/1/sign/{mine.public_id}/")
    page = login(world.a.partner).get(url)
    assert page.status_code == 200
    assert "Type your full name" in page.content.decode()
    detail = login(world.a.partner).get(base(d)).content.decode()
    assert url in detail  # the agreement's page links the signatory to it
    assert login(world.a.observer).get(url).status_code == 403


def test_declining_needs_a_reason_and_leaves_the_version_issued(world, login):
    d = deal(world)
    mine, _ = issued(world, d)
    client = login(world.a.partner)
    url = base(d, f"versions/1/sign/{mine.public_id}/decline/")
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 400
    assert "Say why you decline" in response.content.decode()
    assert fresh(mine).declined_at is None
    assert client.post(url, {"reason": "The budget clause is wrong."}).status_code == 302
    row = fresh(mine)
    assert row.declined_at and row.decline_reason == "The budget clause is wrong."
    assert version(d).status == VersionStatus.ISSUED
    response = sign_web(client, d, mine, "Asha Perera")
    assert response.status_code == 400
    assert "Asha Perera has declined to sign this version." in response.content.decode()


def test_unknown_signatory_and_version_are_404(world, login):
    d = deal(world)
    mine, _ = issued(world, d)
    client = login(world.a.partner)
    assert client.get(base(d, f"versions/9/sign/{mine.public_id}/")).status_code == 404
    other = "00000000-0000-0000-0000-000000000000"
    assert client.get(base(d, f"versions/1/sign/{other}/")).status_code == 404


def test_service_refuses_a_signatory_for_a_draft_only(world):
    d = deal(world)
    v = version(d)
    with unscoped():
        AgreementVersion.objects.filter(pk=v.pk).update(status=VersionStatus.EXECUTED)
    with pytest.raises(ValidationError, match="no longer change"):
        signatory_add(
            platform=world.a.platform,
            actor=None,
            version=version(d),
            partner=d.ours,
            name="Late",
        )
