"""Editing every position in one table (all or nothing), copying a map into a new
snapshot, and comparing two snapshots."""

import pytest
from django.urls import reverse

from platforms.tenancy import unscoped
from stakeholders.models import Position, StakeholderMap
from tests.factories import OrganisationFactory, PositionFactory, StakeholderMapFactory

pytestmark = pytest.mark.django_db


def url(name, side, *args):
    return reverse(name, args=[side.platform.slug, *args])


def scores(stakeholder_map) -> dict[str, tuple]:
    with unscoped():
        return {
            p.name: (p.interest, p.influence, p.attitude, p.is_primary, p.note)
            for p in Position.objects.filter(map=stakeholder_map).select_related("organisation")
        }


@pytest.fixture
def stakeholder_map(world):
    stakeholder_map = StakeholderMapFactory(
        platform=world.a.platform, title="Baseline", issue="Rice"
    )
    for name, interest, influence in [("Alpha", 1, 1), ("Beta", 5, 5), ("Gamma", 9, 2)]:
        PositionFactory(
            map=stakeholder_map,
            organisation=None,
            label=name,
            interest=interest,
            influence=influence,
        )
    return stakeholder_map


def table_data(client, side, stakeholder_map, **changes):
    """The table's form as the page renders it, with ``changes`` {row: {field: value}}."""
    with unscoped():
        positions = list(Position.objects.filter(map=stakeholder_map).order_by("label").values())
    data = {
        "positions-TOTAL_FORMS": str(len(positions)),
        "positions-INITIAL_FORMS": str(len(positions)),
        "positions-MIN_NUM_FORMS": "0",
        "positions-MAX_NUM_FORMS": "1000",
    }
    for i, p in enumerate(positions):
        row = {
            "id": str(p["id"]),
            "interest": str(p["interest"]),
            "influence": str(p["influence"]),
            "attitude": p["attitude"],
            "note": p["note"],
        }
        if p["is_primary"]:
            row["is_primary"] = "on"
        row.update(changes.get(p["label"], {}))
        data.update({f"positions-{i}-{k}": v for k, v in row.items() if v is not None})
    return data


def test_table_shows_every_position(login, world, stakeholder_map):
    page = login(world.a.broker).get(url("position_table", world.a, stakeholder_map.public_id))
    html = page.content.decode()
    for name in ("Alpha", "Beta", "Gamma"):
        assert name in html
    assert html.count('type="number"') == 6 and 'min="0"' in html and 'max="10"' in html


