"""The balance of power: seats by sector, the primary stakeholders' voice, who decides
what (with the majority flag), sectors on the map without a seat, and the chart."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from partnerships import charts
from partnerships.models import Seat
from partnerships.selectors.governance import governance_overview
from partnerships.selectors.power_balance import NO_SCOPE, body_phrase
from platforms.tenancy import unscoped
from tests.factories import (
    GovernanceBodyFactory,
    OrganisationFactory,
    PartnerFactory,
    PartnershipFactory,
    PositionFactory,
    StakeholderMapFactory,
)

SVG = "{http://www.w3.org/2000/svg}"


def seat(body, partner, n):
    with unscoped():
        return Seat.objects.create(platform=body.platform, body=body, partner=partner, seats=n)


def partner_of(partnership, name, sector):
    organisation = OrganisationFactory(
        platform=partnership.platform, name=name, sector=sector, screening_status="cleared"
    )
    return PartnerFactory(partnership=partnership, organisation=organisation)


@pytest.fixture
def setup(world):
    """A steering committee where business holds 4 of 7 seats, a working group on
    implementation, and a map with primary stakeholders seated, unseated and unorganised."""
    platform = world.a.platform
    stakeholder_map = StakeholderMapFactory(platform=platform)
    partnership = PartnershipFactory(platform=platform, stakeholder_map=stakeholder_map)
    tea = partner_of(partnership, "Tea Estates Ltd", "business")
    bank = partner_of(partnership, "Ceylon Bank", "business")
    ngo = partner_of(partnership, "Women's Cooperative", "civil_society")
    ministry = partner_of(partnership, "Ministry of Plantations", "government")
    left = partner_of(partnership, "Gone Media", "media")
    with unscoped():
        left.left_on = datetime.date(2026, 1, 1)
        left.save()
    steering = GovernanceBodyFactory(
        partnership=partnership, name="Steering committee", scope="strategy"
    )
    working = GovernanceBodyFactory(
        partnership=partnership,
        name="Field working group",
        type="working_group",
        scope="implementation",
        decision_rule="",
    )
    seat(steering, tea, 3)
    seat(steering, bank, 1)
    seat(steering, ngo, 2)
    seat(steering, ministry, 1)
    seat(steering, left, 5)  # a partner that left: no voice
    seat(working, ngo, 2)
    seat(working, ministry, 2)
    # The map: the cooperative (primary, seated), a union (primary, not a partner),
    # households (primary, no organisation), an academic and a media house (not primary).
    PositionFactory(map=stakeholder_map, organisation=ngo.organisation, is_primary=True)
    union = OrganisationFactory(platform=platform, name="Estate Workers Union")
    PositionFactory(map=stakeholder_map, organisation=union, is_primary=True)
    PositionFactory(
        map=stakeholder_map, organisation=None, label="Estate households", is_primary=True
    )
    PositionFactory(
        map=stakeholder_map,
        organisation=OrganisationFactory(
            platform=platform, name="University of Peradeniya", sector="academia"
        ),
    )
    PositionFactory(
        map=stakeholder_map,
        organisation=OrganisationFactory(platform=platform, name="Daily Mirror", sector="media"),
    )
    PositionFactory(map=stakeholder_map, organisation=tea.organisation)
    return partnership


def overview(partnership):
    with unscoped():
        return governance_overview(platform=partnership.platform, partnership=partnership)


def test_seats_by_sector_sum_across_bodies_and_skip_partners_that_left(setup):
    balance = overview(setup)
    seats = {s.sector: s.seats for s in balance.sectors}
    assert len(balance.sectors) == 8
    assert seats == {
        "civil_society": 4,
        "academia": 0,
        "business": 4,
        "united_nations": 0,
        "government": 3,
        "donor": 0,
        "foundation": 0,
        "media": 0,
    }
    by_body = {s.sector: s.by_body for s in balance.sectors}
    assert by_body["civil_society"] == [2, 2]
    assert by_body["business"] == [4, 0]
    assert balance.total_seats == 11


def test_majority_flag_names_the_sector_and_its_share(setup):
    steering, working = overview(setup).bodies
    assert steering.total == 7
    assert steering.majority
    assert steering.largest_text == "Business holds 4 of 7 seats on the steering committee"
    # 2 and 2 of 4: a tie is no majority.
    assert not working.majority
    assert working.largest_sectors == ["Civil society", "Government"]
    assert "hold 2 of 4 seats each on Field working group" in working.largest_text


def test_exactly_half_is_not_a_majority(world):
    partnership = PartnershipFactory(platform=world.a.platform)
    body = GovernanceBodyFactory(partnership=partnership)
    seat(body, partner_of(partnership, "B1", "business"), 2)
    seat(body, partner_of(partnership, "G1", "government"), 2)
    (balance,) = overview(partnership).bodies
    assert balance.largest_seats == 2 and not balance.majority
    seat(body, partner_of(partnership, "B2", "business"), 1)
    (balance,) = overview(partnership).bodies
    assert balance.majority and balance.largest_sectors == ["Business"]


def test_primary_stakeholders_voice(setup):
    balance = overview(setup)
    assert [(p.name, p.seats, p.bodies) for p in balance.with_voice] == [
        ("Women's Cooperative", 4, ["Steering committee", "Field working group"])
    ]
    without = {p.name: p for p in balance.without_voice}
    assert set(without) == {"Estate Workers Union", "Estate households"}
    # Households have no organisation: nobody can seat them.
    assert without["Estate households"].organisation is None
    assert without["Estate Workers Union"].organisation is not None
    assert balance.primary_count == 3


def test_sectors_on_the_map_without_a_seat(setup):
    balance = overview(setup)
    # Media sits only through a partner that left, so it has no seat; civil society
    # (cooperative, union) and business are seated; labelled positions have no sector.
    assert [(s.sector, s.organisations) for s in balance.unseated_sectors] == [
        ("academia", ["University of Peradeniya"]),
        ("media", ["Daily Mirror"]),
    ]


def test_who_decides_what_groups_bodies_by_scope(setup):
    GovernanceBodyFactory(partnership=setup, name="Advisers", type="advisory_committee", scope="")
    scopes = overview(setup).scopes
    assert [(g.label, [b.body.name for b in g.bodies]) for g in scopes] == [
        ("Strategy and policy", ["Steering committee"]),
        ("Implementation", ["Field working group"]),
        (NO_SCOPE, ["Advisers"]),
    ]
    working = scopes[1].bodies[0]
    assert working.rule == "Decision rule not agreed"
    assert [s.partner.organisation.name for s in working.members] == [
        "Ministry of Plantations",
        "Women's Cooperative",
    ]


def test_without_a_map_nothing_about_the_map_is_claimed(world):
    partnership = PartnershipFactory(platform=world.a.platform)
    body = GovernanceBodyFactory(partnership=partnership)
    seat(body, partner_of(partnership, "B1", "business"), 1)
    balance = overview(partnership)
    assert balance.stakeholder_map is None
    assert balance.with_voice == balance.without_voice == balance.unseated_sectors == []


def test_body_phrase():
    assert body_phrase("Steering committee") == "the steering committee"
    assert body_phrase("Tea Board") == "Tea Board"


def test_chart_parses_and_shows_every_sector(setup):
    balance = overview(setup)
    svg = charts.seats_by_sector_svg(balance.sectors, title="Seats by sector", bodies=2)
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Seats by sector"
    desc = root.find(f"{SVG}desc").text
    assert "11 seats on 2 bodies" in desc and "Business 4" in desc and "No seats: Academia" in desc
    bars = root.findall(f".//{SVG}g[@class='bar']")
    assert [b.get("data-value") for b in bars] == ["4", "0", "4", "0", "3", "0", "0", "0"]
    # Equal values, equal bars; zero draws no bar at all.
    widths = [b.find(f"{SVG}rect") for b in bars]
    assert widths[0].get("width") == widths[2].get("width")
    assert widths[1] is None


def test_chart_escapes_names():
    svg = charts.bar_chart_svg(
        [charts.Bar("<script>alert(1)</script>", 3, 'A "quoted" & <b>')],
        title="<script>x</script>",
        desc="&",
        axis_label="Seats",
        id_prefix="t",
    )
    root = ET.fromstring(svg)
    assert "<script>" not in svg
    assert root.find(f"{SVG}title").text == "<script>x</script>"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "<script>alert(1)</script>" in texts


def test_chart_of_nothing_is_still_a_chart():
    svg = charts.seats_by_sector_svg([], title="Empty", bodies=0)
    assert ET.fromstring(svg).find(f"{SVG}desc").text.startswith("No seats yet")


@pytest.mark.parametrize(
    ("largest", "step"), [(0, 1), (7, 1), (10, 1), (11, 2), (23, 5), (99, 10), (150, 20)]
)
def test_scale_steps(largest, step):
    from partnerships.charts.bars import step_for

    assert step_for(largest) == step
