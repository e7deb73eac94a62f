"""Drafting agreements through the pages: create from a template, read with the
completeness check, edit a draft's clauses (sanitised, all or nothing), refusals, roles."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.models import (
    Agreement,
    AgreementClause,
    AgreementForm,
    AgreementTemplate,
    AgreementVersion,
    VersionStatus,
)
from partnerships.services.access import broker_assign
from partnerships.services.agreement_templates import agreement_templates_seed
from partnerships.services.agreements import agreement_create
from platforms.tenancy import tenant, unscoped
from tests.factories import PartnerFactory, PartnershipFactory

FROZEN = "This version has been issued: edits make an amendment, which comes with signing."


@pytest.fixture
def ours(world):
    partnership = PartnershipFactory(platform=world.a.platform, vision="Clean water")
    PartnerFactory(partnership=partnership, organisation__name="<script>x</script> Trust")
    PartnerFactory(partnership=partnership, organisation__name="Village Council")
    agreement_templates_seed(platform=world.a.platform)
    with tenant(world.a.platform.pk):
        broker_assign(platform=world.a.platform, partnership=partnership, membership=world.a.broker)
    return partnership


def template(platform, form=AgreementForm.PARTNERSHIP_AGREEMENT):
    with unscoped():
        return AgreementTemplate.objects.get(platform=platform, form=form)


def base(partnership, tail=""):
    return f"/p/{partnership.platform.slug}/partnerships/{partnership.public_id}/agreements/{tail}"


def drafted(world, partnership):
    return agreement_create(
        platform=world.a.platform,
        partnership=partnership,
        actor=None,
        title="Agreement",
        template=template(world.a.platform),
    )


def clauses(agreement):
    with unscoped():
        return list(
            AgreementClause.objects.filter(version__agreement=agreement)
            .order_by("position")
            .values_list("title", "body")
        )


def post_data(rows):
    data = {
        "clauses-TOTAL_FORMS": str(len(rows)),
        "clauses-INITIAL_FORMS": str(len(rows)),
        "clauses-MIN_NUM_FORMS": "0",
        "clauses-MAX_NUM_FORMS": "1000",
    }
    for i, (title, body) in enumerate(rows):
        data[f"clauses-{i}-title"] = title
        data[f"clauses-{i}-body"] = body
        data[f"clauses-{i}-ORDER"] = str(i + 1)
    return data


def count() -> int:
    with unscoped():
        return Agreement.objects.count()


def test_drafting_end_to_end(world, login, ours):
    client = login(world.a.broker)
    assert client.get(base(ours)).status_code == 200
    page = client.get(base(ours, "new/")).content.decode()
    assert "Partnership agreement" in page
    response = client.post(
        base(ours, "new/"), {"template": template(world.a.platform).pk, "title": "Our MoU"}
    )
    assert response.status_code == 302
    with unscoped():
        agreement = Agreement.objects.get(partnership=ours)
        version = AgreementVersion.objects.get(agreement=agreement)
        assert agreement.template_version.template == template(world.a.platform)
        assert agreement.form == AgreementForm.PARTNERSHIP_AGREEMENT
    assert version.number == 1 and version.status == VersionStatus.DRAFT
    stored = dict(clauses(agreement))
    assert "Village Council" in stored["Parties"]
    assert "&lt;script&gt;" in stored["Parties"] and "<script>" not in stored["Parties"]
    assert stored["Vision"] == "<p>Clean water</p>"
    detail = client.get(response["Location"]).content.decode()
    assert "Our MoU" in detail and "Partnership agreement, version 1" in detail
    assert "Completeness check" in detail and "Partly in place" in detail
    assert "The partnership has no objectives recorded." in detail
    assert "<script>x" not in detail
    assert 'aria-current="true">Agreements' in detail
    listing = client.get(base(ours)).content.decode()
    assert "Our MoU" in listing and 'aria-current="page">Agreements' in listing
    # Edit the draft: the titles and text are saved as given, in order.
    rows = [*clauses(agreement)]
    rows[0] = ("Parties", "<p>Changed {date}</p>")
    edit = base(ours, f"{agreement.public_id}/edit/")
    assert client.get(edit).status_code == 200
    assert client.post(edit, post_data(rows)).status_code == 302
    assert clauses(agreement)[0] == ("Parties", "<p>Changed {date}</p>")


def test_create_refuses_bad_input_with_nothing_written(world, login, ours):
    client = login(world.a.admin)
    pk = template(world.a.platform).pk
    for data in ({}, {"template": pk, "title": " "}, {"template": "x", "title": "T"},
                 {"template": pk, "title": "T" * 301}, {"template": 999999, "title": "T"}):  # fmt: skip
        response = client.post(base(ours, "new/"), data)
        assert response.status_code == 400, data
    b_template = (agreement_templates_seed(platform=world.b.platform), template(world.b.platform))
    response = client.post(base(ours, "new/"), {"template": b_template[1].pk, "title": "T"})
    assert response.status_code == 400
    assert count() == 0


def test_a_retired_template_is_not_offered(world, login, ours):
    with unscoped():
        AgreementTemplate.objects.filter(pk=template(world.a.platform).pk).update(is_active=False)
    response = login(world.a.admin).post(
        base(ours, "new/"), {"template": template(world.a.platform).pk, "title": "T"}
    )
    assert response.status_code == 400 and count() == 0


DANGEROUS = [
    ("<p>a</p><script>alert(1)</script>", "scripts"),
    ('<img src="file:///etc/passwd">', "images"),
    ('<p style="background:url(http://evil.example/x)">x</p>', "styles"),
]


@pytest.mark.parametrize(("body", "kind"), DANGEROUS)
def test_clause_text_is_sanitised_and_what_was_removed_is_said(world, login, ours, body, kind):
    agreement = drafted(world, ours)
    response = login(world.a.broker).post(
        base(ours, f"{agreement.public_id}/edit/"), post_data([("Only", body)]), follow=True
    )
    page = response.content.decode()
    assert response.status_code == 200 and kind in page
    ((_, stored),) = clauses(agreement)
    for bad in ("script", "<img", "file:", "url(", "evil", "style"):
        assert bad not in stored.lower()
    assert "alert(1)" not in page and "file:///etc/passwd" not in page


def test_very_long_words_are_kept_and_wrap(world, login, ours):
    agreement = drafted(world, ours)
    word = "x" * 5000
    client = login(world.a.broker)
    client.post(base(ours, f"{agreement.public_id}/edit/"), post_data([("Long", word)]))
    assert clauses(agreement) == [("Long", word)]
    page = client.get(base(ours, f"{agreement.public_id}/")).content.decode()
    assert 'class="clause-body"' in page and word in page


def test_unknown_placeholders_are_refused_with_nothing_written(world, login, ours):
    agreement = drafted(world, ours)
    before = clauses(agreement)
    response = login(world.a.broker).post(
        base(ours, f"{agreement.public_id}/edit/"),
        post_data([("One", "<p>{budget}</p>"), ("Two", "ok")]),
    )
    assert response.status_code == 400
    assert "There is no placeholder {budget}" in response.content.decode()
    assert clauses(agreement) == before


def test_edits_to_an_issued_version_are_refused(world, login, ours):
    agreement = drafted(world, ours)
    before = clauses(agreement)
    with unscoped():
        AgreementVersion.objects.filter(agreement=agreement).update(status=VersionStatus.ISSUED)
    client = login(world.a.admin)
    edit = base(ours, f"{agreement.public_id}/edit/")
    for response in (client.get(edit), client.post(edit, post_data([("One", "x")]))):
        assert response.status_code == 403
        assert FROZEN in response.content.decode()
    assert clauses(agreement) == before
    page = client.get(base(ours, f"{agreement.public_id}/")).content.decode()
    assert "Issued for signature" in page and "Edit the clauses" not in page


def test_the_service_refuses_edits_to_an_executed_version(world, ours):
    from django.core.exceptions import ValidationError

    from partnerships.services.agreements import agreement_clauses_update

    agreement = drafted(world, ours)
    with unscoped():
        AgreementVersion.objects.filter(agreement=agreement).update(status=VersionStatus.EXECUTED)
        version = AgreementVersion.objects.get(agreement=agreement)
    with pytest.raises(ValidationError, match="has been issued"):
        agreement_clauses_update(
            platform=world.a.platform, actor=None, version=version, clauses=[{"title": "x"}]
        )


def test_garbage_posts_are_never_a_500(world, login, ours):
    agreement = drafted(world, ours)
    before = clauses(agreement)
    client = login(world.a.broker)
    for data in ({}, {"clauses-TOTAL_FORMS": "x"}, {"clauses-TOTAL_FORMS": "99999999"}):
        assert client.post(base(ours, f"{agreement.public_id}/edit/"), data).status_code < 500
    assert client.post(base(ours, "new/"), {"template": "' OR 1=1"}).status_code == 400
    assert clauses(agreement) == before


def test_roles(world, login, ours):
    agreement = drafted(world, ours)
    detail, edit = base(ours, f"{agreement.public_id}/"), base(ours, f"{agreement.public_id}/edit/")
    # The observer and the secretariat read, and cannot draft or edit.
    for member in (world.a.observer, world.a.secretariat):
        client = login(member)
        assert client.get(base(ours)).status_code == 200
        page = client.get(detail).content.decode()
        assert "Completeness check" in page and "Edit the clauses" not in page
        assert client.get(base(ours, "new/")).status_code == 403
        assert client.post(edit, post_data([("x", "y")])).status_code == 403
    # A partner representative without access sees nothing of it.
    client = login(world.a.partner)
    assert client.get(base(ours)).status_code == 404
    assert client.get(detail).status_code == 404
    # A broker not assigned to the partnership reads, and cannot write.
    other = PartnershipFactory(platform=world.a.platform)
    client = login(world.a.broker)
    assert client.get(base(other, "new/")).status_code == 403
    assert client.post(base(other, "new/"), {"title": "T"}).status_code == 403
    mine = agreement_create(
        platform=world.a.platform, partnership=other, actor=None, title="Theirs",
        template=template(world.a.platform),
    )  # fmt: skip
    assert client.get(base(other, f"{mine.public_id}/")).status_code == 200
    assert client.post(base(other, f"{mine.public_id}/edit/"), {}).status_code == 403
    assert count() == 2
    # Another partnership's agreement under this partnership's address is a 404.
    assert client.get(base(ours, f"{mine.public_id}/")).status_code == 404


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_query_budget_of_the_list(world, login, ours):
    client = login(world.a.observer)
    drafted(world, ours)
    few = _queries(client, base(ours))
    for _ in range(5):
        drafted(world, ours)
    assert _queries(client, base(ours)) == few
