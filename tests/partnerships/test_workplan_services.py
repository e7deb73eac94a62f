"""The work plan's services called directly (as the API and jobs would): refusals name
the problem and write nothing, another platform's or partnership's objects are refused;
and the timeline chart."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from partnerships.charts.timeline import Line, timeline_svg
from partnerships.services import workplan as services
from platforms.tenancy import tenant
from tests.factories import ActivityFactory, ObjectiveFactory, PartnerFactory
from tests.partnerships.workplan_helpers import everything, make_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    s = make_setup(world)
    s.objective = ObjectiveFactory(partnership=s.partnership, position=3)
    return s


def refused(platform, call, **kwargs) -> ValidationError:
    before = everything()
    with tenant(platform.pk), pytest.raises(ValidationError) as error:
        call(platform=platform, **kwargs)
    assert everything() == before
    return error.value


def test_an_objective_goes_last_and_an_activity_under_it(world, setup):
    platform = world.a.platform
    with tenant(platform.pk):
        objective = services.objective_create(
            platform=platform, partnership=setup.partnership, actor=world.a.broker.user, title="B"
        )
        activity = services.activity_create(
            platform=platform,
            objective=objective,
            actor=world.a.broker.user,
            title=" Survey  farmers ",
            responsible=setup.wfp,
            starts_on=datetime.date(2025, 1, 1),
            ends_on=datetime.date(2025, 1, 1),
        )
    assert objective.position == 4
    assert activity.title == "Survey farmers" and activity.status == "planned"
    assert activity.partnership_id == setup.partnership.pk


def test_a_partner_of_another_partnership_or_platform_is_refused(world, setup):
    for partner in (
        PartnerFactory(partnership__platform=world.a.platform),
        PartnerFactory(partnership__platform=world.b.platform),
    ):
        error = refused(
            world.a.platform,
            services.activity_create,
            objective=setup.objective,
            actor=None,
            title="X",
            responsible=partner,
        )
        assert "not a partner of this partnership" in error.message_dict["responsible"][0]


def test_a_former_partner_cannot_be_chosen_but_may_stay(world, setup):
    error = refused(
        world.a.platform,
        services.activity_create,
        objective=setup.objective,
        actor=None,
        title="X",
        responsible=setup.former,
    )
    assert "Old Co left this partnership on 1 Jun 2024" in error.message_dict["responsible"][0]
    activity = ActivityFactory(objective=setup.objective, responsible=setup.former)
    with tenant(world.a.platform.pk):
        services.activity_update(
            platform=world.a.platform, activity=activity, actor=None, status="done"
        )
    assert activity.status == "done" and activity.responsible_id == setup.former.pk


def test_dates_that_end_before_they_start_are_refused(world, setup):
    activity = ActivityFactory(objective=setup.objective, starts_on=datetime.date(2025, 5, 1))
    error = refused(
        world.a.platform,
        services.activity_update,
        activity=activity,
        actor=None,
        ends_on=datetime.date(2025, 4, 30),
    )
    assert "ends (30 Apr 2025) before it starts (1 May 2025)" in error.message_dict["ends_on"][0]
    assert activity.ends_on is None  # the refused value is not left on the object


def test_another_platforms_objects_are_refused(world, setup):
    theirs = ObjectiveFactory(partnership__platform=world.b.platform)
    error = refused(
        world.a.platform, services.activity_create, objective=theirs, actor=None, title="X"
    )
    assert "another platform" in error.messages[0]
    error = refused(
        world.a.platform,
        services.objective_create,
        partnership=theirs.partnership,
        actor=None,
        title="X",
    )
    assert "another platform" in error.messages[0]
    with tenant(world.a.platform.pk), pytest.raises(ValidationError):
        services.objective_delete(platform=world.a.platform, objective=theirs, actor=None)


def test_the_timeline_draws_dated_activities_accessibly():
    lines = [
        Line(
            "Survey <farmers>",
            datetime.date(2025, 1, 15),
            datetime.date(2025, 3, 31),
            "done",
            "Done",
        ),
        Line("Pilot", datetime.date(2025, 11, 1), None, "dropped", "Dropped"),
        Line("Undated", None, None, "planned", "Planned"),
    ]
    svg = timeline_svg(lines, title="Timeline", today=datetime.date(2025, 6, 1))
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert '<title id="timeline-title">Timeline</title>' in svg
    assert "2 activities from January 2025 to November 2025; 1 without dates" in svg
    assert "Survey &lt;farmers&gt;" in svg and "<farmers>" not in svg  # escaped
    assert "Today" in svg
    assert svg.count("<rect") == 1 + 2 + 5  # background, two bars, five legend keys
    assert timeline_svg(lines[2:], title="T", today=datetime.date(2025, 6, 1)) == ""