def test_table_saves_every_row_together(login, world, stakeholder_map):
    client = login(world.a.broker)
    data = table_data(
        client,
        world.a,
        stakeholder_map,
        Alpha={"interest": "6", "is_primary": "on", "note": "Now keen"},
        Beta={"attitude": "opposed"},
        Gamma={"DELETE": "on"},
    )
    response = client.post(url("position_table", world.a, stakeholder_map.public_id), data)
    assert response.status_code == 302
    assert scores(stakeholder_map) == {
        "Alpha": (6, 1, "neutral", True, "Now keen"),
        "Beta": (5, 5, "opposed", False, ""),
    }


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"influence": "11"}, "Influence is a whole number from 0 to 10."),
        ({"interest": "x"}, "Interest is a whole number from 0 to 10."),
        ({"interest": ""}, "Interest is a whole number from 0 to 10."),
        ({"attitude": "angry"}, "Select a valid choice"),
    ],
)
def test_one_bad_row_saves_nothing_and_says_which(login, world, stakeholder_map, bad, message):
    before = scores(stakeholder_map)
    client = login(world.a.broker)
    data = table_data(
        client, world.a, stakeholder_map, Alpha={"interest": "7"}, Beta=bad, Gamma={"DELETE": "on"}
    )
    response = client.post(url("position_table", world.a, stakeholder_map.public_id), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was saved" in html
    row = html[html.index('<tr class="has-error">') :]
    row = row[: row.index("</tr>")]
    assert "Beta" in row and message in row
    assert html.count('class="has-error"') == 1
    assert scores(stakeholder_map) == before


def test_a_row_of_another_map_is_refused(login, world, stakeholder_map):
    other = StakeholderMapFactory(platform=world.a.platform)
    stranger = PositionFactory(
        map=other, organisation=None, label="Stranger", interest=1, influence=1
    )
    before, theirs = scores(stakeholder_map), scores(other)
    client = login(world.a.broker)
    data = table_data(
        client,
        world.a,
        stakeholder_map,
        Alpha={"interest": "9"},
        Beta={"id": str(stranger.pk), "interest": "9"},
    )
    response = client.post(url("position_table", world.a, stakeholder_map.public_id), data)
    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    assert scores(stakeholder_map) == before and scores(other) == theirs


def test_extra_rows_cannot_be_smuggled_in(login, world, stakeholder_map):
    client = login(world.a.broker)
    data = table_data(client, world.a, stakeholder_map)
    data.update(
        {
            "positions-TOTAL_FORMS": "4",
            "positions-3-interest": "3",
            "positions-3-influence": "3",
            "positions-3-attitude": "neutral",
        }
    )
    client.post(url("position_table", world.a, stakeholder_map.public_id), data)
    assert len(scores(stakeholder_map)) == 3


# --- Copy -----------------------------------------------------------------------------------


def test_copy_makes_a_new_snapshot_with_every_position(login, world, stakeholder_map):
    org = OrganisationFactory(platform=world.a.platform, name="Ministry")
    PositionFactory(
        map=stakeholder_map, organisation=org, interest=8, influence=9, is_primary=True, note="Lead"
    )
    client = login(world.a.broker)
    confirm = client.get(url("map_copy", world.a, stakeholder_map.public_id)).content.decode()
    assert "all 4 positions" in confirm and 'value="Baseline"' in confirm
    response = client.post(
        url("map_copy", world.a, stakeholder_map.public_id),
        {"title": "Midline", "as_of": "2026-06-30"},
    )
    with unscoped():
        copy = StakeholderMap.objects.get(title="Midline")
    assert response.url == url("map_detail", world.a, copy.public_id)
    assert copy.copied_from_id == stakeholder_map.pk
    assert (copy.issue, str(copy.as_of), copy.platform_id) == (
        "Rice",
        "2026-06-30",
        world.a.platform.pk,
    )
    assert scores(copy) == scores(stakeholder_map)
    assert len(scores(copy)) == 4


def test_copy_with_a_bad_date_writes_nothing(login, world, stakeholder_map):
    response = login(world.a.broker).post(
        url("map_copy", world.a, stakeholder_map.public_id), {"title": "Midline", "as_of": "soon"}
    )
    assert response.status_code == 200 and "Enter a date such as" in response.content.decode()
    with unscoped():
        assert StakeholderMap.objects.count() == 1 and Position.objects.count() == 3


def test_copy_needs_a_post(login, world, stakeholder_map):
    login(world.a.broker).get(url("map_copy", world.a, stakeholder_map.public_id))
    with unscoped():
        assert StakeholderMap.objects.count() == 1


# --- Compare --------------------------------------------------------------------------------


@pytest.fixture
def later(world, stakeholder_map):
    later = StakeholderMapFactory(platform=world.a.platform, title="Midline", issue="Rice")
    PositionFactory(
        map=later, organisation=None, label="alpha", interest=7, influence=6
    )  # moved across
    PositionFactory(map=later, organisation=None, label="Beta", interest=5, influence=5)  # stayed
    PositionFactory(
        map=later, organisation=None, label="Delta <i>", interest=3, influence=8
    )  # joined
    return later  # Gamma left


def compare_url(side, before, after) -> str:
    return url("map_compare", side) + f"?from={before.public_id}&to={after.public_id}"


def test_compare_shows_who_moved_joined_and_left(login, world, stakeholder_map, later):
    response = login(world.a.observer).get(compare_url(world.a, stakeholder_map, later))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Moved (1)" in html and "Joined (1)" in html and "Left (1)" in html
    assert "Unchanged (1)" in html and "Changed without moving (0)" in html
    assert "1 → 7" in html and "(+6)" in html and "1 → 6" in html and "(+5)" in html
    assert "Monitor → Manage closely" in html
    assert "Delta &lt;i&gt;" in html and "Delta <i>" not in html
    assert 'marker-end="url(#compare-chart-arrow)"' in html
    assert html.count('class="move"') == 4


def test_detail_offers_the_other_snapshots_to_compare(login, world, stakeholder_map, later):
    html = login(world.a.observer).get(url("map_detail", world.a, later.public_id)).content.decode()
    assert f'value="{stakeholder_map.public_id}"' in html and url("map_compare", world.a) in html


def test_compare_picker_without_both_snapshots(login, world, stakeholder_map, later):
    html = login(world.a.observer).get(url("map_compare", world.a)).content.decode()
    assert "Another snapshot" in html and str(later.public_id) in html


def test_a_map_compared_with_itself_asks_for_two_different_snapshots(
    login, world, stakeholder_map, later
):
    response = login(world.a.observer).get(compare_url(world.a, stakeholder_map, stakeholder_map))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose two different snapshots." in html
    assert "Compare two snapshots" in html and "What changed" not in html
    # The picker keeps what was picked, and still offers every snapshot.
    assert f'<option value="{stakeholder_map.public_id}" selected>' in html
    assert f'value="{later.public_id}"' in html


@pytest.mark.parametrize("missing", ["from", "to"])
def test_picking_one_snapshot_says_the_other_is_missing(login, world, stakeholder_map, missing):
    picked = {"from": str(stakeholder_map.public_id), "to": str(stakeholder_map.public_id)}
    picked[missing] = ""
    address = url("map_compare", world.a) + "?" + "&".join(f"{k}={v}" for k, v in picked.items())
    response = login(world.a.observer).get(address)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Choose a snapshot.") == 1
    # The message sits with the field that is missing, and only there.
    other = "to" if missing == "from" else "from"
    assert f'id="id_{missing}_error"' in html and f'id="id_{other}_error"' not in html


def test_the_picker_alone_shows_no_error(login, world, stakeholder_map):
    html = login(world.a.observer).get(url("map_compare", world.a)).content.decode()
    assert "Choose a snapshot." not in html and 'class="error"' not in html


@pytest.mark.parametrize("bad", ["not-a-uuid", "'; drop"])
def test_compare_with_a_malformed_id_says_so(login, world, stakeholder_map, bad):
    client = login(world.a.observer)
    address = url("map_compare", world.a) + f"?from={bad}&to={stakeholder_map.public_id}"
    response = client.get(address)
    assert response.status_code == 200
    assert "Choose a snapshot from the list." in response.content.decode()


def test_compare_with_an_unknown_id_is_404(login, world, stakeholder_map):
    client = login(world.a.observer)
    unknown = "00000000-0000-0000-0000-000000000000"
    address = url("map_compare", world.a) + f"?from={unknown}&to={stakeholder_map.public_id}"
    assert client.get(address).status_code == 404


def test_compare_with_another_platforms_map_is_404(login, world, stakeholder_map):
    theirs = StakeholderMapFactory(platform=world.b.platform, issue="Rice")
    client = login(world.a.observer)
    assert client.get(compare_url(world.a, theirs, stakeholder_map)).status_code == 404
    assert client.get(compare_url(world.a, stakeholder_map, theirs)).status_code == 404


def test_compare_reads_from_the_earlier_snapshot_whichever_is_named_first(
    login, world, stakeholder_map, later
):
    with unscoped():
        StakeholderMap.objects.filter(pk=stakeholder_map.pk).update(as_of="2025-01-01")
        StakeholderMap.objects.filter(pk=later.pk).update(as_of="2026-01-01")
    html = (
        login(world.a.observer).get(compare_url(world.a, later, stakeholder_map)).content.decode()
    )
    assert (
        "Joined (1)" in html and "Delta" in html[html.index("Joined (1)") : html.index("Left (1)")]
    )
    assert "1 → 7" in html


def test_attitude_and_primary_changes_in_place_are_shown_not_hidden(login, world, stakeholder_map):
    later = StakeholderMapFactory(platform=world.a.platform, title="Midline", issue="Rice")
    with unscoped():
        Position.objects.filter(map=stakeholder_map, label="Alpha").update(attitude="supportive")
    # Alpha turns from supportive to opposed; Beta becomes primary; Gamma stays as it was.
    PositionFactory(
        map=later, organisation=None, label="Alpha", interest=1, influence=1, attitude="opposed"
    )
    PositionFactory(
        map=later, organisation=None, label="Beta", interest=5, influence=5, is_primary=True
    )
    PositionFactory(map=later, organisation=None, label="Gamma", interest=9, influence=2)
    response = login(world.a.observer).get(compare_url(world.a, stakeholder_map, later))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Moved (0)" in html and "Changed without moving (2)" in html
    assert "Unchanged (1)" in html
    changed = html[html.index('id="changed-heading"') : html.index('id="joined-heading"')]
    assert "Alpha" in changed and "Supportive → Opposed" in changed
    assert "Beta" in changed and "Not primary → primary" in changed
    assert "Gamma" not in changed
    unchanged = html[html.index('id="unchanged-heading"') :]
    unchanged = unchanged[: unchanged.index("</section>")]
    assert "Gamma" in unchanged and "Alpha" not in unchanged and "Beta" not in unchanged
    # The chart's legend tells it too.
    assert "1/1 → 1/1, now opposed" in html and "5/5 → 5/5, now primary" in html


def test_a_move_shows_its_attitude_and_primary_changes_too(login, world, stakeholder_map):
    later = StakeholderMapFactory(platform=world.a.platform, title="Midline", issue="Rice")
    PositionFactory(
        map=later,
        organisation=None,
        label="Alpha",
        interest=8,
        influence=8,
        attitude="supportive",
        is_primary=True,
    )
    html = (
        login(world.a.observer).get(compare_url(world.a, stakeholder_map, later)).content.decode()
    )
    moved = html[html.index('id="moved-heading"') : html.index('id="changed-heading"')]
    assert "Alpha" in moved and "Neutral → Supportive" in moved
    assert "Not primary → primary" in moved
