"""Creating and editing maps and positions: what is accepted, and every refusal with its
message and nothing written."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from platforms.models import Platform
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


# --- A refusal leaves the objects as saved ------------------------------------------------


def test_a_refused_map_update_leaves_the_map_as_saved(world, stakeholder_map):
    with pytest.raises(ValidationError):
        services.map_update(
            platform=world.a.platform,
            stakeholder_map=stakeholder_map,
            actor=world.a.broker.user,
            title="  A new   title ",
            issue="",
        )
    assert (stakeholder_map.title, stakeholder_map.issue) == ("Baseline", "Rice")
    with unscoped():
        stakeholder_map.refresh_from_db()
    assert (stakeholder_map.title, stakeholder_map.issue) == ("Baseline", "Rice")


def test_a_refused_position_update_leaves_the_position_as_saved(world, stakeholder_map):
    PositionFactory(map=stakeholder_map, organisation=None, label="Fishers")
    position = PositionFactory(
        map=stakeholder_map, organisation=None, label="Farmers", interest=2, influence=3
    )
    with pytest.raises(ValidationError):
        services.position_update(
            platform=world.a.platform,
            position=position,
            actor=world.a.broker.user,
            label=" Fishers ",
            interest="7",
        )
    assert (position.label, position.interest, position.influence) == ("Farmers", 2, 3)


def test_a_refused_table_leaves_every_row_as_saved(world, stakeholder_map):
    good = PositionFactory(map=stakeholder_map, organisation=None, label="A", interest=1)
    bad = PositionFactory(map=stakeholder_map, organisation=None, label="B", interest=1)
    with pytest.raises(ValidationError):
        services.positions_update(
            platform=world.a.platform,
            stakeholder_map=stakeholder_map,
            actor=world.a.broker.user,
            changes=[(good, {"interest": 9, "note": " Keen "}), (bad, {"influence": 99})],
        )
    assert (good.interest, good.note, bad.influence) == (1, "", 5)


def test_the_position_page_shows_the_saved_name_after_a_refused_rename(
    login, world, stakeholder_map
):
    PositionFactory(map=stakeholder_map, organisation=None, label="Fishers")
    other = PositionFactory(map=stakeholder_map, organisation=None, label="Farmers")
    response = login(world.a.broker).post(
        url("position_edit", world.a, stakeholder_map.public_id, other.public_id),
        {"label": "Fishers", "interest": "5", "influence": "5", "attitude": "neutral"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "“Fishers” is already on this map." in html
    assert "<h1>Position of Farmers</h1>" in html
    assert 'value="Fishers"' in html  # what was typed stays in the field, to correct


def test_the_map_page_shows_the_saved_title_after_a_refusal(
    login, world, stakeholder_map, monkeypatch
):
    # A rule the form cannot see refuses the change, after the title was tidied.
    validate = services._map_validate

    def refuse(stakeholder_map):
        validate(stakeholder_map)
        raise ValidationError({"issue": ["That issue is closed."]})

    monkeypatch.setattr(services, "_map_validate", refuse)
    response = login(world.a.broker).post(
        url("map_edit", world.a, stakeholder_map.public_id),
        {"title": "Refused title", "issue": "Rice", "as_of": "2026-02-01"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "That issue is closed." in html
    assert "Edit “Baseline”" in html and "Edit “Refused title”" not in html
    assert 'value="Refused title"' in html
    with unscoped():
        assert StakeholderMap.objects.get(pk=stakeholder_map.pk).title == "Baseline"


# --- Today is the platform's --------------------------------------------------------------


def test_new_maps_and_copies_default_to_the_platforms_today(
    login, world, stakeholder_map, monkeypatch
):
    monkeypatch.setattr(Platform, "today", lambda self: date(2031, 1, 2))
    client = login(world.a.broker)
    assert 'value="2031-01-02"' in client.get(url("map_create", world.a)).content.decode()
    copy_page = client.get(url("map_copy", world.a, stakeholder_map.public_id)).content.decode()
    assert 'value="2031-01-02"' in copy_page
    created = services.map_create(
        platform=world.a.platform, actor=world.a.broker.user, title="T", issue="Water"
    )
    copy = services.map_copy(
        platform=world.a.platform, stakeholder_map=created, actor=world.a.broker.user
    )
    assert created.as_of == copy.as_of == date(2031, 1, 2)
