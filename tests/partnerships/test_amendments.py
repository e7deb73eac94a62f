"""Amendments: a new draft version after an executed (or declined) one, with a reason,
copying clauses and signatories unsigned; the section-by-section difference page."""

import pytest
from django.core.exceptions import ValidationError

from partnerships.models import AgreementClause, AgreementVersion, Signatory, VersionStatus
from partnerships.selectors.signing import words_diff
from partnerships.services.agreements import agreement_clauses_update
from partnerships.services.signing import (
    signatory_decline,
    signatory_sign,
    version_amend,
    version_issue,
)
from platforms.tenancy import unscoped
from tests.factories import MembershipFactory
from tests.partnerships.signing_helpers import base, deal, fresh, issued, version

pytestmark = pytest.mark.django_db


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


def versions(d) -> list[tuple[int, str]]:
    with unscoped():
        return list(
            AgreementVersion.objects.filter(agreement=d.agreement)
            .order_by("number")
            .values_list("number", "status")
        )


def test_amending_an_executed_version_copies_it_unsigned(world, login):
    d = deal(world)
    executed(world, d)
    client = login(world.a.broker)
    response = client.post(base(d, "versions/1/amend/"), {"reason": "New budget"})
    assert response.status_code == 302
    assert versions(d) == [(1, "executed"), (2, "draft")]  # v1 in force until v2 executes
    v2 = version(d, 2)
    assert v2.reason == "New budget"
    with unscoped():
        copied = list(Signatory.objects.filter(version=v2).values_list("name", "signed_at"))
        old = AgreementClause.objects.filter(version=version(d)).count()
        assert AgreementClause.objects.filter(version=v2).count() == old
    assert sorted(copied) == [("Asha Perera", None), ("Ben Silva", None)]
    # The amendment executed: the one before is superseded.
    version_issue(platform=world.a.platform, actor=None, version=v2)
    with unscoped():
        new_sigs = list(Signatory.objects.filter(version=v2).order_by("name"))
    sign(world, new_sigs[0], world.a.partner.user)
    sign(world, new_sigs[1], d.other_rep.user)
    assert versions(d) == [(1, "superseded"), (2, "executed")]


def test_an_amendment_needs_a_reason_and_an_executed_or_declined_version(world, login):
    d = deal(world)
    client = login(world.a.broker)
    response = client.post(base(d, "versions/1/amend/"), {"reason": "x"})
    assert response.status_code == 400
    assert "Only an executed version" in response.content.decode()
    mine, _ = issued(world, d)
    with pytest.raises(ValidationError, match="Only an executed version"):
        version_amend(platform=world.a.platform, actor=None, version=version(d), reason="x")
    signatory_decline(
        platform=world.a.platform, signatory=fresh(mine), user=world.a.partner.user, reason="No"
    )
    response = client.post(base(d, "versions/1/amend/"), {"reason": " "})
    assert response.status_code == 400
    assert "Say why the agreement is amended." in response.content.decode()
    assert versions(d) == [(1, "issued")]
    assert client.post(base(d, "versions/1/amend/"), {"reason": "Fix it"}).status_code == 302
    assert versions(d) == [(1, "superseded"), (2, "draft")]
    with pytest.raises(ValidationError, match="newest"):
        version_amend(platform=world.a.platform, actor=None, version=version(d), reason="x")


def test_amending_is_for_assigned_brokers_and_admins(world, login):
    d = deal(world)
    executed(world, d)
    url = base(d, "versions/1/amend/")
    assert login(world.a.observer).post(url, {"reason": "x"}).status_code == 403
    unassigned = MembershipFactory(platform=world.a.platform)
    assert login(unassigned).post(url, {"reason": "x"}).status_code == 403
    assert login(world.a.partner).post(url, {"reason": "x"}).status_code == 403
    assert versions(d) == [(1, "executed")]
    assert login(world.a.admin).post(url, {"reason": "x"}).status_code == 302


def test_the_difference_page_shows_each_section_escaped(world, login):
    d = deal(world)
    executed(world, d)
    v2 = version_amend(platform=world.a.platform, actor=None, version=version(d), reason="Why")
    with unscoped():
        first = list(AgreementClause.objects.filter(version=v2).order_by("position"))
    rows = [{"title": c.title, "body": c.body} for c in first[1:]]
    rows[0]["body"] = "<p>Brand new words &lt;script&gt;alert(1)&lt;/script&gt;</p>"
    rows.append({"title": "Exit", "body": "<p>Either may leave with notice.</p>"})
    agreement_clauses_update(platform=world.a.platform, actor=None, version=v2, clauses=rows)
    page = login(world.a.observer).get(base(d, "versions/2/diff/"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Why" in html
    assert f'{first[0].title} <span class="badge">Removed</span>' in html
    assert 'Exit <span class="badge">Added</span>' in html
    assert "Changed" in html
    assert "words &lt;script&gt;alert(1)&lt;/script&gt;</ins>" in html
    assert "<script>alert(1)" not in html
    first_page = login(world.a.observer).get(base(d, "versions/1/diff/")).content.decode()
    assert "nothing before it to compare" in first_page


def test_words_diff_marks_insertions_and_deletions():
    assert words_diff("<p>pay 10 dollars</p>", "<p>pay 20 dollars</p>") == (
        "pay <del>10</del> <ins>20</ins> dollars"
    )
    assert words_diff("", "<p>a &lt;b&gt; &amp; <em>c</em></p>") == "<ins>a &lt;b&gt; &amp; c</ins>"


def test_words_diff_keeps_list_items_and_paragraphs_apart():
    old = "<ul><li>Afghan Women's Network</li><li>Pajhwok</li></ul><p>Signed in Kabul</p>"
    new = "<ul><li>Afghan Women's Network</li></ul><p>Signed in Kabul</p>"
    assert words_diff(old, new) == (
        "Afghan Women&#x27;s Network <br> <del>Pajhwok <br></del> Signed in Kabul"
    )
    # Inline tags do not break a line.
    assert words_diff("<p>a <em>b</em> c</p>", "<p>a <em>b</em> c d</p>") == "a b c <ins>d</ins>"
