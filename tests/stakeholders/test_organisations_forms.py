"""Creating, editing, archiving and restoring organisations through the web UI: the
duplicate warning, bad input refused with a message and nothing written, who may."""

import pytest
from django.urls import reverse
from django.utils import timezone

from platforms.models import Role
from platforms.tenancy import unscoped
from stakeholders.models import Organisation, Sector, SubType
from tests.factories import OrganisationFactory

GOOD = {
    "name": "  Sarvodaya   Shramadana ",
    "acronym": "SSM",
    "sector": Sector.CIVIL_SOCIETY,
    "sub_type": SubType.NATIONAL_NGO,
    "country": "LK",
    "website": "https://sarvodaya.org",
    "mandate": "Village development",
    "constituencies": "Rural households",
    "themes": "Food security; nutrition; Food Security ;",
}


def reload(obj):
    with unscoped():
        obj.refresh_from_db()


def create_url(side) -> str:
    return reverse("organisation_create", args=[side.platform.slug])


def org_url(side, name, organisation) -> str:
    return reverse(name, args=[side.platform.slug, organisation.public_id])


def rows(platform) -> list[tuple]:
    with unscoped():
        return list(
            Organisation.objects.filter(platform=platform)
            .order_by("pk")
            .values_list(
                "name", "sector", "sub_type", "country", "website", "themes", "archived_at"
            )
        )


def test_create(login, world):
    response = login(world.a.broker).post(create_url(world.a), GOOD)
    with unscoped():
        organisation = Organisation.objects.get(platform=world.a.platform)
    assert response.status_code == 302
    assert response.url == org_url(world.a, "organisation_detail", organisation)
    assert organisation.name == "Sarvodaya Shramadana"
    assert organisation.themes == ["Food security", "nutrition"]
    assert organisation.country.code == "LK"
    assert organisation.constituencies == "Rural households"


def test_create_form_offers_existing_themes_and_explains_constituencies(login, world):
    OrganisationFactory(platform=world.a.platform, themes=["Water", "Seeds"])
    OrganisationFactory(platform=world.b.platform, themes=["Secret theme of B"])
    html = login(world.a.broker).get(create_url(world.a)).content.decode()
    assert '<datalist id="theme-suggestions">' in html
    assert '<option value="Seeds">' in html and '<option value="Water">' in html
    assert "Secret theme of B" not in html
    assert "downward accountability" in html
    assert 'list="theme-suggestions"' in html


