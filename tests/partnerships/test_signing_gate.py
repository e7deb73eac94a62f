"""The journey's gate into implementation (stage 8) passes once a partnership agreement
has an executed version, and names what is missing otherwise."""

import pytest

from partnerships.models import Agreement, AgreementVersion, Stage, VersionStatus
from partnerships.services.gates import AGREEMENT_NEEDED, Missing
from partnerships.services.gates import gate_check as _gate_check
from partnerships.services.signing import signatory_sign
from platforms.tenancy import tenant, unscoped
from tests.partnerships.signing_helpers import deal, fresh, issued, version

pytestmark = pytest.mark.django_db


def gate_check(*, partnership):
    with tenant(partnership.platform_id):
        return _gate_check(partnership=partnership)


def at_agreement_stage(d):
    with unscoped():
        d.partnership.stage = Stage.AGREEMENT
        d.partnership.save()


def test_the_gate_waits_for_an_executed_partnership_agreement(world):
    d = deal(world)
    at_agreement_stage(d)
    missing = [Missing(AGREEMENT_NEEDED, "agreement_list")]
    assert gate_check(partnership=d.partnership) == missing
    url = missing[0].url(platform=world.a.platform, partnership=d.partnership)
    assert url.endswith(f"/partnerships/{d.partnership.public_id}/agreements/")
    mine, theirs = issued(world, d)
    for s, user in ((mine, world.a.partner.user), (theirs, d.other_rep.user)):
        assert gate_check(partnership=d.partnership) == missing
        signatory_sign(
            platform=world.a.platform,
            signatory=fresh(s),
            user=user,
            full_name=s.name,
            confirm=True,
            ip_address=None,
            user_agent="",
            via="web",
        )
    assert version(d).status == VersionStatus.EXECUTED
    assert gate_check(partnership=d.partnership) == []


def test_an_executed_contract_is_not_a_partnership_agreement(world):
    d = deal(world)
    at_agreement_stage(d)
    with unscoped():
        Agreement.objects.filter(pk=d.agreement.pk).update(form="contract")
        AgreementVersion.objects.filter(agreement=d.agreement).update(status="executed")
    assert gate_check(partnership=d.partnership) == [Missing(AGREEMENT_NEEDED, "agreement_list")]


def test_the_move_into_implementation_is_accepted_on_the_journey_page(world, login):
    d = deal(world)
    at_agreement_stage(d)
    mine, theirs = issued(world, d)
    for s, user in ((mine, world.a.partner.user), (theirs, d.other_rep.user)):
        signatory_sign(
            platform=world.a.platform,
            signatory=fresh(s),
            user=user,
            full_name=s.name,
            confirm=True,
            ip_address=None,
            user_agent="",
            via="web",
        )
    page = login(world.a.broker).get(
        f"/p/{world.a.platform.slug}/partnerships/{d.partnership.public_id}/journey/"
    )
    assert page.status_code == 200
    assert AGREEMENT_NEEDED not in page.content.decode()
