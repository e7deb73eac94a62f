"""Review fixes in drafting: a version is not issued while a placeholder is left in it
(the refusal names each section and placeholder), and a draft's remaining placeholders
are filled again from the records as they are now, {signatories} included, without
touching what the brokers wrote."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.models import AgreementClause, Partnership, VersionStatus
from partnerships.services.agreements import (
    FILL_FROZEN,
    agreement_clauses_update,
    agreement_fill_again,
)
from partnerships.services.signing import version_issue
from platforms.tenancy import unscoped
from tests.factories import MembershipFactory
from tests.partnerships.signing_helpers import add, base, deal, issued, version

pytestmark = pytest.mark.django_db


def bodies(d, number=1) -> list[tuple[str, str]]:
    with unscoped():
        return list(
            AgreementClause.objects.filter(version=version(d, number))
            .order_by("position")
            .values_list("title", "body")
        )


def write(world, d, changes: dict[int, str]) -> None:
    """Replace the bodies of these sections (by position) as a broker saving the editor."""
    rows = [
        {"title": title, "body": changes.get(n, body)}
        for n, (title, body) in enumerate(bodies(d), start=1)
    ]
    agreement_clauses_update(
        platform=world.a.platform, actor=world.a.broker.user, version=version(d), clauses=rows
    )


def fill(world, d):
    return agreement_fill_again(
        platform=world.a.platform, actor=world.a.broker.user, version=version(d)
    )


def signatories(world, d):
    add(world, d, d.ours, "Asha Perera", member=world.a.partner)
    add(world, d, d.theirs, "Ben Silva", member=d.other_rep)


def records(d, **values):
    with unscoped():
        Partnership.objects.filter(pk=d.partnership.pk).update(**values)


# --- Issuing refuses a placeholder left in the text --------------------------------------


def test_issuing_names_each_section_still_holding_a_placeholder(world):
    d = deal(world)
    assert bodies(d)[2][0] == "Vision" and bodies(d)[3][0] == "Common purpose"
    write(world, d, {3: "<p>{vision}</p>", 4: "<p>{purpose} and {aims}</p>"})
    signatories(world, d)
    with pytest.raises(ValidationError) as refused:
        version_issue(platform=world.a.platform, actor=world.a.broker.user, version=version(d))
    assert refused.value.messages == [
        "Section 3 “Vision” still has {vision}: fill it from the records or write the text.",
        "Section 4 “Common purpose” still has {purpose} and {aims}: fill them from the "
        "records or write the text.",
    ]
    assert version(d).status == VersionStatus.DRAFT and version(d).parties == []


def test_issuing_names_the_missing_signatories_and_the_placeholders_together(world):
    d = deal(world)
    write(world, d, {3: "<p>{vision}</p>"})
    with pytest.raises(ValidationError) as refused:
        version_issue(platform=world.a.platform, actor=None, version=version(d))
    assert len(refused.value.messages) == 2
    assert "Missing for: Sarvodaya, Water Trust." in refused.value.messages[0]
    assert "Section 3 “Vision” still has {vision}" in refused.value.messages[1]


def test_the_issue_button_shows_the_refusal(world, login):
    d = deal(world)
    write(world, d, {3: "<p>{vision}</p>"})
    signatories(world, d)
    response = login(world.a.broker).post(base(d, "versions/1/issue/"), follow=True)
    assert response.status_code == 200
    assert "Section 3 “Vision” still has {vision}" in response.content.decode()
    assert version(d).status == VersionStatus.DRAFT


def test_a_draft_from_complete_records_issues(world):
    d = deal(world)
    assert not any("{" in body for _, body in bodies(d))
    issued(world, d)
    assert version(d).status == VersionStatus.ISSUED


# --- Filling again -----------------------------------------------------------------------


def test_filling_again_fills_only_the_placeholders(world):
    d = deal(world)
    write(world, d, {3: "<p>Our own words. {vision}</p>"})
    before = bodies(d)
    result = fill(world, d)
    assert (result.filled, result.left) == (["vision"], [])
    after = bodies(d)
    assert after[2] == ("Vision", "<p>Our own words. Clean water for every village</p>")
    assert after[:2] + after[3:] == before[:2] + before[3:]
    signatories(world, d)
    version_issue(platform=world.a.platform, actor=None, version=version(d))
    assert version(d).status == VersionStatus.ISSUED


def test_filling_again_keeps_values_filled_before(world):
    d = deal(world)
    records(d, vision="A changed vision")
    before = bodies(d)
    result = fill(world, d)
    assert (result.filled, result.left) == ([], [])
    assert bodies(d) == before  # the text drafted (or written) stays as it is


def test_filling_again_says_what_the_records_still_lack(world):
    d = deal(world)
    records(d, vision="")
    write(world, d, {3: "<p>{vision}</p>", 4: "<p>{purpose}</p>"})
    result = fill(world, d)
    assert (result.filled, result.left) == (["purpose"], ["vision"])
    assert bodies(d)[2][1] == "<p>{vision}</p>"
    assert bodies(d)[3][1] == "<p>Safe wells, kept working</p>"


def test_signatories_are_filled_once_named_and_stay_text(world):
    d = deal(world)
    write(world, d, {1: "<p>Signing for the parties:</p>{signatories}"})
    assert fill(world, d).left == ["signatories"]
    add(world, d, d.ours, "Asha <b>Perera</b>", member=world.a.partner)
    add(world, d, d.ours, "Dev Fonseka", required=False)
    add(world, d, d.theirs, "Ben Silva", member=d.other_rep)
    assert fill(world, d).filled == ["signatories"]
    body = bodies(d)[0][1]
    assert "<strong>Sarvodaya</strong>: Asha &lt;b&gt;Perera&lt;/b&gt;; Dev Fonseka (optional)" in (
        body
    )
    assert "<strong>Water Trust</strong>: Ben Silva" in body
    assert "{" not in body


def test_filling_an_issued_version_is_refused_and_writes_nothing(world):
    d = deal(world)
    issued(world, d)
    before = bodies(d)
    with pytest.raises(ValidationError) as refused:
        fill(world, d)
    assert refused.value.messages == [FILL_FROZEN]
    assert bodies(d) == before


# --- The button ----------------------------------------------------------------------------


def fill_url(d, number=1) -> str:
    return base(d, f"versions/{number}/fill/")


def test_the_button_fills_and_says_what_it_did(world, login):
    d = deal(world)
    records(d, purpose="")
    write(world, d, {3: "<p>{vision}</p>", 4: "<p>{purpose}</p>"})
    client = login(world.a.broker)
    response = client.post(fill_url(d))
    assert response.status_code == 302 and response["Location"] == base(d)
    page = client.get(base(d)).content.decode()
    assert "Filled {vision} from the partnership&#x27;s records." in page
    assert "The records have nothing yet for {purpose}" in page
    assert bodies(d)[2][1] == "<p>Clean water for every village</p>"


def test_from_the_editor_it_goes_back_to_the_editor(world, login):
    d = deal(world)
    client = login(world.a.broker)
    editor = client.get(base(d, "edit/")).content.decode()
    assert fill_url(d) in editor and "{signatories}" in editor
    response = client.post(fill_url(d), {"back": "edit"})
    assert response["Location"] == base(d, "edit/")
    assert "No placeholders are left" in client.get(base(d, "edit/")).content.decode()
    # Anything else is the agreement's page.
    assert client.post(fill_url(d), {"back": "https://evil.example"})["Location"] == base(d)


def test_the_button_is_offered_on_a_draft_to_those_who_may_change_it(world, login):
    d = deal(world)
    assert fill_url(d) in login(world.a.broker).get(base(d)).content.decode()
    for member in (world.a.partner, world.a.observer, world.a.secretariat):
        assert fill_url(d) not in login(member).get(base(d)).content.decode()
    issued(world, d)
    assert fill_url(d) not in login(world.a.broker).get(base(d)).content.decode()


def test_on_an_issued_version_the_button_says_why_and_writes_nothing(world, login):
    d = deal(world)
    issued(world, d)
    before = bodies(d)
    response = login(world.a.broker).post(fill_url(d), follow=True)
    assert FILL_FROZEN in response.content.decode()
    assert bodies(d) == before


def test_who_may_fill(world, login):
    d = deal(world)
    write(world, d, {3: "<p>{vision}</p>"})
    unassigned = MembershipFactory(platform=world.a.platform, role="broker")
    for member in (world.a.partner, world.a.observer, world.a.secretariat, unassigned):
        assert login(member).post(fill_url(d)).status_code == 403
    for member in (world.b.admin, world.b.broker):
        assert login(member).post(fill_url(d)).status_code == 404
    assert login(world.a.broker).get(fill_url(d)).status_code == 405
    assert login(world.a.broker).post(fill_url(d, number=9)).status_code == 404
    assert bodies(d)[2][1] == "<p>{vision}</p>"
    assert login(world.a.admin).post(fill_url(d)).status_code == 302
    assert bodies(d)[2][1] == "<p>Clean water for every village</p>"


def test_filling_takes_the_same_queries_for_few_or_many_sections(world, login):
    d = deal(world)
    client = login(world.a.broker)

    def cost(sections: int) -> int:
        write(world, d, {n: "<p>{vision} {purpose}</p>" for n in range(1, sections + 1)})
        with CaptureQueriesContext(connection) as queries:
            assert client.post(fill_url(d)).status_code == 302
        assert not any("{" in body for _, body in bodies(d))
        return len(queries)

    assert cost(2) == cost(12)
