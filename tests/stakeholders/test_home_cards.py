"""The stakeholders cards on the platform home page: the registry by sector and where
screening stands, and a partner representative's own organisation."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from platforms.models import Role
from tests.factories import MembershipFactory, OrganisationFactory, RepresentativeFactory


def home(client, side):
    return client.get(reverse("home", args=[side.platform.slug]))


@pytest.fixture
def registry(world):
    today = world.a.platform.today()
    OrganisationFactory(
        platform=world.a.platform,
        sector="business",
        screening_status="cleared",
        screening_renew_by=today + timedelta(days=30),
    )
    OrganisationFactory(
        platform=world.a.platform,
        sector="business",
        screening_status="cleared",
        screening_renew_by=today - timedelta(days=1),
    )
    OrganisationFactory(platform=world.a.platform, sector="media", screening_status="pending")
    OrganisationFactory(platform=world.a.platform, sector="media")
    OrganisationFactory(platform=world.b.platform, sector="donor")  # never counted on A


def test_the_registry_card_counts_by_sector_and_screening(login, world, registry):
    response = home(login(world.a.broker), world.a)
    card = next(
        data
        for template, data in response.context["cards"]
        if template == "stakeholders/home/registry.html"
    )
    assert {label: count for _, label, count in card["sectors"]} == {
        "Civil society": 0,
        "Academia": 0,
        "Business": 2,
        "United Nations": 0,
        "Government": 0,
        "Donor": 0,
        "Foundation": 0,
        "Media": 2,
    }
    assert card["total"] == 4
    assert card["screening"] == {
        "cleared": 1,
        "pending": 1,
        "expired": 1,
        "due_soon": 1,
        "not_screened": 1,
    }
    html = response.content.decode()
    assert "Active organisations by sector (4 in all)" in html
    assert 'style="width: 85%"' in html and 'style="width: 0%"' in html


def test_an_empty_registry_says_what_to_do(login, world):
    html = home(login(world.a.broker), world.a).content.decode()
    assert "No organisations yet" in html
    assert reverse("import_create", args=[world.a.platform.slug]) in html


def test_the_registry_card_is_for_those_who_see_the_registry(login, world, registry):
    html = home(login(world.a.partner), world.a).content.decode()
    assert "Organisation registry" not in html


def test_the_home_page_asks_the_same_number_of_queries_however_big_the_registry(login, world):
    client = login(world.a.broker)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert home(client, world.a).status_code == 200
        return len(captured)

    OrganisationFactory.create_batch(3, platform=world.a.platform)
    few = queries()
    OrganisationFactory.create_batch(30, platform=world.a.platform, sector="media")
    assert queries() == few


def test_a_representative_sees_its_own_organisation(login, world):
    representative = RepresentativeFactory(
        membership=world.a.partner,
        organisation__name="Sarvodaya",
        organisation__sector="civil_society",
    )
    html = home(login(world.a.partner), world.a).content.decode()
    assert "Your organisation" in html and "Sarvodaya" in html
    assert representative.organisation.name == "Sarvodaya"


def test_a_representative_without_an_organisation_is_told_how_to_get_one(login, world):
    html = home(login(world.a.partner), world.a).content.decode()
    assert "not tied to an organisation yet" in html


def test_a_representative_of_b_never_sees_as_organisation(login, world):
    RepresentativeFactory(membership=world.a.partner, organisation__name="Alpha Org")
    other = MembershipFactory(platform=world.b.platform, role=Role.PARTNER_REPRESENTATIVE)
    RepresentativeFactory(membership=other, organisation__name="Beta Org")
    html = home(login(world.a.partner), world.a).content.decode()
    assert "Alpha Org" in html and "Beta Org" not in html
