"""The work plan pages: who sees and changes them, other platforms' 404s, objectives and
activities added, edited and deleted, refusals with clear messages that write nothing, the
timeline chart, and a fixed number of queries however long the plan."""

import datetime

import pytest

from partnerships.models import Activity, Objective
from platforms.models import Role
from platforms.tenancy import unscoped
from tests.factories import ActivityFactory, ObjectiveFactory, PartnerFactory, PartnershipFactory
from tests.partnerships.workplan_helpers import (
    everything,
    give_access,
    make_setup,
    messages_of,
    queries,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world):
    s = make_setup(world)
    s.objective = ObjectiveFactory(
        partnership=s.partnership, title="Fair prices", expected_results="Farm-gate +10%"
    )
    s.activity = ActivityFactory(
        objective=s.objective,
        title="Price survey",
        responsible=s.wfp,
        starts_on=datetime.date(2025, 3, 1),
        ends_on=datetime.date(2025, 6, 30),
    )
    return s


def pages(side, partnership, objective, activity):
    o, a = objective.public_id, activity.public_id
    return [
        ("get", url("work_plan", side, partnership), False),
        ("get", url("objective_create", side, partnership), True),
        ("post", url("objective_create", side, partnership), True),
        ("get", url("objective_edit", side, partnership, o), True),
        ("post", url("objective_edit", side, partnership, o), True),
        ("get", url("objective_delete", side, partnership, o), True),
        ("post", url("objective_delete", side, partnership, o), True),
        ("get", url("activity_create", side, partnership, o), True),
        ("post", url("activity_create", side, partnership, o), True),
        ("get", url("activity_edit", side, partnership, a), True),
        ("post", url("activity_edit", side, partnership, a), True),
        ("get", url("activity_delete", side, partnership, a), True),
        ("post", url("activity_delete", side, partnership, a), True),
    ]


def call(client, method, address):
    # Bad input for the forms: a write that got through would answer 200, not delete.
    if method == "post" and address.endswith("/delete/"):
        return client.post(address)
    return getattr(client, method)(address, {"title": "", "ends_on": "bad"})


@pytest.mark.parametrize(
    "role, reads, writes",
    [
        (Role.PLATFORM_ADMIN, 200, None),
        (Role.BROKER, 200, None),  # assigned
        (Role.SECRETARIAT, 200, 403),
        (Role.OBSERVER, 200, 403),
        (Role.PARTNER_REPRESENTATIVE, 404, 403),  # its organisation is not a partner
    ],
)
def test_who_sees_and_who_changes(world, login, setup, role, reads, writes):
    before = everything()
    client = login(world.a.member(role))
    for method, address, write in pages(
        world.a, setup.partnership, setup.objective, setup.activity
    ):
        if write and writes is None:
            continue  # the admin and the assigned broker: see the CRUD tests
        response = call(client, method, address)
        assert response.status_code == (writes if write else reads), (method, address)
    assert everything() == before


def test_a_broker_not_assigned_may_look_but_not_change(world, login, setup):
    other = PartnershipFactory(platform=world.a.platform)
    objective = ObjectiveFactory(partnership=other)
    activity = ActivityFactory(objective=objective)
    before = everything()
    client = login(world.a.broker)
    for method, address, write in pages(world.a, other, objective, activity):
        response = call(client, method, address)
        assert response.status_code == (403 if write else 200), (method, address)
        if write:
            assert b"brokers assigned to this partnership" in response.content
    assert everything() == before


def test_a_partners_representative_reads_without_buttons(world, login, setup):
    give_access(world.a, setup.wfp)
    client = login(world.a.partner)
    response = client.get(url("work_plan", world.a, setup.partnership))
    assert response.status_code == 200
    assert b"Price survey" in response.content and b"Add an objective" not in response.content
    assert (
        client.post(url("objective_create", world.a, setup.partnership), {"title": "X"}).status_code
        == 403
    )


def test_other_platforms_get_404(world, login, setup):
    theirs = ActivityFactory(objective__partnership__platform=world.b.platform)
    other = ActivityFactory(objective__partnership__platform=world.a.platform)
    before = everything()
    client = login(world.a.admin)
    for method, address, _ in pages(world.a, theirs.partnership, theirs.objective, theirs):
        assert call(client, method, address).status_code == 404, address
    client = login(world.b.admin)
    for method, address, _ in pages(world.b, setup.partnership, setup.objective, setup.activity):
        assert call(client, method, address).status_code == 404, address
    # Another partnership's objective and activity under this partnership.
    client = login(world.a.admin)
    for method, address, _ in pages(world.a, setup.partnership, other.objective, other)[3:]:
        assert call(client, method, address).status_code == 404, address
    assert everything() == before


def test_objectives_are_added_edited_and_deleted(world, login, setup):
    client = login(world.a.broker)
    response = client.post(
        url("objective_create", world.a, setup.partnership),
        {"title": "  Better storage ", "expected_results": "Losses halved"},
    )
    assert response.status_code == 302
    assert "The objective “Better storage” was added." in messages_of(response)
    with unscoped():
        new = Objective.objects.get(title="Better storage")
    assert new.partnership_id == setup.partnership.pk
    assert new.expected_results == "Losses halved"
    assert new.position == setup.objective.position + 1  # after the existing one
    response = client.post(
        url("objective_edit", world.a, setup.partnership, new.public_id),
        {"title": "Better storage", "expected_results": "Losses down by a third", "position": "0"},
    )
    assert response.status_code == 302
    with unscoped():
        new.refresh_from_db()
    assert new.expected_results == "Losses down by a third" and new.position == 0
    page = client.get(
        url("objective_delete", world.a, setup.partnership, setup.objective.public_id)
    )
    assert b"Its 1 activity will be deleted with it." in page.content
    response = client.post(
        url("objective_delete", world.a, setup.partnership, setup.objective.public_id)
    )
    assert response.status_code == 302
    with unscoped():
        assert list(Objective.objects.values_list("title", flat=True)) == ["Better storage"]
        assert not Activity.objects.exists()


