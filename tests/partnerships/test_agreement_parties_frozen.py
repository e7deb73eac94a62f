"""What was signed reads the same afterwards: issuing freezes the parties with the text,
so a partner leaving or an organisation renamed later changes neither an executed
version's document nor its fingerprint. A draft still names the active partners."""

from partnerships.agreements import pdf
from partnerships.models import VersionStatus
from partnerships.services.partners import partner_leave
from partnerships.services.signing import signatory_sign
from platforms.tenancy import unscoped
from stakeholders.models import Organisation
from tests.partnerships.signing_helpers import base, deal, fresh, issued, version


def _content(d):
    with unscoped():
        return pdf.pdf_content(version=version(d))


def _sign_all(world, d, signatories):
    for signatory, user in zip(signatories, (world.a.partner.user, d.other_rep.user), strict=True):
        signatory_sign(
            platform=world.a.platform,
            signatory=fresh(signatory),
            user=user,
            full_name=signatory.name,
            confirm=True,
            ip_address=None,
            user_agent="",
            via="web",
        )


def test_an_executed_version_keeps_its_parties_after_a_partner_leaves_and_a_rename(world):
    d = deal(world)
    signatories = issued(world, d)
    _sign_all(world, d, signatories)
    assert version(d).status == VersionStatus.EXECUTED
    before = _content(d)
    assert [p.name for p in before.parties] == ["Sarvodaya", "Water Trust"]

    a = world.a.platform
    partner_leave(platform=a, partner=d.theirs, actor=None, left_on=a.today())
    with unscoped():
        Organisation.objects.filter(pk=d.ours.organisation_id).update(name="Sarvodaya Shramadana")

    after = _content(d)
    assert after.fingerprint == before.fingerprint
    assert [p.name for p in after.parties] == ["Sarvodaya", "Water Trust"]
    with unscoped():
        html = pdf.pdf_html(after)
    assert "Water Trust" in html and "Sarvodaya Shramadana" not in html
    # Each signature names its party as the version does.
    assert [s.party_name for s in after.signatories] == ["Sarvodaya", "Water Trust"]


def test_a_rename_after_execution_changing_the_order_keeps_the_fingerprint(world, login):
    d = deal(world)
    signatories = issued(world, d)
    _sign_all(world, d, signatories)
    before = _content(d)
    assert [s.party_name for s in before.signatories] == ["Sarvodaya", "Water Trust"]
    with unscoped():  # now first in alphabetical order
        Organisation.objects.filter(pk=d.theirs.organisation_id).update(name="Aqua Trust")
    after = _content(d)
    assert after.canonical == before.canonical and after.fingerprint == before.fingerprint
    assert [s.party_name for s in after.signatories] == ["Sarvodaya", "Water Trust"]
    # The version's page lists the signatures in the same order, by the parties as issued.
    page = login(world.a.secretariat).get(base(d, "versions/1/")).content.decode()
    assert "Aqua Trust" not in page
    assert page.index("Asha Perera") < page.index("Ben Silva")


def test_a_draft_names_the_partnerships_active_partners_as_they_are_now(world):
    d = deal(world)
    assert [p.name for p in _content(d).parties] == ["Sarvodaya", "Water Trust"]
    with unscoped():
        Organisation.objects.filter(pk=d.theirs.organisation_id).update(name="River Trust")
    assert [p.name for p in _content(d).parties] == ["River Trust", "Sarvodaya"]
    assert version(d).parties == []
