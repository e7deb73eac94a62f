"""An agreement's versions, each reachable: the agreement page lists every version (status,
"in force", reason, dates in the platform's time zone, signatures, the changes, the PDF)
and says which version is in force while an amendment is drafted; each version has its
own read-only page (clauses, parties as issued, signatories, PDF block). Same access as
the agreement page; a fixed number of queries however many versions, clauses or
signatories."""

from datetime import UTC, datetime
from typing import cast

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.models import (
    AgreementClause,
    AgreementVersion,
    Partner,
    Signatory,
    VersionStatus,
)
from partnerships.services.access import partner_access_grant
from partnerships.services.agreement_pdfs import agreement_pdf_request
from partnerships.services.signing import signatory_sign, version_amend, version_issue
from platforms.jobs import job_execute
from platforms.models import AuditEvent, Role
from platforms.tenancy import platform_transaction, unscoped
from stakeholders.models import Organisation
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PartnerFactory,
    RepresentativeFactory,
)
from tests.partnerships.signing_helpers import Deal, add, base, deal, issued, version

pytestmark = pytest.mark.django_db

# 20:00 UTC on 4 March is 01:30 on 5 March in Asia/Colombo, platform A's time zone.
EXECUTED_AT = datetime(2026, 3, 4, 20, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def sign_all(world, d: Deal, number: int, also: dict | None = None) -> None:
    users = {d.ours.pk: world.a.partner.user, d.theirs.pk: d.other_rep.user, **(also or {})}
    with unscoped():
        signatories = list(
            Signatory.objects.select_related("version").filter(version=version(d, number))
        )
    for signatory in signatories:
        signatory_sign(
            platform=world.a.platform,
            signatory=signatory,
            user=users[signatory.partner_id],
            full_name=signatory.name,
            confirm=True,
            ip_address="127.0.0.1",
            user_agent="test",
            via="web",
        )


def amend(world, d: Deal, number: int, reason: str) -> AgreementVersion:
    return version_amend(
        platform=world.a.platform,
        actor=world.a.broker.user,
        version=version(d, number),
        reason=reason,
    )


def history(world, d: Deal, executed: int, *, draft_after: bool = False) -> None:
    """Versions 1..executed, each executed in turn (so all but the last superseded), and
    then, with ``draft_after``, a draft amendment."""
    issued(world, d)
    sign_all(world, d, 1)
    for number in range(2, executed + 1):
        amend(world, d, number - 1, f"Amendment {number}")
        version_issue(platform=world.a.platform, actor=None, version=version(d, number))
        sign_all(world, d, number)
    if draft_after:
        amend(world, d, executed, "New budget")


def statuses(d: Deal) -> list[str]:
    with unscoped():
        return list(
            AgreementVersion.objects.filter(agreement=d.agreement)
            .order_by("number")
            .values_list("status", flat=True)
        )


def render_pdf(world, d: Deal, number: int) -> None:
    """Ask for the version's PDF as the page does, and run the job like a worker."""
    with unscoped():
        v = AgreementVersion.objects.select_related("agreement__partnership", "platform").get(
            agreement=d.agreement, number=number
        )
    with platform_transaction(world.a.platform.pk):
        state = agreement_pdf_request(platform=world.a.platform, actor=None, version=v)
    assert state.job is not None
    job_execute(job_id=state.job.pk, platform_id=world.a.platform.pk)


def row(page: str, number: int) -> str:
    """The versions table's row of that version."""
    table = page[page.index('class="table agreement-versions"') :]
    table = table[: table.index("</table>")]
    start = table.index(f">Version {number}</a></th>")
    end = table.find("</tr>", start)
    return table[start:end]


# The agreement page.


def test_the_agreement_page_lists_every_version_and_says_which_is_in_force(world, login):
    d = deal(world)
    history(world, d, 1, draft_after=True)
    with unscoped():
        AgreementVersion.objects.filter(agreement=d.agreement, number=1).update(
            executed_at=EXECUTED_AT
        )
    assert statuses(d) == ["executed", "draft"]
    page = login(world.a.secretariat).get(base(d)).content.decode()
    assert "<caption>Versions of “Water MoU”, newest first</caption>" in page
    assert '<th scope="col">Signatures</th>' in page
    first, second = row(page, 1), row(page, 2)
    assert "Executed</span>" in first and "In force</span>" in first
    assert "2 of 2 required" in first
    assert "5 Mar 2026" in first  # the platform's day, not UTC's 4 March
    assert "The first version" in first
    assert "Draft</span>" in second and "In force" not in second
    assert "New budget" in second and "0 of 2 required" in second
    assert base(d, "versions/2/diff/") in second
    assert base(d, "versions/1/") in first and base(d, "versions/2/") in second
    # Above the history: which version is in force while the amendment is a draft.
    assert "Version 1 is the agreement in force" in page
    assert "Version 2 is an amendment still in draft" in page
    assert "executed on <time" in page


def test_the_in_force_version_downloads_while_its_amendment_is_a_draft(world, login):
    d = deal(world)
    history(world, d, 1, draft_after=True)
    render_pdf(world, d, 1)
    client = login(world.a.secretariat)
    page = client.get(base(d)).content.decode()
    download = base(d, "versions/1/pdf/download/")
    notice = page[page.index('id="in-force-heading"') : page.index("</section>")]
    assert download in notice
    assert download in row(page, 1)
    # The draft's PDF is not ready: its row asks for it.
    assert base(d, "versions/2/pdf/") in row(page, 2)
    assert base(d, "versions/2/pdf/download/") not in page
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    with unscoped():
        assert AuditEvent.objects.filter(
            action="download", object_id=version(d, 1).pk, actor_id=world.a.secretariat.user_id
        ).exists()


def test_a_row_says_when_its_pdf_is_being_prepared(world, login):
    d = deal(world)
    history(world, d, 1, draft_after=True)
    with unscoped():
        v2 = AgreementVersion.objects.select_related("agreement__partnership", "platform").get(
            agreement=d.agreement, number=2
        )
    with platform_transaction(world.a.platform.pk):
        agreement_pdf_request(platform=world.a.platform, actor=None, version=v2)
    page = login(world.a.secretariat).get(base(d)).content.decode()
    assert "Being prepared" in row(page, 2)
    assert "Being prepared" not in row(page, 1)


def test_with_nothing_executed_the_page_says_no_version_is_in_force(world, login):
    d = deal(world)
    page = login(world.a.broker).get(base(d)).content.decode()
    assert "None yet: no version has been signed by every required signatory" in page
    assert "in-force-heading" not in page
    assert "No required signatory yet" in row(page, 1)


def test_an_executed_newest_version_is_marked_in_force_without_a_notice(world, login):
    d = deal(world)
    history(world, d, 2)
    assert statuses(d) == ["superseded", "executed"]
    page = login(world.a.secretariat).get(base(d)).content.decode()
    assert "In force</span>" in row(page, 2)
    assert "Superseded</span>" in row(page, 1) and "In force" not in row(page, 1)
    assert "Amendment 2" in row(page, 2)
    assert "in-force-heading" not in page


# The version's own page.


def test_the_version_page_shows_its_clauses_parties_signatories_and_pdf(world, login):
    d = deal(world)
    history(world, d, 1, draft_after=True)
    with unscoped():
        clause = AgreementClause.objects.filter(version=version(d, 1)).order_by("position").first()
        assert clause is not None
        # Written around the services, as a shell could: still rendered harmlessly.
        AgreementClause.objects.filter(pk=clause.pk).update(
            body="<p>Shared water</p><script>alert(1)</script>"
        )
    response = login(world.a.secretariat).get(base(d, "versions/1/"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{clause.position}. {clause.title}" in page
    assert "<p>Shared water</p>" in page and "<script>alert(1)" not in page
    assert "<caption>Parties to version 1</caption>" in page
    assert "Sarvodaya" in page and "Water Trust" in page
    assert "<caption>Signatories of version 1 and where each stands</caption>" in page
    assert "Asha Perera" in page and "Ben Silva" in page
    assert page.count("Signed</span>") == 2
    assert "2 of 2 required" in page
    assert "This version is the agreement in force." in page
    assert "Version 2, an amendment still in draft" in page
    assert 'id="pdf-heading"' in page and "PDF of version 1" in page
    assert base(d, "versions/1/pdf/") in page  # prepare it, from here
    assert base(d, "versions/2/") in page  # the next version


def test_the_version_page_names_the_parties_as_issued_after_a_rename(world, login):
    d = deal(world)
    history(world, d, 1)
    with unscoped():
        Organisation.objects.filter(pk=d.theirs.organisation_id).update(name="Renamed Trust")
    page = login(world.a.secretariat).get(base(d, "versions/1/")).content.decode()
    assert "Water Trust" in page and "Renamed Trust" not in page
    assert "The parties as they stood when this version was issued" in page


def test_a_superseded_version_says_which_is_in_force(world, login):
    d = deal(world)
    history(world, d, 2)
    page = login(world.a.secretariat).get(base(d, "versions/1/")).content.decode()
    assert "Superseded</span>" in page
    assert "This version is no longer in force." in page
    assert base(d, "versions/2/") in page


def test_a_draft_amendment_page_points_to_the_version_in_force(world, login):
    d = deal(world)
    history(world, d, 1, draft_after=True)
    page = login(world.a.broker).get(base(d, "versions/2/")).content.decode()
    assert "This version is not in force: it is a draft amendment." in page
    assert "New budget" in page
    assert base(d, "versions/2/diff/") in page
    assert "Not signed</span>" in page


def test_an_unknown_version_is_404(world, login):
    d = deal(world)
    client = login(world.a.admin)
    assert client.get(base(d, "versions/2/")).status_code == 404
    assert client.get(base(d, "versions/0/")).status_code == 404
    assert client.get(base(d, "versions/99999999999999999999/")).status_code == 404
    assert client.get(base(d, "versions/x/")).status_code == 404


def test_the_version_page_is_read_only(world, login):
    d = deal(world)
    assert login(world.a.admin).post(base(d, "versions/1/"), {"title": "x"}).status_code == 405
    assert statuses(d) == ["draft"]


# Who sees what.


@pytest.mark.parametrize("path", ["", "versions/1/"])
def test_readers_see_the_history_and_only_the_pdf_roles_get_pdfs(world, login, path):
    d = deal(world)
    history(world, d, 1, draft_after=True)
    render_pdf(world, d, 1)
    download = base(d, "versions/1/pdf/download/")
    # The secretariat, the assigned broker and a party's representative: the PDF too.
    for member in (world.a.secretariat, world.a.broker, world.a.partner, d.other_rep):
        response = login(member).get(base(d, path))
        assert response.status_code == 200, member.role
        assert download in response.content.decode(), member.role
    # An observer and an unassigned broker read the versions, without PDFs.
    unassigned = MembershipFactory(platform=world.a.platform, role=Role.BROKER)
    for member in (world.a.observer, unassigned):
        response = login(member).get(base(d, path))
        assert response.status_code == 200, member.role
        page = response.content.decode()
        assert "Version 1" in page
        assert download not in page and "/pdf/" not in page


@pytest.mark.parametrize("path", ["", "versions/1/"])
def test_who_cannot_see_the_partnership_gets_404(world, login, path):
    d = deal(world)
    history(world, d, 1)
    stranger_org = OrganisationFactory(platform=world.a.platform, name="Not a party")
    stranger = MembershipFactory(platform=world.a.platform, role=Role.PARTNER_REPRESENTATIVE)
    RepresentativeFactory(membership=stranger, organisation=stranger_org)
    assert login(stranger).get(base(d, path)).status_code == 404
    assert login(world.outsider).get(base(d, path)).status_code == 404
    # Another platform's admin: under A's address and under their own.
    client = login(world.b.admin)
    assert client.get(base(d, path)).status_code == 404
    other = base(d, path).replace(f"/p/{world.a.platform.slug}/", f"/p/{world.b.platform.slug}/")
    assert client.get(other).status_code == 404


# A fixed number of queries.


def queries(client, url: str) -> int:
    client.get(url)  # the session, the membership and such, read once per client
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_agreement_page_costs_the_same_for_one_version_as_for_six(world, login):
    d = deal(world)
    history(world, d, 1)
    client = login(world.a.secretariat)
    one = queries(client, base(d))
    for number in range(2, 7):
        amend(world, d, number - 1, f"Amendment {number}")
        version_issue(platform=world.a.platform, actor=None, version=version(d, number))
        sign_all(world, d, number)
    assert statuses(d) == ["superseded"] * 5 + ["executed"]
    assert queries(client, base(d)) == one


def test_the_agreement_page_during_an_amendment_costs_the_same_however_long_the_history(
    world, login
):
    d = deal(world)
    history(world, d, 1, draft_after=True)
    client = login(world.a.broker)
    two = queries(client, base(d))
    with unscoped():
        AgreementVersion.objects.filter(agreement=d.agreement, number=2).delete()
    for number in range(2, 6):
        amend(world, d, number - 1, f"Amendment {number}")
        version_issue(platform=world.a.platform, actor=None, version=version(d, number))
        sign_all(world, d, number)
    amend(world, d, 5, "New budget")
    assert statuses(d) == ["superseded"] * 4 + ["executed", "draft"]
    assert queries(client, base(d)) == two


def _grow(world, d: Deal, number: int, count: int) -> None:
    """Make the version hold ``count`` clauses and ``count`` signatories."""
    v = version(d, number)
    with unscoped():
        AgreementClause.objects.filter(version=v, position__gt=count).delete()
        have = AgreementClause.objects.filter(version=v).count()
        for position in range(have + 1, count + 1):
            AgreementClause.objects.create(
                platform=world.a.platform, version=v, position=position, title=f"Clause {position}"
            )
        have = Signatory.objects.filter(version=v).count()
        for n in range(have, count):
            Signatory.objects.create(
                platform=world.a.platform,
                version=v,
                partner=d.ours if n % 2 else d.theirs,
                name=f"Signatory {n}",
                required=bool(n % 3),
                signed_at=EXECUTED_AT if n % 4 == 0 else None,
            )


@pytest.mark.parametrize("frozen", [False, True], ids=["draft", "issued"])
def test_the_version_page_costs_the_same_for_two_clauses_and_signatories_as_for_twenty(
    world, login, frozen
):
    d = deal(world)
    if frozen:
        issued(world, d)
    _grow(world, d, 1, 2)
    client = login(world.a.secretariat)
    two = queries(client, base(d, "versions/1/"))
    _grow(world, d, 1, 20)
    with unscoped():
        assert Signatory.objects.filter(version=version(d)).count() == 20
    assert version(d).status == (VersionStatus.ISSUED if frozen else VersionStatus.DRAFT)
    assert queries(client, base(d, "versions/1/")) == two


def test_the_version_in_force_shows_its_ready_pdf_after_a_party_is_renamed(world, login):
    # Its PDF names the parties as issued; the organisation's new name changes neither
    # the file nor whether the page offers it. (A name keeping the parties' order.)
    d = deal(world)
    history(world, d, 1)
    render_pdf(world, d, 1)
    with unscoped():
        Organisation.objects.filter(pk=d.theirs.organisation_id).update(name="Wells Trust")
    amend(world, d, 1, "New budget")
    page = login(world.a.secretariat).get(base(d)).content.decode()
    download = base(d, "versions/1/pdf/download/")
    notice = page[page.index('id="in-force-heading"') : page.index("</section>")]
    assert download in notice
    assert download in row(page, 1)


# Which rows offer a PDF, and the tabs.


def _newcomer(world, d: Deal):
    """An organisation that joins the partnership after version 1 was issued, with its
    representative (who reaches the partnership, and its drafts, from then on)."""
    organisation = OrganisationFactory(platform=world.a.platform, name="Late Joiner")
    partner = cast(Partner, PartnerFactory(partnership=d.partnership, organisation=organisation))
    member = MembershipFactory(platform=world.a.platform, role=Role.PARTNER_REPRESENTATIVE)
    RepresentativeFactory(membership=member, organisation=organisation)
    with platform_transaction(world.a.platform.pk):
        partner_access_grant(platform=world.a.platform, partner=partner)
    return member, partner


def test_a_representative_who_joined_later_gets_no_pdf_of_earlier_versions(world, login):
    d = deal(world)
    history(world, d, 1, draft_after=True)
    render_pdf(world, d, 1)
    newcomer, _ = _newcomer(world, d)
    first = base(d, "versions/1/pdf/")
    page = login(newcomer).get(base(d)).content.decode()
    assert "Version 1 is the agreement in force" in page
    assert first not in page  # neither in the notice above the history nor in its row
    assert "Only for its parties" in row(page, 1)
    assert base(d, "versions/2/pdf/") in row(page, 2)  # the draft names it
    # A party to version 1 keeps its download, in the notice and in the row.
    page = login(world.a.partner).get(base(d)).content.decode()
    assert base(d, "versions/1/pdf/download/") in row(page, 1)
    notice = page[page.index('id="in-force-heading"') : page.index("</section>")]
    assert base(d, "versions/1/pdf/download/") in notice


def test_the_newcomers_agreement_page_costs_the_same_however_long_the_history(world, login):
    d = deal(world)
    history(world, d, 1, draft_after=True)
    member, partner = _newcomer(world, d)
    client = login(member)
    two = queries(client, base(d))
    with unscoped():
        AgreementVersion.objects.filter(agreement=d.agreement, number=2).delete()
    for number in range(2, 5):
        amend(world, d, number - 1, f"Amendment {number}")
        if number == 2:  # a party from version 2 on (amending copies the signatories)
            add(world, d, partner, "Lee Joiner", member=member, number=2)
        version_issue(platform=world.a.platform, actor=None, version=version(d, number))
        sign_all(world, d, number, also={partner.pk: member.user})
    amend(world, d, 4, "New budget")
    page = client.get(base(d)).content.decode()
    assert "Only for its parties" in row(page, 1) and "Only for its parties" not in row(page, 2)
    assert queries(client, base(d)) == two


@pytest.mark.parametrize("tail", ["versions/1/", "versions/2/diff/", "versions/2/signatories/"])
def test_the_agreements_tab_is_marked_on_the_pages_beneath_it(world, login, tail):
    d = deal(world)
    history(world, d, 1, draft_after=True)
    page = login(world.a.broker).get(base(d, tail)).content.decode()
    tabs = page[page.index('<nav class="tabs"') :]
    tabs = tabs[: tabs.index("</nav>")]
    assert 'aria-current="true">Agreements</a>' in tabs
    assert tabs.count("aria-current") == 1