def test_activities_are_added_edited_and_deleted(world, login, setup):
    client = login(world.a.admin)
    address = url("activity_create", world.a, setup.partnership, setup.objective.public_id)
    page = client.get(address)
    assert b"Sarvodaya" in page.content and b"Old Co" not in page.content  # active only
    response = client.post(
        address,
        {
            "title": "Storage pilots",
            "responsible": setup.ngo.public_id,
            "starts_on": "2025-07-01",
            "ends_on": "2025-12-31",
            "status": "in_progress",
        },
    )
    assert response.status_code == 302, response.content
    with unscoped():
        activity = Activity.objects.get(title="Storage pilots")
    assert activity.responsible_id == setup.ngo.pk and activity.objective_id == setup.objective.pk
    assert activity.partnership_id == setup.partnership.pk
    response = client.post(
        url("activity_edit", world.a, setup.partnership, activity.public_id),
        {"title": "Storage pilots", "responsible": "", "status": "done"},
    )
    assert response.status_code == 302
    with unscoped():
        activity.refresh_from_db()
    assert activity.responsible_id is None and activity.status == "done"
    assert activity.starts_on is None
    response = client.post(url("activity_delete", world.a, setup.partnership, activity.public_id))
    assert response.status_code == 302
    assert "The activity “Storage pilots” was deleted." in messages_of(response)
    with unscoped():
        assert not Activity.objects.filter(pk=activity.pk).exists()


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"starts_on": "2025-06-01", "ends_on": "2025-05-31"},
            "The activity ends (31 May 2025) before it starts (1 Jun 2025)",
        ),
        ({"title": " "}, "Give the activity a title."),
        ({"starts_on": "31/12/2025"}, "Enter the date as YYYY-MM-DD."),
        ({"status": "finished"}, "Select a valid choice."),
        ({"responsible": "former"}, "That organisation is not a partner of this partnership"),
        ({"responsible": "elsewhere"}, "That organisation is not a partner of this partnership"),
        ({"responsible": "not-a-uuid"}, "That organisation is not a partner of this partnership"),
    ],
)
def test_bad_activities_are_refused_with_a_message(world, login, setup, data, message):
    elsewhere = PartnerFactory(partnership__platform=world.a.platform)
    ids = {"former": setup.former.public_id, "elsewhere": elsewhere.public_id}
    if data.get("responsible") in ids:
        data = {**data, "responsible": ids[data["responsible"]]}
    before = everything()
    client = login(world.a.broker)
    form = {"title": "Training", "status": "planned", **data}
    for address in (
        url("activity_create", world.a, setup.partnership, setup.objective.public_id),
        url("activity_edit", world.a, setup.partnership, setup.activity.public_id),
    ):
        response = client.post(address, form)
        assert response.status_code == 200
        assert message in response.content.decode(), address
    assert everything() == before


def test_a_bad_objective_is_refused(world, login, setup):
    before = everything()
    client = login(world.a.broker)
    response = client.post(url("objective_create", world.a, setup.partnership), {"title": ""})
    assert "Give the objective a title." in response.content.decode()
    response = client.post(
        url("objective_edit", world.a, setup.partnership, setup.objective.public_id),
        {"title": "Fair prices", "position": "-1"},
    )
    assert response.status_code == 200 and b"position" in response.content
    assert everything() == before


def test_the_plan_shows_objectives_activities_and_a_timeline(world, login, setup):
    ActivityFactory(objective=setup.objective, title="Undated talk")
    response = login(world.a.observer).get(url("work_plan", world.a, setup.partnership))
    html = response.content.decode()
    assert "Fair prices" in html and "Farm-gate +10%" in html
    assert "Price survey" in html and "WFP" in html and "1 Mar 2025" in html
    assert 'role="img"' in html and "<title" in html and "<desc" in html
    assert "1 without dates are not drawn" in html
    assert "Mar 2025" in html


def test_an_empty_plan_says_what_to_do(world, login):
    partnership = PartnershipFactory(platform=world.a.platform)
    response = login(world.a.admin).get(url("work_plan", world.a, partnership))
    assert b"No objectives yet" in response.content and b"<svg" not in response.content


def test_the_work_plan_runs_a_fixed_number_of_queries(world, login, setup):
    client = login(world.a.broker)
    address = url("work_plan", world.a, setup.partnership)
    for _ in range(2):
        ActivityFactory(objective=setup.objective, responsible=setup.ngo)
    ObjectiveFactory.create_batch(2, partnership=setup.partnership)
    few = queries(client, address)
    for objective in ObjectiveFactory.create_batch(17, partnership=setup.partnership):
        for n in range(3):
            ActivityFactory(
                objective=objective,
                responsible=setup.wfp if n else setup.ngo,
                starts_on=datetime.date(2025, 1 + n, 1),
                ends_on=datetime.date(2025, 2 + n, 1),
            )
    many = queries(client, address)
    assert few == many
