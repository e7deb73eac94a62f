"""Placing an organisation from a big registry: past PICKER_LIMIT the position form offers
a search (?find=) with the best matches as radio buttons instead of one huge <select>,
and the page stays the same size and runs the same queries however big the registry."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from platforms.tenancy import unscoped
from stakeholders.models import Organisation, Sector
from stakeholders.selectors.maps import FIND_LIMIT, PICKER_LIMIT
from tests.factories import OrganisationFactory, PositionFactory, StakeholderMapFactory
from tests.stakeholders.test_maps_positions import positions_of, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def stakeholder_map(world):
    return StakeholderMapFactory(platform=world.a.platform, title="Baseline", issue="Rice")


@pytest.fixture
def org(world):
    return OrganisationFactory(platform=world.a.platform, name="Farmers' Federation")


def many_organisations(platform, count, start=0):
    with unscoped():
        Organisation.objects.bulk_create(
            Organisation(
                platform=platform, name=f"Cooperative {n:05d}", sector=Sector.CIVIL_SOCIETY
            )
            for n in range(start, start + count)
        )


def radios(html: str) -> int:
    return html.count('type="radio" name="organisation"')


def test_a_small_registry_is_one_list(login, world, stakeholder_map, org):
    many_organisations(world.a.platform, PICKER_LIMIT - 1)  # with org: exactly the limit
    html = login(world.a.broker).get(url("position_create", world.a, stakeholder_map.public_id))
    html = html.content.decode()
    assert f'value="{org.public_id}"' in html
    select = html[html.index('<select name="organisation"') :]
    select = select[: select.index("</select>")]
    assert select.count("<option") == PICKER_LIMIT + 1  # and "Choose an organisation"
    assert 'name="find"' not in html and radios(html) == 0


def test_a_big_registry_is_searched_instead_of_listed(
    login, world, stakeholder_map, django_assert_max_num_queries
):
    many_organisations(world.a.platform, PICKER_LIMIT + 1)
    client = login(world.a.broker)
    address = url("position_create", world.a, stakeholder_map.public_id)
    with CaptureQueriesContext(connection) as queries:
        small = client.get(address).content.decode()
    budget = len(queries)
    assert '<select name="organisation"' not in small and "Cooperative" not in small
    assert 'type="search" name="find"' in small and radios(small) == 0
    found_small = client.get(address + "?find=cooperative").content.decode()
    assert radios(found_small) == FIND_LIMIT and "only the best 20 are shown" in found_small

    many_organisations(world.a.platform, 5000, start=PICKER_LIMIT + 1)
    with django_assert_max_num_queries(budget):
        big = client.get(address).content.decode()
    assert len(big) == len(small)
    with django_assert_max_num_queries(budget + 1):  # the search itself
        found_big = client.get(address + "?find=cooperative").content.decode()
    assert radios(found_big) == FIND_LIMIT
    assert abs(len(found_big) - len(found_small)) < 200


def test_find_an_organisation_and_place_it(login, world, stakeholder_map):
    many_organisations(world.a.platform, PICKER_LIMIT + 1)
    tea = OrganisationFactory(
        platform=world.a.platform, name="Tea Smallholders Federation", acronym="TSF"
    )
    archived = OrganisationFactory(
        platform=world.a.platform, name="Tea Board", archived_at=timezone.now()
    )
    placed = OrganisationFactory(platform=world.a.platform, name="Tea Exporters")
    PositionFactory(map=stakeholder_map, organisation=placed)
    theirs = OrganisationFactory(platform=world.b.platform, name="Tea Research Institute")
    client = login(world.a.broker)
    address = url("position_create", world.a, stakeholder_map.public_id) + "?find=tea"
    html = client.get(address).content.decode()
    assert radios(html) == 1 and f'value="{tea.public_id}"' in html
    assert "Tea Smallholders Federation (TSF), Sri Lanka" in html
    for absent in (archived, placed, theirs):
        assert str(absent.public_id) not in html
    assert "1 organisation found." in html
    nothing = client.get(address.replace("tea", "zzz")).content.decode()
    assert "No organisation that can be placed matches “zzz”." in nothing

    data = {"organisation": tea.public_id, "interest": "12", "influence": "5"}
    refused = client.post(address, {**data, "attitude": "neutral"}).content.decode()
    assert "Interest is a whole number from 0 to 10." in refused
    assert re.search(rf'value="{tea.public_id}"[^>]* checked>', refused)
    assert radios(refused) == 1
    response = client.post(address, {**data, "interest": "7", "attitude": "supportive"})
    assert response.status_code == 302
    assert (tea.pk, "", 7, 5, "supportive", False, "") in positions_of(stakeholder_map)


def test_a_choice_from_an_earlier_search_stays_offered_when_refused(login, world, stakeholder_map):
    many_organisations(world.a.platform, PICKER_LIMIT + 1)
    tea = OrganisationFactory(platform=world.a.platform, name="Tea Smallholders Federation")
    client = login(world.a.broker)
    # Chosen from a search for "tea", sent from a page that now searches for "rice".
    address = url("position_create", world.a, stakeholder_map.public_id) + "?find=rice"
    refused = client.post(
        address,
        {"organisation": tea.public_id, "interest": "5", "influence": "x", "attitude": "neutral"},
    ).content.decode()
    assert "Influence is a whole number from 0 to 10." in refused
    assert radios(refused) == 1 and f'value="{tea.public_id}"' in refused
    assert positions_of(stakeholder_map) == []