@pytest.mark.parametrize(
    "existing",
    [{"name": "SARVODAYA shramadana"}, {"name": "Another name", "acronym": "ssm"}],
)
def test_likely_duplicate_needs_create_anyway(login, world, existing):
    other = OrganisationFactory(platform=world.a.platform, **existing)
    OrganisationFactory(platform=world.b.platform, name="Sarvodaya Shramadana")
    client = login(world.a.broker)
    before = rows(world.a.platform)
    response = client.post(create_url(world.a), GOOD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This may already be in the registry" in html
    assert org_url(world.a, "organisation_detail", other) in html
    assert "Create anyway" in html
    assert rows(world.a.platform) == before

    response = client.post(create_url(world.a), {**GOOD, "save_anyway": "on"})
    assert response.status_code == 302
    assert len(rows(world.a.platform)) == len(before) + 1


def test_the_tick_stays_when_another_field_is_wrong(login, world):
    OrganisationFactory(platform=world.a.platform, name="Sarvodaya Shramadana")
    client = login(world.a.broker)
    html = client.post(create_url(world.a), {**GOOD, "name": ""}).content.decode()
    assert "Create anyway" not in html  # no duplicate seen yet: nothing to confirm
    html = client.post(
        create_url(world.a), {**GOOD, "save_anyway": "on", "website": "nope"}
    ).content.decode()
    assert 'type="checkbox" name="save_anyway"' in html and "checked" in html
    assert len(rows(world.a.platform)) == 1


def test_duplicates_on_another_platform_do_not_count(login, world):
    OrganisationFactory(platform=world.b.platform, name="Sarvodaya Shramadana", acronym="SSM")
    assert login(world.a.broker).post(create_url(world.a), GOOD).status_code == 302


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": "   "}, "name", "Give the name."),
        ({"sector": "pirates"}, "sector", "Choose one of the eight sectors."),
        ({"sector": ""}, "sector", "Choose the sector."),
        ({"sub_type": SubType.MULTINATIONAL}, "sub_type", "is not a kind of civil society"),
        ({"sub_type": "bogus"}, "sub_type", "Choose one of the listed sub-types."),
        ({"website": "not a url at all"}, "website", "Enter the full address"),
        ({"website": "javascript:alert(1)"}, "website", "Enter the full address"),
        ({"country": "XX"}, "country", "Choose a country from the list."),
        ({"name": "x" * 201}, "name", "at most 200 characters"),
        ({"themes": "t" * 2001}, "themes", "at most 2000 characters"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(login, world, change, field, message):
    response = login(world.a.broker).post(create_url(world.a), {**GOOD, **change})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors
    assert rows(world.a.platform) == []


@pytest.fixture
def org(world):
    return OrganisationFactory(
        platform=world.a.platform, name="Hayleys", sector=Sector.BUSINESS, themes=["Seeds"]
    )


def test_edit(login, world, org):
    client = login(world.a.secretariat)
    page = client.get(org_url(world.a, "organisation_edit", org))
    assert page.context["form"]["name"].value() == "Hayleys"
    assert page.context["form"]["themes"].value() == "Seeds"
    response = client.post(
        org_url(world.a, "organisation_edit", org),
        {**GOOD, "name": "Hayleys PLC", "sector": Sector.BUSINESS, "sub_type": SubType.SME},
    )
    assert response.status_code == 302
    reload(org)
    assert (org.name, org.sub_type, org.website) == ("Hayleys PLC", "sme", "https://sarvodaya.org")


def test_edit_refused_by_the_service_writes_nothing(login, world, org):
    before = rows(world.a.platform)
    response = login(world.a.broker).post(
        org_url(world.a, "organisation_edit", org),
        {**GOOD, "name": "Renamed", "sector": Sector.BUSINESS, "sub_type": SubType.NATIONAL_NGO},
    )
    assert response.status_code == 200
    assert "is not a kind of business" in " ".join(response.context["form"].errors["sub_type"])
    assert "Edit Hayleys" in response.content.decode()  # the stored name, not the refused one
    assert rows(world.a.platform) == before


def test_archive_and_restore(login, world, org):
    client = login(world.a.broker)
    confirm = client.get(org_url(world.a, "organisation_archive", org))
    assert confirm.status_code == 200
    assert "Archive Hayleys?" in confirm.content.decode()
    assert rows(world.a.platform)[0][-1] is None  # GET writes nothing

    assert client.post(org_url(world.a, "organisation_archive", org)).status_code == 302
    reload(org)
    assert org.is_archived
    listed = client.get(reverse("organisation_list", args=["alpha"])).context["organisations"]
    assert org not in listed

    response = client.post(org_url(world.a, "organisation_archive", org), follow=True)
    assert "already archived" in response.content.decode()

    assert client.post(org_url(world.a, "organisation_restore", org)).status_code == 302
    reload(org)
    assert not org.is_archived
    response = client.post(org_url(world.a, "organisation_restore", org), follow=True)
    assert "is not archived" in response.content.decode()
    assert client.get(org_url(world.a, "organisation_restore", org)).status_code == 405


def write_pages(side, organisation):
    return [
        ("get", create_url(side), {}),
        ("post", create_url(side), GOOD),
        ("get", org_url(side, "organisation_edit", organisation), {}),
        ("post", org_url(side, "organisation_edit", organisation), GOOD),
        ("get", org_url(side, "organisation_archive", organisation), {}),
        ("post", org_url(side, "organisation_archive", organisation), {}),
        ("post", org_url(side, "organisation_restore", organisation), {}),
    ]


@pytest.mark.parametrize("role", [Role.OBSERVER, Role.PARTNER_REPRESENTATIVE])
def test_who_may_not_write_gets_403(login, world, org, role):
    client = login(world.a.member(role))
    before = rows(world.a.platform)
    for method, url, data in write_pages(world.a, org):
        assert getattr(client, method)(url, data).status_code == 403, url
    assert rows(world.a.platform) == before


@pytest.mark.parametrize("role", [Role.PLATFORM_ADMIN, Role.BROKER, Role.SECRETARIAT])
def test_staff_may_write(login, world, role):
    assert login(world.a.member(role)).get(create_url(world.a)).status_code == 200


def test_other_platform_gets_404_on_every_page(login, world, org):
    client = login(world.b.admin)
    before = rows(world.a.platform)
    for method, url, data in write_pages(world.a, org):
        assert getattr(client, method)(url, data).status_code == 404, url
    # B's own addresses with A's organisation: as missing as an unknown one.
    for method, url, data in write_pages(world.b, org)[2:]:
        assert getattr(client, method)(url, data).status_code == 404, url
    assert rows(world.a.platform) == before
    with unscoped():
        assert not Organisation.objects.filter(platform=world.b.platform).exists()


def test_archived_at_is_not_settable_through_the_form(login, world, org):
    login(world.a.broker).post(
        org_url(world.a, "organisation_edit", org),
        {**GOOD, "sector": Sector.BUSINESS, "sub_type": "", "archived_at": timezone.now()},
    )
    reload(org)
    assert not org.is_archived


# --- Editing: the same duplicate check as creating ------------------------------------------


def edit_data() -> dict:
    return {**GOOD, "name": "Hayleys", "acronym": "", "sector": Sector.BUSINESS, "sub_type": ""}


@pytest.mark.parametrize(
    ("change", "saved"),
    [
        ({"name": "sarvodaya  SHRAMADANA"}, ("sarvodaya SHRAMADANA", "")),
        ({"acronym": "ssm"}, ("Hayleys", "ssm")),
    ],
    ids=["name", "acronym"],
)
def test_renaming_to_an_existing_organisation_asks_first(login, world, org, change, saved):
    twin = OrganisationFactory(
        platform=world.a.platform, name="Sarvodaya Shramadana", acronym="SSM"
    )
    client = login(world.a.broker)
    before = rows(world.a.platform)
    response = client.post(org_url(world.a, "organisation_edit", org), {**edit_data(), **change})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This may already be in the registry" in html
    assert org_url(world.a, "organisation_detail", twin) in html
    assert 'type="checkbox" name="save_anyway"' in html and "Save anyway" in html
    assert rows(world.a.platform) == before

    response = client.post(
        org_url(world.a, "organisation_edit", org), {**edit_data(), **change, "save_anyway": "on"}
    )
    assert response.status_code == 302
    reload(org)
    assert (org.name, org.acronym) == saved


def test_an_edit_that_keeps_the_name_asks_nothing(login, world, org):
    # A twin confirmed once is not questioned again at every edit of either.
    OrganisationFactory(platform=world.a.platform, name="Hayleys")
    response = login(world.a.broker).post(
        org_url(world.a, "organisation_edit", org), {**edit_data(), "mandate": "Seeds and more"}
    )
    assert response.status_code == 302
    reload(org)
    assert org.mandate == "Seeds and more"


def test_an_edit_is_no_duplicate_of_itself_or_of_another_platform(login, world, org):
    OrganisationFactory(platform=world.b.platform, name="Hayleys Plantations")
    response = login(world.a.broker).post(
        org_url(world.a, "organisation_edit", org),
        {**edit_data(), "name": "Hayleys Plantations"},
    )
    assert response.status_code == 302


# --- Themes: only semicolons separate them --------------------------------------------------


def test_a_theme_may_hold_commas(login, world):
    client = login(world.a.broker)
    page = client.get(create_url(world.a)).content.decode()
    assert "Separate themes with semicolons" in page
    client.post(
        create_url(world.a), {**GOOD, "themes": "Water, sanitation and hygiene; Food security"}
    )
    with unscoped():
        organisation = Organisation.objects.get(platform=world.a.platform)
    assert organisation.themes == ["Water, sanitation and hygiene", "Food security"]
    edit = client.get(org_url(world.a, "organisation_edit", organisation))
    assert edit.context["form"]["themes"].value() == "Water, sanitation and hygiene; Food security"
