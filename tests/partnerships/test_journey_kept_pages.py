"""The pages around what a passed gate agreed: the journey page's warning when it no
longer holds and its notice once the partnership moved on, a refused edit shown on its
form, the "no resource yet" link choosing the partner, dates bounded in the forms and the
timeline, and the risk heat map's level in words."""

import datetime

import pytest
from django.urls import reverse

from partnerships.charts.timeline import Line, timeline_svg
from partnerships.forms.partners import PartnerLeaveForm
from partnerships.forms.workplan import ActivityForm
from partnerships.models import Partner, Risk, Stage
from partnerships.services.access import broker_assign
from platforms.tenancy import unscoped
from tests.factories import PartnerFactory, PartnershipFactory
from tests.partnerships.test_journey_gates import ready_partnership

pytestmark = pytest.mark.django_db


def url(name: str, side, partnership, *args) -> str:
    return reverse(name, args=[side.platform.slug, partnership.public_id, *args])


def assigned(world, partnership):
    with unscoped():
        broker_assign(platform=world.a.platform, partnership=partnership, membership=world.a.broker)
    return partnership


def test_the_journey_page_flags_what_a_leaving_undid(world, login):
    partnership = assigned(world, ready_partnership(world.a.platform, stage=Stage.AGREEMENT))
    client = login(world.a.broker)
    page = client.get(url("partnership_journey", world.a, partnership)).content.decode()
    assert "Since stage" not in page
    with unscoped():
        (partner,) = Partner.objects.filter(partnership=partnership)
    response = client.post(
        url("partner_leave", world.a, partnership, partner.public_id),
        {"left_on": world.a.platform.today().isoformat()},
    )
    assert response.status_code == 302  # leaving is never refused
    response = client.get(url("partnership_journey", world.a, partnership))
    assert response.context["undone"][0][0] == 1
    page = response.content.decode()
    assert "Since stage 1: " in page and "No partner yet: add the organisations involved." in page
    assert "Since stage 5: " in page and "No active partner." in page
    assert f'href="{url("partner_add", world.a, partnership)}"' in page
    # Observers see the warning, without links.
    page = login(world.a.observer).get(url("partnership_journey", world.a, partnership))
    assert "Since stage 5: No active partner." in page.content.decode()


def test_the_journey_page_says_a_partnership_has_moved_on(world, login):
    partnership = ready_partnership(world.a.platform, stage=Stage.MOVING_ON)
    page = login(world.a.observer).get(url("partnership_journey", world.a, partnership))
    assert (
        "This partnership has moved on; its records are kept for reference" in page.content.decode()
    )
    going = ready_partnership(world.a.platform, stage=Stage.AGREEMENT)
    page = login(world.a.observer).get(url("partnership_journey", world.a, going))
    assert "has moved on; its records" not in page.content.decode()


def test_a_refused_role_change_is_shown_on_the_form(world, login):
    partnership = assigned(world, ready_partnership(world.a.platform, stage=Stage.STRUCTURE))
    with unscoped():
        (partner,) = Partner.objects.filter(partnership=partnership)
    response = login(world.a.broker).post(
        url("partner_edit", world.a, partnership, partner.public_id),
        {"role": "", "joined_on": "2024-01-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["role"] == [
        "This would undo what stage 5 agreed: Sarvodaya has no role yet. "
        "Move the partnership back to stage 5 first."
    ]
    with unscoped():
        assert Partner.objects.get(pk=partner.pk).role == "core"


def test_the_resource_form_chooses_the_partner_the_gate_named(world, login):
    partnership = assigned(world, PartnershipFactory(platform=world.a.platform))
    partner = PartnerFactory(partnership=partnership)
    former = PartnerFactory(
        partnership=partnership,
        joined_on=datetime.date(2024, 1, 1),
        left_on=datetime.date(2024, 6, 1),
    )
    elsewhere = PartnerFactory(partnership__platform=world.a.platform)
    client = login(world.a.broker)
    address = url("resource_create", world.a, partnership)
    response = client.get(f"{address}?partner={partner.public_id}")
    assert response.status_code == 200
    assert response.context["form"]["partner"].value() == str(partner.public_id)
    for other in (former.public_id, elsewhere.public_id, "not-an-id"):
        response = client.get(f"{address}?partner={other}")
        assert response.status_code == 200
        assert not response.context["form"]["partner"].value()


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)),
        (datetime.date(1, 1, 1), datetime.date(9999, 12, 31)),  # old data, before the bounds
    ],
)
def test_the_timeline_stays_small_whatever_the_range(first, last):
    lines = [
        Line("Forever", first, last, "in_progress", "In progress"),
        Line("Once", datetime.date(2026, 3, 1), None, "planned", "Planned"),
    ]
    svg = timeline_svg(lines, title="Timeline", today=datetime.date(2026, 3, 1))
    assert len(svg.encode()) < 200_000
    assert svg.count("<line") <= 14  # about twelve grid lines, and today's


def test_the_timeline_draws_a_grid_line_per_month_over_a_year():
    lines = [Line("Year", datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), "done", "Done")]
    svg = timeline_svg(lines, title="Timeline", today=datetime.date(2030, 1, 1))
    assert svg.count("<line") == 12 and "Jan 2025" in svg and "Dec 2025" in svg


@pytest.mark.parametrize("value", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
def test_the_forms_refuse_dates_beyond_1900_to_2100(value):
    form = ActivityForm({"title": "Survey", "status": "planned", "ends_on": value}, partners=[])
    assert form.errors["ends_on"] == ["Choose a date from 1900 to 2100."]
    form = PartnerLeaveForm({"left_on": value})
    assert form.errors["left_on"] == ["Choose a date from 1900 to 2100."]
    assert 'min="1900-01-01"' in str(form["left_on"]) and 'max="2100-12-31"' in str(form["left_on"])


def test_the_heat_map_shows_each_level_in_words(world, login):
    partnership = PartnershipFactory(platform=world.a.platform)
    with unscoped():
        for likelihood, impact in ((5, 5), (1, 2)):
            Risk.objects.create(
                platform=world.a.platform,
                partnership=partnership,
                category="delivery",
                description=f"Risk {likelihood}×{impact}",
                likelihood=likelihood,
                impact=impact,
            )
    page = login(world.a.observer).get(url("risk_list", world.a, partnership)).content.decode()
    assert '<strong>1</strong> <span class="heat-level">Extreme</span>' in page
    assert '<strong>1</strong> <span class="heat-level">Low</span>' in page
    assert "25 · Extreme" in page and "2 · Low" in page
