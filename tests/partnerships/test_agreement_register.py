"""The platform's register of agreements: who sees it, and what each row says (status
derived from the newest version and its signatures, dates in the platform's time zone,
whether the PDF is ready and who gets its link). Filters and the query budget are in
test_agreement_register_filters; ``build`` (below) is shared by those modules."""

import re
from dataclasses import asdict
from datetime import UTC, datetime
from html import unescape
from typing import cast

import pytest
from django.urls import reverse

from partnerships.agreements import pdf
from partnerships.models import (
    AgreementForm,
    AgreementTemplate,
    AgreementVersion,
    Partner,
    Partnership,
    Signatory,
    VersionStatus,
)
from partnerships.selectors.agreement_register import (
    PDF_KIND,
    register_pdf_keys,
    register_versions,
)
from partnerships.services import agreement_pdfs
from partnerships.services.access import broker_assign
from partnerships.services.agreement_pdfs import agreement_pdf_request
from partnerships.services.agreement_templates import agreement_templates_seed
from partnerships.services.agreements import agreement_create
from platforms.jobs import job_execute
from platforms.tenancy import platform_transaction, tenant, unscoped
from stakeholders.models import Organisation
from tests.factories import PartnerFactory, PartnershipFactory

# 20:00 UTC is already the next day in Asia/Colombo (A's zone, UTC+5:30).
LATE = datetime(2026, 3, 4, 20, 0, tzinfo=UTC)
EARLY = datetime(2026, 1, 10, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def register(slug="alpha", **params) -> str:
    url = reverse("agreement_register", args=[slug])
    if params:
        from urllib.parse import urlencode

        url += "?" + urlencode(params)
    return url


def template_of(platform, form=AgreementForm.PARTNERSHIP_AGREEMENT) -> AgreementTemplate:
    agreement_templates_seed(platform=platform)
    with unscoped():
        return AgreementTemplate.objects.get(platform=platform, form=form)


def build(
    side,
    *,
    title: str,
    partnership: Partnership | None = None,
    status: str = VersionStatus.DRAFT,
    required: int = 0,
    signed: int = 0,
    declined: bool = False,
    issued_at: datetime | None = None,
    executed_at: datetime | None = None,
    form: str = AgreementForm.PARTNERSHIP_AGREEMENT,
) -> AgreementVersion:
    """An agreement drafted by the real service, its version 1 then put in the state
    asked for: ``required`` required signatories, the first ``signed`` of them signed,
    the last one declined when ``declined``."""
    platform = side.platform
    partnership = partnership or cast(Partnership, PartnershipFactory(platform=platform))
    with unscoped():
        partner = Partner.objects.filter(partnership=partnership).first() or cast(
            Partner, PartnerFactory(partnership=partnership)
        )
    agreement = agreement_create(
        platform=platform,
        partnership=partnership,
        actor=None,
        title=title,
        template=template_of(platform, form),
    )
    with unscoped():
        version = AgreementVersion.objects.get(agreement=agreement)
        for n in range(required):
            Signatory.objects.create(
                platform=platform,
                version=version,
                partner=partner,
                name=f"Signer {n + 1}",
                required=True,
                signed_at=EARLY if n < signed else None,
                signed_name=f"Signer {n + 1}" if n < signed else "",
                declined_at=EARLY if declined and n == required - 1 else None,
                decline_reason="Not yet" if declined and n == required - 1 else "",
            )
        AgreementVersion.objects.filter(pk=version.pk).update(
            status=status, issued_at=issued_at, executed_at=executed_at
        )
        return AgreementVersion.objects.select_related("agreement__partnership", "platform").get(
            pk=version.pk
        )


def rows(html: str) -> list[str]:
    """The text of each body row, whitespace squeezed."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return [
        " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def titles(html: str) -> list[str]:
    return [
        unescape(title)
        for title in re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', html)
    ]


# What each row says ---------------------------------------------------------------------


def test_every_status_with_its_signatures_and_dates(world, login):
    a = world.a
    build(a, title="A draft")
    build(a, title="B issued", status=VersionStatus.ISSUED, required=2, issued_at=EARLY)
    build(a, title="C partly", status=VersionStatus.ISSUED, required=2, signed=1, issued_at=EARLY)
    build(
        a,
        title="D declined",
        status=VersionStatus.ISSUED,
        required=2,
        signed=1,
        declined=True,
        issued_at=EARLY,
    )
    build(
        a,
        title="E executed",
        status=VersionStatus.EXECUTED,
        required=2,
        signed=2,
        issued_at=EARLY,
        executed_at=LATE,
    )
    build(a, title="F superseded", status=VersionStatus.SUPERSEDED, required=1, signed=1)
    html = login(a.secretariat).get(register()).content.decode()
    found = rows(html)
    assert len(found) == 6
    assert "Draft" in found[0] and "No required signatories yet" in found[0]
    assert "Issued, awaiting signatures" in found[1] and "0 of 2 required" in found[1]
    assert "Partly signed" in found[2] and "1 of 2 required" in found[2]
    assert "Declined" in found[3] and "Someone declined" in found[3]
    assert "Executed" in found[4] and "2 of 2 required" in found[4]
    assert "Superseded" in found[5]
    # Dates on the platform's calendar: 4 March 20:00 UTC is 5 March in Colombo.
    assert "10 Jan 2026" in found[4] and "5 Mar 2026" in found[4]
    assert "Dates are in Asia/Colombo" in html
    assert 'class="badge badge-danger">Declined' in html
    assert 'class="badge badge-success">Executed' in html


def test_the_row_shows_the_newest_version_with_links(world, login):
    version = build(world.a, title="Compact", status=VersionStatus.EXECUTED, executed_at=LATE)
    with unscoped():
        AgreementVersion.objects.create(
            platform=world.a.platform, agreement=version.agreement, number=2, reason="Amended"
        )
    html = login(world.a.secretariat).get(register()).content.decode()
    (row,) = rows(html)
    assert row.startswith("Select “Compact” Compact")
    assert " 2 Draft " in row  # version 2, still a draft
    agreement, partnership = version.agreement, version.agreement.partnership
    assert (
        reverse("agreement_detail", args=["alpha", partnership.public_id, agreement.public_id])
        in html
    )
    assert reverse("partnership_detail", args=["alpha", partnership.public_id]) in html
    assert "Partnership agreement (MoU)" in row
    assert 'title="Partnership agreement (memorandum of understanding)"' in html


# Who sees it ----------------------------------------------------------------------------


def test_roles(world, login, client):
    build(world.a, title="Compact")
    for member in (world.a.admin, world.a.broker, world.a.secretariat, world.a.observer):
        response = login(member).get(register())
        assert response.status_code == 200, member.role
        assert "Compact" in response.content.decode()
        selectable = 'name="selected"' in response.content.decode()
        assert selectable == (member in (world.a.admin, world.a.secretariat)), member.role
    assert login(world.a.partner).get(register()).status_code == 403
    assert login(world.outsider).get(register()).status_code == 404
    client.logout()
    assert client.get(register()).status_code == 302  # to the log-in page


def test_another_platform_sees_nothing_of_it(world, login):
    build(world.a, title="Alpha's compact")
    build(world.b, title="Beta's compact")
    # B's secretariat on A's address: A is not its platform.
    assert login(world.b.secretariat).get(register("alpha")).status_code == 404
    html = login(world.a.secretariat).get(register("alpha")).content.decode()
    assert titles(html) == ["Alpha's compact"]
    assert (
        "Beta's" not in login(world.a.secretariat).get(register("alpha", q="Beta")).content.decode()
    )


def test_the_navigation_marks_the_page(world, login):
    build(world.a, title="Compact")
    html = login(world.a.secretariat).get(register()).content.decode()
    assert re.search(r'href="/p/alpha/agreements/" aria-current="page">Agreements</a>', html)
    assert not re.search(r'aria-current="\w+">Partnerships</a>', html)
    partner_page = login(world.a.partner).get(reverse("home", args=["alpha"])).content.decode()
    assert 'href="/p/alpha/agreements/"' not in partner_page


# The PDF column -------------------------------------------------------------------------


def _render(side, version, actor=None):
    with platform_transaction(side.platform.pk, user_id=getattr(actor, "pk", None)):
        state = agreement_pdf_request(platform=side.platform, actor=actor, version=version)
    job_execute(job_id=state.job.pk, platform_id=side.platform.pk)


def test_a_ready_pdf_is_offered_to_whoever_may_download_it(world, login):
    a = world.a
    ready = build(a, title="Ready one", status=VersionStatus.EXECUTED, executed_at=LATE)
    waiting = build(a, title="Waiting one")
    build(a, title="Nothing yet")
    _render(a, ready)
    with platform_transaction(a.platform.pk):
        agreement_pdf_request(platform=a.platform, actor=None, version=waiting)  # queued only
    download = reverse(
        "agreement_pdf_download",
        args=["alpha", ready.agreement.partnership.public_id, ready.agreement.public_id, 1],
    )
    for member in (a.secretariat, a.admin):
        found = rows(login(member).get(register()).content.decode())
        assert "Download the PDF of “Ready one”, version 1" in found[1]
        assert "Being prepared" in found[2] and "Not prepared yet" in found[0]
    # Observers and brokers not assigned to the partnership: ready, but no link.
    for member in (a.observer, a.broker):
        html = login(member).get(register()).content.decode()
        assert download not in html and "Ready" in rows(html)[1]
    with tenant(a.platform.pk):
        broker_assign(
            platform=a.platform, partnership=ready.agreement.partnership, membership=a.broker
        )
    assert download in login(a.broker).get(register()).content.decode()


def test_the_register_computes_the_same_pdf_key_as_the_renderer(world):
    """The register computes PDF keys for a page in bulk; they must be exactly the keys
    pdf.pdf_content gives, one version at a time, in every state a version can be in."""
    a = world.a
    partnership = PartnershipFactory(platform=a.platform, title="Shared")
    PartnerFactory(partnership=partnership, organisation__name="Zeta Org")
    gone = PartnerFactory(partnership=partnership, organisation__name="Gone Org")
    with unscoped():
        Partner.objects.filter(pk=gone.pk).update(left_on=EARLY.date())
    build(a, title="Draft", partnership=partnership)
    build(a, title="Partly", partnership=partnership, status="issued", required=3, signed=1)
    build(a, title="Declined", status="issued", required=2, signed=1, declined=True)
    build(a, title="Executed", status="executed", required=2, signed=2, executed_at=LATE)
    # Issued versions name their parties as frozen at issue: a partner that left since and
    # an organisation renamed since (here into first place) change neither. A superseded
    # version that was executed keeps its document, status "executed".
    later = PartnershipFactory(platform=a.platform, title="Later")
    stays = PartnerFactory(partnership=later, organisation__name="Yew Org")
    leaves = PartnerFactory(partnership=later, organisation__name="Oak Org")
    frozen = [
        build(a, title="Left", partnership=later, status="issued", required=2, signed=1),
        build(
            a,
            title="Gone",
            partnership=later,
            status="superseded",
            required=1,
            signed=1,
            issued_at=EARLY,
            executed_at=LATE,
        ),
        build(a, title="Old", status="superseded", required=1, signed=1, issued_at=EARLY),
    ]
    with unscoped():
        for v in frozen:
            parties = [asdict(p) for p in pdf.parties_now(version=v)]
            AgreementVersion.objects.filter(pk=v.pk).update(parties=parties)
        Signatory.objects.create(
            platform=a.platform, version=frozen[0], partner=leaves, name="Ivo", required=True
        )
        Partner.objects.filter(pk=leaves.pk).update(left_on=EARLY.date())
        Organisation.objects.filter(pk=stays.organisation_id).update(name="Aardvark Org")
    with unscoped():
        versions = list(register_versions(platform=a.platform))
        keys = register_pdf_keys(platform=a.platform, versions=versions)
        expected = {
            v.pk: pdf.pdf_content(
                version=AgreementVersion.objects.select_related(
                    "agreement__partnership", "platform"
                ).get(pk=v.pk)
            ).key
            for v in versions
        }
    assert len(keys) == 7 and keys == expected
    with unscoped():
        statuses = {v.agreement.title: pdf.pdf_content(version=v).canonical for v in versions}
    assert statuses["Gone"]["status"] == "executed" and statuses["Old"]["status"] == "issued"
    assert [p[0] for p in statuses["Left"]["parties"]] == ["Oak Org", "Yew Org"]
    assert PDF_KIND == agreement_pdfs.KIND  # the "being prepared" look-up's job kind
