"""Creating and editing maps and positions: what is accepted, and every refusal with its
message and nothing written."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from platforms.tenancy import unscoped
from stakeholders.models import Position, StakeholderMap
from stakeholders.services import maps as services
from tests.factories import OrganisationFactory, PositionFactory, StakeholderMapFactory

pytestmark = pytest.mark.django_db


def url(name, side, *args):
    return reverse(name, args=[side.platform.slug, *args])


def positions_of(stakeholder_map) -> list[tuple]:
    with unscoped():
        return list(
            Position.objects.filter(map=stakeholder_map)
            .order_by("pk")
            .values_list(
                "organisation_id",
                "label",
                "interest",
                "influence",
                "attitude",
                "is_primary",
                "note",
            )
        )


@pytest.fixture
def stakeholder_map(world):
    return StakeholderMapFactory(platform=world.a.platform, title="Baseline", issue="Rice")


@pytest.fixture
def org(world):
    return OrganisationFactory(platform=world.a.platform, name="Farmers' Federation")


# --- Maps ---------------------------------------------------------------------------------


def test_create_a_map(login, world):
    StakeholderMapFactory(platform=world.a.platform, issue="Food security in Sri Lanka")
    client = login(world.a.broker)
    form = client.get(url("map_create", world.a)).content.decode()
    assert '<option value="Food security in Sri Lanka">' in form  # the datalist
    today = timezone.localdate(timezone=world.a.platform.tzinfo)
    assert f'value="{today:%Y-%m-%d}"' in form
    response = client.post(
        url("map_create", world.a),
        {"title": " Baseline  2026 ", "issue": "Water", "as_of": "2026-03-01", "description": ""},
    )
    with unscoped():
        created = StakeholderMap.objects.get(issue="Water")
    assert response.url == url("map_detail", world.a, created.public_id)
    assert created.title == "Baseline 2026"
    assert created.created_by == world.a.broker.user
    assert created.platform == world.a.platform


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "issue": "Water", "as_of": "2026-03-01"}, "Give the map a title."),
        ({"title": "T", "issue": "  ", "as_of": "2026-03-01"}, "Name the issue the map is about."),
        ({"title": "T", "issue": "Water", "as_of": "31/31/2026"}, "Enter a date such as"),
        ({"title": "T", "issue": "Water", "as_of": ""}, "Give the date this snapshot describes."),
    ],
)
def test_a_bad_map_is_refused_and_nothing_written(login, world, data, message):
    response = login(world.a.broker).post(url("map_create", world.a), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    with unscoped():
        assert not StakeholderMap.objects.exists()


def test_edit_a_map(login, world, stakeholder_map):
    response = login(world.a.admin).post(
        url("map_edit", world.a, stakeholder_map.public_id),
        {"title": "Renamed", "issue": "Rice", "as_of": "2026-02-01", "description": "Why"},
    )
    assert response.status_code == 302
    with unscoped():
        stakeholder_map.refresh_from_db()
    assert (stakeholder_map.title, str(stakeholder_map.as_of)) == ("Renamed", "2026-02-01")


# --- Positions one by one ----------------------------------------------------------------


def test_place_an_organisation(login, world, stakeholder_map, org):
    client = login(world.a.broker)
    page = client.get(url("position_create", world.a, stakeholder_map.public_id)).content.decode()
    assert f'value="{org.public_id}"' in page
    assert 'min="0"' in page and 'max="10"' in page
    response = client.post(
        url("position_create", world.a, stakeholder_map.public_id),
        {
            "organisation": org.public_id,
            "interest": "7",
            "influence": "3",
            "attitude": "supportive",
            "is_primary": "on",
            "note": "Key ally",
        },
    )
    assert response.url == url("map_detail", world.a, stakeholder_map.public_id)
    assert positions_of(stakeholder_map) == [(org.pk, "", 7, 3, "supportive", True, "Key ally")]
    # Once placed, it is no longer offered.
    page = client.get(url("position_create", world.a, stakeholder_map.public_id)).content.decode()
    assert f'value="{org.public_id}"' not in page


def test_place_a_stakeholder_that_is_not_an_organisation(login, world, stakeholder_map):
    response = login(world.a.broker).post(
        url("position_create", world.a, stakeholder_map.public_id),
        {
            "label": "Smallholder rice farmers",
            "interest": "10",
            "influence": "0",
            "attitude": "neutral",
            "add_another": "1",
        },
    )
    assert response.url == url("position_create", world.a, stakeholder_map.public_id)
    assert positions_of(stakeholder_map) == [
        (None, "Smallholder rice farmers", 10, 0, "neutral", False, "")
    ]


def test_archived_and_other_platforms_organisations_are_not_offered(login, world, stakeholder_map):
    archived = OrganisationFactory(platform=world.a.platform, archived_at=timezone.now())
    theirs = OrganisationFactory(platform=world.b.platform)
    page = login(world.a.broker).get(url("position_create", world.a, stakeholder_map.public_id))
    html = page.content.decode()
    assert str(archived.public_id) not in html and str(theirs.public_id) not in html


BAD_POSITIONS = [
    (
        {"label": "X", "interest": "11", "influence": "5"},
        "Interest is a whole number from 0 to 10.",
    ),
    (
        {"label": "X", "interest": "5", "influence": "-1"},
        "Influence is a whole number from 0 to 10.",
    ),
    (
        {"label": "X", "interest": "five", "influence": "5"},
        "Interest is a whole number from 0 to 10.",
    ),
    ({"label": "X", "interest": "", "influence": "5"}, "Interest is a whole number from 0 to 10."),
    (
        {"label": "X", "interest": "4.5", "influence": "5"},
        "Interest is a whole number from 0 to 10.",
    ),
    (
        {"label": "X", "interest": "99999999999999999999", "influence": "5"},
        "Interest is a whole number",
    ),
    (
        {"label": "  ", "interest": "5", "influence": "5"},
        "Choose an organisation from the registry, or type",
    ),
    (
        {"label": "X", "interest": "5", "influence": "5", "attitude": "hostile"},
        "Select a valid choice",
    ),
]


@pytest.mark.parametrize(("data", "message"), BAD_POSITIONS)
def test_bad_positions_are_refused_and_nothing_written(
    login, world, stakeholder_map, data, message
):
    response = login(world.a.broker).post(
        url("position_create", world.a, stakeholder_map.public_id), {"attitude": "neutral", **data}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert positions_of(stakeholder_map) == []


def test_organisation_and_name_together_are_refused(login, world, stakeholder_map, org):
    response = login(world.a.broker).post(
        url("position_create", world.a, stakeholder_map.public_id),
        {
            "organisation": org.public_id,
            "label": "Also this",
            "interest": "5",
            "influence": "5",
            "attitude": "neutral",
        },
    )
    assert (
        "Choose an organisation from the registry or type a name, not both."
        in response.content.decode()
    )
    assert positions_of(stakeholder_map) == []


@pytest.mark.parametrize("which", ["other platform", "archived", "already placed", "unknown"])
def test_posted_organisations_that_cannot_be_placed_are_refused(
    login, world, stakeholder_map, org, which
):
    if which == "other platform":
        target = OrganisationFactory(platform=world.b.platform).public_id
    elif which == "archived":
        target = OrganisationFactory(
            platform=world.a.platform, archived_at=timezone.now()
        ).public_id
    elif which == "already placed":
        PositionFactory(map=stakeholder_map, organisation=org)
        target = org.public_id
    else:
        target = "not-a-uuid"
    before = positions_of(stakeholder_map)
    response = login(world.a.broker).post(
        url("position_create", world.a, stakeholder_map.public_id),
        {"organisation": target, "interest": "5", "influence": "5", "attitude": "neutral"},
    )
    assert response.status_code == 200
    assert (
        "Choose an organisation of this platform&#x27;s registry that is not on the map yet."
        in response.content.decode()
    )
    assert positions_of(stakeholder_map) == before


def test_a_name_already_on_the_map_is_refused_whatever_its_case(login, world, stakeholder_map):
    PositionFactory(map=stakeholder_map, organisation=None, label="Rice farmers")
    response = login(world.a.broker).post(
        url("position_create", world.a, stakeholder_map.public_id),
        {"label": "rice  FARMERS", "interest": "5", "influence": "5", "attitude": "neutral"},
    )
    assert "“rice FARMERS” is already on this map." in response.content.decode()
    assert len(positions_of(stakeholder_map)) == 1


def test_the_service_refuses_what_a_form_would_not_send(world, stakeholder_map):
    theirs = OrganisationFactory(platform=world.b.platform)
    mine = OrganisationFactory(platform=world.a.platform)
    PositionFactory(map=stakeholder_map, organisation=mine)
    cases = [
        ({"organisation": theirs}, "That organisation is not in this platform's registry."),
        ({"organisation": mine}, "is already on this map."),
        ({"label": "X", "interest": 11}, "Interest is a whole number from 0 to 10."),
        ({"label": "X", "influence": True}, "Influence is a whole number from 0 to 10."),
        ({"label": "X", "attitude": "hostile"}, "Choose supportive, neutral or opposed."),
    ]
    before = positions_of(stakeholder_map)
    for fields, message in cases:
        arguments = {"interest": 5, "influence": 5, **fields}
        with pytest.raises(ValidationError) as error:
            services.position_create(
                platform=world.a.platform,
                stakeholder_map=stakeholder_map,
                actor=world.a.broker.user,
                **arguments,
            )
        assert any(message in m for m in error.value.messages), (fields, error.value.messages)
    assert positions_of(stakeholder_map) == before


def test_edit_and_remove_a_position(login, world, stakeholder_map, org):
    position = PositionFactory(map=stakeholder_map, organisation=org, interest=2, influence=2)
    client = login(world.a.broker)
    page = client.get(url("position_edit", world.a, stakeholder_map.public_id, position.public_id))
    assert 'name="organisation"' not in page.content.decode()
    response = client.post(
        url("position_edit", world.a, stakeholder_map.public_id, position.public_id),
        {"interest": "8", "influence": "9", "attitude": "opposed", "note": "Changed its mind"},
    )
    assert response.status_code == 302
    assert positions_of(stakeholder_map) == [
        (org.pk, "", 8, 9, "opposed", False, "Changed its mind")
    ]
    bad = client.post(
        url("position_edit", world.a, stakeholder_map.public_id, position.public_id),
        {"interest": "12", "influence": "9", "attitude": "opposed"},
    )
    assert "Interest is a whole number from 0 to 10." in bad.content.decode()
    assert positions_of(stakeholder_map)[0][2] == 8
    confirm = client.get(
        url("position_delete", world.a, stakeholder_map.public_id, position.public_id)
    )
    assert "Remove Farmers" in confirm.content.decode()
    assert positions_of(stakeholder_map) != []
    client.post(url("position_delete", world.a, stakeholder_map.public_id, position.public_id))
    assert positions_of(stakeholder_map) == []


def test_renaming_a_typed_stakeholder_to_a_name_on_the_map_is_refused(
    login, world, stakeholder_map
):
    PositionFactory(map=stakeholder_map, organisation=None, label="Fishers")
    other = PositionFactory(map=stakeholder_map, organisation=None, label="Farmers")
    response = login(world.a.broker).post(
        url("position_edit", world.a, stakeholder_map.public_id, other.public_id),
        {"label": "Fishers", "interest": "5", "influence": "5", "attitude": "neutral"},
    )
    assert "“Fishers” is already on this map." in response.content.decode()
    assert sorted(p[1] for p in positions_of(stakeholder_map)) == ["Farmers", "Fishers"]
