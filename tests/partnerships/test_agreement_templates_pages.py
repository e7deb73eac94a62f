"""Agreement template pages: editing makes a new version, text is sanitised, bad input is
refused with nothing written, roles and platforms are respected, queries stay flat."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.models.agreements import AgreementForm, AgreementTemplate, TemplateVersion
from partnerships.services.agreement_templates import (
    agreement_templates_seed,
    template_version_create,
)
from platforms.tenancy import unscoped


def template_of(platform, form=AgreementForm.PARTNERSHIP_AGREEMENT) -> AgreementTemplate:
    agreement_templates_seed(platform=platform)
    with unscoped():
        return AgreementTemplate.objects.get(platform=platform, form=form)


def url(platform, template=None, tail=""):
    base = f"/p/{platform.slug}/agreement-templates/"
    return base + (f"{template.public_id}/" if template else "") + tail


def clauses_of(template, number):
    with unscoped():
        version = TemplateVersion.objects.get(template=template, number=number)
        return [(c.title, c.body) for c in version.clauses.order_by("position")]


def versions(template) -> int:
    with unscoped():
        return TemplateVersion.objects.filter(template=template).count()


def post_data(rows, note="Tightened the wording", initial=None):
    data = {
        "clauses-TOTAL_FORMS": str(len(rows)),
        "clauses-INITIAL_FORMS": str(initial if initial is not None else len(rows)),
        "clauses-MIN_NUM_FORMS": "0",
        "clauses-MAX_NUM_FORMS": "1000",
        "note": note,
    }
    for i, row in enumerate(rows):
        data[f"clauses-{i}-title"] = row.get("title", "")
        data[f"clauses-{i}-body"] = row.get("body", "")
        data[f"clauses-{i}-ORDER"] = str(row.get("order", i + 1))
        if row.get("delete"):
            data[f"clauses-{i}-DELETE"] = "on"
    return data


def test_editing_makes_a_new_version_and_leaves_the_old_one(world, login):
    template = template_of(world.a.platform)
    old = clauses_of(template, 1)
    client = login(world.a.admin)
    assert client.get(url(world.a.platform, template, "edit/")).status_code == 200
    rows = [{"title": t, "body": b} for t, b in old]
    rows[0]["body"] = "<p>The parties: {parties}, on {date}.</p>"
    rows[1]["delete"] = True
    rows[2]["order"] = 0  # moved first
    response = client.post(url(world.a.platform, template, "edit/"), post_data(rows))
    assert response.status_code == 302
    new = clauses_of(template, 2)
    assert new[0] == old[2]
    assert new[1] == ("Parties", "<p>The parties: {parties}, on {date}.</p>")
    assert old[1] not in new and len(new) == len(old) - 1
    assert clauses_of(template, 1) == old
    with unscoped():
        assert TemplateVersion.objects.get(template=template, number=2).created_by == (
            world.a.admin.user
        )
    # Both versions can be read; the old one stays as it was.
    client = login(world.a.observer)
    page = client.get(url(world.a.platform, template, "versions/1/")).content.decode()
    assert "an older version" in page and "Background and context" in page
    assert "Tightened the wording" in client.get(url(world.a.platform, template)).content.decode()


def test_adding_a_clause_in_an_empty_row(world, login):
    template = template_of(world.a.platform, AgreementForm.WORK_PLAN)
    old = clauses_of(template, 1)
    rows = [{"title": t, "body": b} for t, b in old] + [
        {"title": "Annex", "body": "<p>See {objectives}.</p>", "order": ""},
        {"title": "", "body": "", "order": ""},
    ]
    response = login(world.a.admin).post(
        url(world.a.platform, template, "edit/"), post_data(rows, initial=len(old))
    )
    assert response.status_code == 302
    assert clauses_of(template, 2) == old + [("Annex", "<p>See {objectives}.</p>")]


DANGEROUS = [
    ("<p>Hi</p><script>alert(1)</script>", "scripts"),
    ('<p><b onerror="alert(1)">x</b></p>', "scripts"),
    ('<p style="color:red">x</p>', "styles"),
    ('<img src="file:///etc/passwd">', "images"),
    ('<p style="background:url(http://evil.example/x)">x</p>', "styles"),
    ('<a href="javascript:alert(1)">x</a>', "scripts"),
    ("<style>p{background:url(http://evil)}</style><p>x</p>", "styles"),
]


@pytest.mark.parametrize(("body", "kind"), DANGEROUS)
def test_dangerous_text_is_removed_and_reported(world, login, body, kind):
    template = template_of(world.a.platform, AgreementForm.WORK_PLAN)
    rows = [{"title": "Only", "body": body}]
    response = login(world.a.admin).post(
        url(world.a.platform, template, "edit/"), post_data(rows), follow=True
    )
    assert response.status_code == 200
    assert kind in response.content.decode()
    ((_, stored),) = clauses_of(template, 2)
    for bad in ("script", "onerror", "style", "<img", "file:", "url(", "javascript:", "evil"):
        assert bad not in stored.lower(), stored
    page = response.content.decode()
    assert "alert(1)" not in page and "file:///etc/passwd" not in page


def test_output_is_sanitised_again(world, login):
    # A row written around the services still reaches the page clean.
    template = template_of(world.a.platform, AgreementForm.CONTRACT)
    with unscoped():
        clause = TemplateVersion.objects.get(template=template).clauses.first()
        clause.body = '<p>ok</p><script>alert("x")</script><img src="file:///etc/passwd">'
        clause.save()
    page = login(world.a.admin).get(url(world.a.platform, template)).content.decode()
    assert "<p>ok</p>" in page
    assert 'alert("x")' not in page and "file:///etc/passwd" not in page


def test_very_long_words_are_kept(world, login):
    template = template_of(world.a.platform, AgreementForm.WORK_PLAN)
    word = "x" * 5000
    response = login(world.a.admin).post(
        url(world.a.platform, template, "edit/"), post_data([{"title": "Long", "body": word}])
    )
    assert response.status_code == 302
    assert clauses_of(template, 2) == [("Long", word)]


@pytest.mark.parametrize(
    ("rows", "note", "message"),
    [
        (
            [{"title": "X", "body": "<p>{budget} and {parties}</p>"}],
            "n",
            "There is no placeholder {budget}",
        ),
        ([{"title": "X {nope}", "body": ""}], "n", "{nope}"),
        ([{"title": "", "body": "<p>text</p>"}], "n", "Give the section a title"),
        ([{"title": "X", "body": "a" * 20_001}], "n", "keep it to 20,000"),
        ([{"title": "X", "body": "ok"}], "", "Say in a few words what changed"),
        ([{"title": "X", "body": "ok", "delete": True}], "n", "at least one clause"),
    ],
)
def test_bad_input_is_refused_with_nothing_written(world, login, rows, note, message):
    template = template_of(world.a.platform, AgreementForm.WORK_PLAN)
    response = login(world.a.admin).post(
        url(world.a.platform, template, "edit/"), post_data(rows, note=note)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert versions(template) == 1


def test_unknown_placeholder_message_lists_the_known_ones(world):
    from django.core.exceptions import ValidationError

    template = template_of(world.a.platform)
    with pytest.raises(ValidationError) as error:
        template_version_create(
            platform=world.a.platform,
            actor=world.a.admin.user,
            template=template,
            clauses=[{"title": "A", "body": "{parties}"}, {"title": "B", "body": "{budget}"}],
            note="x",
        )
    assert "{budget}" in str(error.value) and "{reporting_cadence}" in str(error.value)
    assert versions(template) == 1


def test_garbage_post_is_never_a_500(world, login):
    template = template_of(world.a.platform)
    client = login(world.a.admin)
    for data in ({}, {"clauses-TOTAL_FORMS": "x"}, {"clauses-TOTAL_FORMS": "99999999"}):
        assert client.post(url(world.a.platform, template, "edit/"), data).status_code < 500
    assert client.post(url(world.a.platform, None, "new/"), {"form": "poem"}).status_code == 200
    assert versions(template) == 1


def test_new_template_starts_from_the_defaults(world, login):
    agreement_templates_seed(platform=world.a.platform)
    client = login(world.a.admin)
    data = {"name": "Short MoU", "form": AgreementForm.PARTNERSHIP_AGREEMENT, "description": ""}
    assert client.post(url(world.a.platform, None, "new/"), data).status_code == 302
    with unscoped():
        template = AgreementTemplate.objects.get(platform=world.a.platform, name="Short MoU")
    assert len(clauses_of(template, 1)) == 16
    # The same name again is refused.
    page = client.post(url(world.a.platform, None, "new/"), data)
    assert "already has a template named" in page.content.decode()


def test_retire_and_use_again(world, login):
    template = template_of(world.a.platform)
    client = login(world.a.admin)
    client.post(url(world.a.platform, template, "active/"), {"is_active": "0"})
    with unscoped():
        template.refresh_from_db()
    assert not template.is_active
    client.post(url(world.a.platform, template, "active/"), {"is_active": "1"})
    with unscoped():
        template.refresh_from_db()
    assert template.is_active


@pytest.mark.parametrize("role", ["broker", "secretariat", "observer"])
def test_staff_view_but_cannot_change(world, login, role):
    template = template_of(world.a.platform)
    client = login(getattr(world.a, role))
    assert client.get(url(world.a.platform)).status_code == 200
    assert client.get(url(world.a.platform, template)).status_code == 200
    assert client.get(url(world.a.platform, template, "versions/1/")).status_code == 200
    rows = [{"title": "X", "body": "y"}]
    assert client.get(url(world.a.platform, template, "edit/")).status_code == 403
    assert client.post(url(world.a.platform, template, "edit/"), post_data(rows)).status_code == 403
    assert client.post(url(world.a.platform, template, "active/")).status_code == 403
    assert client.get(url(world.a.platform, None, "new/")).status_code == 403
    assert versions(template) == 1
    with unscoped():
        template.refresh_from_db()
    assert template.is_active


def test_partner_representative_cannot_view(world, login):
    template = template_of(world.a.platform)
    client = login(world.a.partner)
    assert client.get(url(world.a.platform)).status_code == 403
    assert client.get(url(world.a.platform, template)).status_code == 403


def test_missing_version_is_404(world, login):
    template = template_of(world.a.platform)
    client = login(world.a.admin)
    assert client.get(url(world.a.platform, template, "versions/7/")).status_code == 404


def test_other_platforms_templates_are_404(world, login):
    theirs = template_of(world.b.platform)
    client = login(world.a.admin)
    for tail in ("", "versions/1/", "edit/"):
        assert client.get(url(world.a.platform, theirs, tail)).status_code == 404
    assert client.post(url(world.a.platform, theirs, "active/")).status_code == 404
    assert client.get(url(world.b.platform)).status_code == 404
    assert versions(theirs) == 1


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


def test_query_budget_list_and_detail(world, login):
    platform = world.a.platform
    template = template_of(platform, AgreementForm.WORK_PLAN)
    client = login(world.a.admin)
    few_list = _queries(client, url(platform))
    few_detail = _queries(client, url(platform, template))
    many = [{"title": f"Clause {n}", "body": "<p>{vision}</p>"} for n in range(40)]
    for n in range(3):
        template_version_create(
            platform=platform,
            actor=world.a.admin.user,
            template=template,
            clauses=many,
            note=str(n),
        )
    for n in range(3):
        client.post(
            url(platform, None, "new/"),
            {"name": f"Extra {n}", "form": AgreementForm.CONTRACT, "description": ""},
        )
    assert _queries(client, url(platform)) == few_list
    assert _queries(client, url(platform, template)) == few_detail


def test_nav_item_shows_for_readers_only(world, login):
    home = f"/p/{world.a.platform.slug}/"
    assert "Agreement templates" in login(world.a.observer).get(home).content.decode()
    assert "Agreement templates" not in login(world.a.partner).get(home).content.decode()


def test_the_navigation_marks_only_agreement_templates_on_its_pages(world, login):
    from django.urls import reverse

    response = login(world.a.admin).get(
        reverse("agreement_template_list", args=[world.a.platform.slug])
    )
    html = response.content.decode()
    partnerships_link = reverse("partnership_list", args=[world.a.platform.slug])
    assert f'href="{partnerships_link}" aria-current' not in html
    assert 'aria-current="page">Agreement templates' in html
