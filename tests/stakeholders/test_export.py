"""The CSV export: the list's filters and search, one row per contact, formula cells
neutralised, nothing from another platform, and a fixed number of queries."""

import csv
import io
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from platforms.models import Role
from stakeholders import csvio
from stakeholders.models import Sector, SubType
from stakeholders.services.organisations import themes_clean
from tests.factories import ContactFactory, OrganisationFactory


def export_url(side, **params) -> str:
    url = reverse("organisation_export", args=[side.platform.slug])
    return url + ("?" + urlencode(params) if params else "")


def read(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    assert header == csvio.COLUMNS
    return [dict(zip(header, row, strict=True)) for row in reader]


@pytest.fixture
def registry(world):
    p = world.a.platform
    sarvodaya = OrganisationFactory(
        platform=p,
        name="Sarvodaya",
        acronym="SSM",
        sector=Sector.CIVIL_SOCIETY,
        sub_type=SubType.NATIONAL_NGO,
        website="https://sarvodaya.org",
        themes=["Food security", "Water"],
        mandate="Villages",
        constituencies="Rural households",
    )
    ContactFactory(organisation=sarvodaya, name="Ana", role="Director", email="ana@x.org")
    ContactFactory(organisation=sarvodaya, name="Nimal", email="nimal@x.org", phone="+94 1")
    OrganisationFactory(platform=p, name="Hayleys", sector=Sector.BUSINESS, country="")
    OrganisationFactory(platform=p, name="Old one", archived_at=timezone.now())
    other = OrganisationFactory(platform=world.b.platform, name="Secret of B")
    ContactFactory(organisation=other, name="B person", email="b@x.org")
    return sarvodaya


def test_one_row_per_contact_and_one_for_an_organisation_without(login, world, registry):
    response = login(world.a.observer).get(export_url(world.a))
    filename = f"organisations-alpha-{timezone.localdate(timezone=world.a.platform.tzinfo)}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    rows = read(response)
    assert [(r["name"], r["contact_name"]) for r in rows] == [
        ("Hayleys", ""),
        ("Sarvodaya", "Ana"),
        ("Sarvodaya", "Nimal"),
    ]
    assert rows[1] == {
        "name": "Sarvodaya",
        "acronym": "SSM",
        "sector": "civil_society",
        "sub_type": "national_ngo",
        "country": "LK",
        "website": "https://sarvodaya.org",
        "mandate": "Villages",
        "constituencies": "Rural households",
        "themes": "Food security; Water",
        "contact_name": "Ana",
        "contact_role": "Director",
        "contact_email": "ana@x.org",
        "contact_phone": "",
    }
    assert rows[0]["country"] == ""
    # A leading + is a formula start too: the phone number is kept, shown as text.
    assert rows[2]["contact_phone"] == "'+94 1"


def test_the_lists_filters_and_search_apply(login, world, registry):
    client = login(world.a.broker)
    assert [r["name"] for r in read(client.get(export_url(world.a, sector="business")))] == [
        "Hayleys"
    ]
    assert {r["name"] for r in read(client.get(export_url(world.a, q="sarvo")))} == {"Sarvodaya"}
    assert {r["name"] for r in read(client.get(export_url(world.a, archived="on")))} == {
        "Hayleys",
        "Sarvodaya",
        "Old one",
    }
    assert read(client.get(export_url(world.a, q="'&|!:*()"))) == []


def test_bad_filters_export_nothing(login, world, registry):
    response = login(world.a.broker).get(export_url(world.a, sector="pirates"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("organisation_list", args=["alpha"]))


@pytest.mark.parametrize(
    "value",
    ['=HYPERLINK("http://x")', "@SUM(1)", "-2+3", "+1", "\t=1", "\r=1"],
)
def test_formula_cells_are_neutralised(login, world, value):
    org = OrganisationFactory(
        platform=world.a.platform, name=value, acronym=value, mandate=value, themes=[value]
    )
    ContactFactory(organisation=org, name=value, role=value, email="ok@x.org", phone=value)
    (row,) = read(login(world.a.broker).get(export_url(world.a)))
    for column in ("name", "acronym", "mandate", "themes", "contact_name", "contact_role"):
        assert row[column] == "'" + value, column
        assert not row[column].startswith(csvio.FORMULA_STARTS)
    assert row["contact_phone"] == "'" + value
    assert row["contact_email"] == "ok@x.org"


def test_cell_safe():
    assert csvio.cell_safe("=1") == "'=1"
    assert csvio.cell_safe("a=1") == "a=1"
    assert csvio.cell_safe(None) == ""
    assert csvio.cell_safe("") == ""


def test_partner_representative_gets_403(login, world, registry):
    assert (
        login(world.a.member(Role.PARTNER_REPRESENTATIVE)).get(export_url(world.a)).status_code
        == 403
    )


def test_other_platform_gets_404_and_leaks_nothing(login, world, registry):
    client = login(world.b.admin)
    assert client.get(export_url(world.a)).status_code == 404
    own = read(client.get(export_url(world.b)))
    assert [(r["name"], r["contact_name"]) for r in own] == [("Secret of B", "B person")]


def _queries(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        rows = read(client.get(url))
    return len(ctx.captured_queries), len(rows)


def test_query_count_does_not_grow_with_rows(login, world):
    def make(n):
        for org in OrganisationFactory.create_batch(n, platform=world.a.platform):
            ContactFactory.create_batch(2, organisation=org)

    client = login(world.a.broker)
    make(5)
    few, few_rows = _queries(client, export_url(world.a))
    make(35)
    many, many_rows = _queries(client, export_url(world.a))
    assert (few_rows, many_rows) == (10, 80)
    assert few == many


def test_a_theme_with_commas_comes_back_whole(login, world):
    """Only semicolons separate themes: what the export writes, the import reads back."""
    OrganisationFactory(
        platform=world.a.platform, themes=["Water, sanitation and hygiene", "Food security"]
    )
    (row,) = read(login(world.a.broker).get(export_url(world.a)))
    assert row["themes"] == "Water, sanitation and hygiene; Food security"
    assert themes_clean(row["themes"]) == ["Water, sanitation and hygiene", "Food security"]
