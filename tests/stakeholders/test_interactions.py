"""The engagement log's pages: who may use them, the list with its filters and markers,
logging and correcting an interaction, and marking a follow-up done."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from platforms.models import Role
from platforms.tenancy import unscoped
from stakeholders.models import Interaction, ScreeningDecision
from tests.factories import InteractionFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def today(side):
    return timezone.localdate(timezone=side.platform.tzinfo)


def list_url(side, query: str = "") -> str:
    return reverse("interaction_list", args=[side.platform.slug]) + query


def create_url(side, organisation) -> str:
    return reverse("interaction_create", args=[side.platform.slug, organisation.public_id])


def edit_url(side, interaction) -> str:
    return reverse("interaction_edit", args=[side.platform.slug, interaction.public_id])


def done_url(side, interaction) -> str:
    return reverse("interaction_follow_up_done", args=[side.platform.slug, interaction.public_id])


def detail_url(side, organisation) -> str:
    return reverse("organisation_detail", args=[side.platform.slug, organisation.public_id])


def form_data(side, **overrides) -> dict:
    data = {
        "kind": "meeting",
        "occurred_on": today(side).isoformat(),
        "subject": "Planning the food-security workshop",
        "participants": "Ama Perera (WFP), our broker",
        "notes": "Agreed on a date.",
        "follow_up_on": "",
    }
    return {**data, **overrides}


def snapshot() -> list[tuple]:
    """Every interaction as stored, to show a refusal wrote nothing."""
    with unscoped():
        return list(
            Interaction.objects.order_by("pk").values_list(
                "pk", "kind", "occurred_on", "subject", "follow_up_on", "follow_up_done_at"
            )
        )


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def log(world):
    """An organisation of platform A with one interaction whose follow-up is overdue."""
    organisation = OrganisationFactory(platform=world.a.platform, name="Sarvodaya")
    interaction = InteractionFactory(
        organisation=organisation,
        occurred_on=today(world.a) - timedelta(days=10),
        subject="First meeting",
        follow_up_on=today(world.a) - timedelta(days=2),
    )
    return organisation, interaction


def pages(side, organisation, interaction):
    return [
        ("get", list_url(side), {}),
        ("get", create_url(side, organisation), {}),
        ("post", create_url(side, organisation), form_data(side)),
        ("get", edit_url(side, interaction), {}),
        ("post", edit_url(side, interaction), form_data(side, subject="Changed")),
        ("post", done_url(side, interaction), {}),
    ]


# --- Who may use the pages --------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client, world, log):
    before = snapshot()
    for method, url, data in pages(world.a, *log):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert snapshot() == before


@pytest.mark.parametrize("role", Role.values)
def test_members_of_the_other_platform_get_404(login, world, log, role):
    client = login(world.b.member(role))
    before = snapshot()
    for method, url, data in pages(world.a, *log):
        assert getattr(client, method)(url, data).status_code == 404, url
    assert snapshot() == before


def test_another_platforms_rows_are_404_through_ones_own_platform(login, world):
    organisation = OrganisationFactory(platform=world.b.platform)
    interaction = InteractionFactory(
        organisation=organisation, follow_up_on=today(world.b) - timedelta(days=1)
    )
    client = login(world.a.broker)
    before = snapshot()
    for method, url, data in pages(world.a, organisation, interaction)[1:]:
        assert getattr(client, method)(url, data).status_code == 404, url
    assert snapshot() == before


def test_observer_reads_the_log_but_cannot_write(login, world, log):
    client = login(world.a.observer)
    before = snapshot()
    response = client.get(list_url(world.a))
    assert response.status_code == 200
    html = response.content.decode()
    assert "First meeting" in html
    assert "Mark done" not in html and edit_url(world.a, log[1]) not in html
    for method, url, data in pages(world.a, *log)[1:]:
        assert getattr(client, method)(url, data).status_code == 403, url
    assert snapshot() == before


def test_partner_representative_gets_403_everywhere(login, world, log):
    client = login(world.a.partner)
    before = snapshot()
    for method, url, data in pages(world.a, *log):
        assert getattr(client, method)(url, data).status_code == 403, url
    assert snapshot() == before


@pytest.mark.parametrize("role", [Role.PLATFORM_ADMIN, Role.BROKER, Role.SECRETARIAT])
def test_staff_may_log(login, world, log, role):
    response = login(world.a.member(role)).post(create_url(world.a, log[0]), form_data(world.a))
    assert response.status_code == 302
    with unscoped():
        assert Interaction.objects.filter(subject="Planning the food-security workshop").exists()


def test_marking_done_needs_post(login, world, log):
    assert login(world.a.broker).get(done_url(world.a, log[1])).status_code == 405


# --- The list ---------------------------------------------------------------------------


def test_list_shows_rows_newest_first_with_markers_and_badges(login, world, log):
    organisation, overdue = log
    with unscoped():
        organisation.screening_status = ScreeningDecision.CLEARED
        organisation.save()
    due = InteractionFactory(
        organisation=organisation,
        kind="call",
        occurred_on=today(world.a) - timedelta(days=1),
        subject="Call about the budget",
        participants="Nimal\nSunethra",
        follow_up_on=today(world.a),
    )
    InteractionFactory(
        organisation=OrganisationFactory(platform=world.b.platform, name="Elsewhere"),
        subject="Not on this platform",
    )
    html = login(world.a.broker).get(list_url(world.a)).content.decode()
    assert html.index("Call about the budget") < html.index("First meeting")
    assert "Nimal<br>Sunethra" in html
    assert "Cleared" in html and "badge-success" in html  # the screening badge
    assert '<span class="badge badge-danger">Overdue</span>' in html
    assert '<span class="badge badge-warning">Due today</span>' in html
    assert done_url(world.a, overdue) in html and done_url(world.a, due) in html
    assert "Not on this platform" not in html and "Elsewhere" not in html


def test_filters(login, world, log):
    organisation, overdue = log
    other = OrganisationFactory(
        platform=world.a.platform, name="World Food Programme", acronym="WFP"
    )
    day = today(world.a)
    InteractionFactory(organisation=other, kind="email", subject="Email to WFP", occurred_on=day)
    InteractionFactory(
        organisation=other,
        kind="workshop",
        subject="Workshop with an open follow-up",
        occurred_on=day - timedelta(days=40),
        follow_up_on=day + timedelta(days=3),
    )
    InteractionFactory(
        organisation=other,
        subject="Follow-up done",
        occurred_on=day - timedelta(days=20),
        follow_up_on=day - timedelta(days=5),
        follow_up_done_at=timezone.now(),
    )
    client = login(world.a.broker)

    def subjects(query: str) -> set[str]:
        html = client.get(list_url(world.a, query)).content.decode()
        names = [
            "First meeting",
            "Email to WFP",
            "Workshop with an open follow-up",
            "Follow-up done",
        ]
        return {name for name in names if f"<td>{name}" in html}

    assert subjects("?kind=email") == {"Email to WFP"}
    assert subjects("?organisation_name=wfp") == {
        "Email to WFP",
        "Workshop with an open follow-up",
        "Follow-up done",
    }
    assert subjects("?organisation_name=sarvo") == {"First meeting"}
    start, end = (day - timedelta(days=25)).isoformat(), (day - timedelta(days=5)).isoformat()
    assert subjects(f"?date_from={start}&date_to={end}") == {"First meeting", "Follow-up done"}
    assert subjects("?follow_ups=due") == {"First meeting"}
    assert subjects("?follow_ups=open") == {"First meeting", "Workshop with an open follow-up"}
    assert subjects("?follow_ups=open&kind=workshop") == {"Workshop with an open follow-up"}


@pytest.mark.parametrize(
    "query, message",
    [
        ("?kind=lunch", "Choose one of: meeting, call, email, workshop, consultation."),
        ("?date_from=yesterday", "Enter the date as YYYY-MM-DD."),
        ("?date_from=2025-03-10&date_to=2025-03-01", "The end date is before the start date."),
        ("?date_from=0001-01-01", "Enter a date between 1900 and 2999."),
        ("?follow_ups=someday", "Select a valid choice."),
    ],
)
def test_bad_filters_say_why_and_show_nothing(login, world, log, query, message):
    response = login(world.a.broker).get(list_url(world.a, query))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Some filters are not valid" in html and "First meeting" not in html


def test_empty_states(login, world):
    html = login(world.a.broker).get(list_url(world.a)).content.decode()
    assert "Nothing is logged yet" in html and reverse("organisation_list", args=["alpha"]) in html
    html = login(world.a.observer).get(list_url(world.a)).content.decode()
    assert "The platform's staff log" in html
    html = login(world.a.broker).get(list_url(world.a, "?kind=call")).content.decode()
    assert "No interactions match these filters" in html and "Clear filters" in html


def test_list_pages_by_25(login, world):
    organisation = OrganisationFactory(platform=world.a.platform)
    InteractionFactory.create_batch(30, organisation=organisation, subject="Routine call")
    client = login(world.a.broker)
    first = client.get(list_url(world.a)).content.decode()
    assert first.count("<td>Routine call") == 25 and "Page 1 of 2" in first
    second = client.get(list_url(world.a, "?page=2")).content.decode()
    assert second.count("<td>Routine call") == 5


def count_queries(client, url) -> int:
    client.get(url)  # the first request of a client pays one-off costs; measure the next
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_list_runs_a_fixed_number_of_queries(login, world):
    client = login(world.a.broker)
    day = today(world.a)

    def make(n: int) -> None:
        for _ in range(n):
            InteractionFactory(
                organisation=OrganisationFactory(platform=world.a.platform),
                follow_up_on=day,
                recorded_by=world.a.broker.user,
            )

    make(3)
    few = count_queries(client, list_url(world.a))
    make(27)
    many = count_queries(client, list_url(world.a))
    assert few == many
    # A filtered list costs the same.
    assert count_queries(client, list_url(world.a, "?follow_ups=due&organisation_name=org")) == many


# --- Filtered to one organisation (from its page) ------------------------------------------


def test_filtered_to_one_organisation(login, world, log):
    organisation, _ = log
    namesake = OrganisationFactory(platform=world.a.platform, name="Sarvodaya Bank")
    InteractionFactory(organisation=namesake, subject="Bank loan")
    InteractionFactory(organisation=organisation, kind="call", subject="Second call")
    client = login(world.a.observer)

    query = f"?organisation={organisation.public_id}&kind=call"
    response = client.get(list_url(world.a, query))
    html = response.content.decode()
    assert [row.interaction.subject for row in response.context["rows"]] == ["Second call"]
    assert "Only interactions with" in html and detail_url(world.a, organisation) in html
    # The link back to every organisation keeps the other filters.
    assert f'href="{list_url(world.a)}?kind=call">Show every organisation</a>' in html
    assert f'name="organisation" value="{organisation.public_id}"' in html

    # Part of a name still matches every organisation that has it.
    response = client.get(list_url(world.a, "?organisation_name=sarvodaya"))
    assert {row.interaction.subject for row in response.context["rows"]} == {
        "First meeting",
        "Second call",
        "Bank loan",
    }
    assert "Only interactions with" not in response.content.decode()


@pytest.mark.parametrize("which", ["another platform's", "unknown", "malformed"])
def test_filtered_to_an_organisation_it_cannot_see(login, world, log, which):
    ids = {
        "another platform's": OrganisationFactory(platform=world.b.platform).public_id,
        "unknown": "6f1c3c9e-0000-4000-8000-000000000000",
        "malformed": "not-an-id",
    }
    InteractionFactory(organisation=OrganisationFactory(platform=world.b.platform))
    response = login(world.a.broker).get(list_url(world.a, f"?organisation={ids[which]}"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "That organisation is not in this platform&#x27;s registry" in html
    assert "Some filters are not valid" in html and response.context["rows"] == []


def test_the_list_calls_the_models_follow_up_state():
    from stakeholders.views import interactions as views

    assert not hasattr(views, "follow_up_state")
