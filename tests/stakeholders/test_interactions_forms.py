"""Logging an interaction, correcting one and marking its follow-up done, through the
pages: what is saved, where the page goes next, and every refusal (message shown,
nothing written, never a 500)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from platforms.tenancy import unscoped
from stakeholders.models import Interaction
from tests.factories import InteractionFactory, OrganisationFactory
from tests.stakeholders.test_interactions import (
    create_url,
    detail_url,
    done_url,
    edit_url,
    form_data,
    list_url,
    messages_of,
    snapshot,
    today,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(world):
    return OrganisationFactory(platform=world.a.platform, name="Sarvodaya")


# --- Logging ----------------------------------------------------------------------------


def test_the_form_offers_the_platforms_today(login, world, organisation):
    response = login(world.a.broker).get(create_url(world.a, organisation))
    assert response.status_code == 200
    html = response.content.decode()
    day = today(world.a).isoformat()
    assert f'name="occurred_on" value="{day}"' in html
    assert f'max="{day}"' in html
    assert "Log an interaction" in html and "Sarvodaya" in html
    for label in ("Kind", "Date", "Subject", "Participants", "Notes", "Follow-up date"):
        assert f">{label}" in html, label


def test_logging_saves_the_interaction_and_returns_to_the_organisation(login, world, organisation):
    day = today(world.a)
    data = form_data(
        world.a,
        kind="consultation",
        occurred_on=(day - timedelta(days=1)).isoformat(),
        subject="  Consultation   on the  draft ",
        follow_up_on=(day + timedelta(days=7)).isoformat(),
    )
    response = login(world.a.broker).post(create_url(world.a, organisation), data)
    assert response.status_code == 302
    assert response.url == detail_url(world.a, organisation)
    assert "is in the engagement log" in messages_of(response)[0]
    with unscoped():
        interaction = Interaction.objects.get()
    assert interaction.platform_id == world.a.platform.pk
    assert interaction.organisation_id == organisation.pk
    assert interaction.kind == "consultation"
    assert interaction.subject == "Consultation on the draft"
    assert interaction.occurred_on == day - timedelta(days=1)
    assert interaction.follow_up_on == day + timedelta(days=7)
    assert interaction.participants == "Ama Perera (WFP), our broker"
    assert interaction.recorded_by == world.a.broker.user
    assert interaction.follow_up_done_at is None


def test_a_follow_up_on_the_day_of_the_interaction_is_fine(login, world, organisation):
    day = today(world.a).isoformat()
    response = login(world.a.broker).post(
        create_url(world.a, organisation), form_data(world.a, follow_up_on=day)
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"occurred_on": "tomorrow"}, "occurred_on", "Log the interaction once it has happened"),
        ({"kind": "lunch"}, "kind", "Choose one of: meeting, call, email, workshop, consultation."),
        ({"kind": ""}, "kind", "Choose the kind of interaction."),
        ({"subject": ""}, "subject", "Give the interaction a subject"),
        ({"subject": "   "}, "subject", "Give the interaction a subject"),
        ({"subject": "x" * 201}, "subject", "at most 200 characters"),
        ({"occurred_on": ""}, "occurred_on", "Enter the date of the interaction."),
        ({"occurred_on": "14/03/2025"}, "occurred_on", "Enter the date as YYYY-MM-DD."),
        ({"follow_up_on": "99999-01-01"}, "follow_up_on", "Enter the date as YYYY-MM-DD."),
        ({"follow_up_on": "before"}, "follow_up_on", "is before the interaction"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    login, world, organisation, overrides, field, message
):
    day = today(world.a)
    special = {
        "tomorrow": (day + timedelta(days=1)).isoformat(),
        "before": (day - timedelta(days=1)).isoformat(),
    }
    data = form_data(world.a, **{k: special.get(v, v) for k, v in overrides.items()})
    response = login(world.a.broker).post(create_url(world.a, organisation), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert snapshot() == []


def test_archived_organisation_is_refused(login, world, organisation):
    with unscoped():
        organisation.archived_at = timezone.now()
        organisation.save()
    client = login(world.a.broker)
    for response in (
        client.get(create_url(world.a, organisation)),
        client.post(create_url(world.a, organisation), form_data(world.a)),
    ):
        assert response.status_code == 302
        assert response.url == detail_url(world.a, organisation)
        assert "Sarvodaya is archived" in messages_of(response)[0]
    assert snapshot() == []


# --- Correcting -------------------------------------------------------------------------


@pytest.fixture
def interaction(world, organisation):
    return InteractionFactory(
        organisation=organisation,
        occurred_on=today(world.a) - timedelta(days=3),
        subject="First meeting",
        follow_up_on=today(world.a) - timedelta(days=1),
    )


def test_edit_shows_the_entry_and_saves_changes(login, world, interaction):
    client = login(world.a.broker)
    html = client.get(edit_url(world.a, interaction)).content.decode()
    assert 'value="First meeting"' in html and "Edit an interaction" in html
    assert f'value="{interaction.occurred_on.isoformat()}"' in html
    data = form_data(
        world.a,
        kind="call",
        occurred_on=interaction.occurred_on.isoformat(),
        subject="First call, in fact",
        follow_up_on=interaction.follow_up_on.isoformat(),
        next=list_url(world.a, "?kind=call"),
    )
    response = client.post(edit_url(world.a, interaction), data)
    assert response.status_code == 302 and response.url == list_url(world.a, "?kind=call")
    with unscoped():
        interaction.refresh_from_db()
    assert (interaction.kind, interaction.subject) == ("call", "First call, in fact")


def test_edit_does_not_follow_a_link_to_another_site(login, world, interaction):
    data = form_data(world.a, next="https://evil.example/phish")
    response = login(world.a.broker).post(edit_url(world.a, interaction), data)
    assert response.status_code == 302 and response.url == list_url(world.a)


def test_a_new_follow_up_date_reopens_a_done_follow_up(login, world, interaction):
    with unscoped():
        Interaction.objects.filter(pk=interaction.pk).update(follow_up_done_at=timezone.now())
    new_date = today(world.a) + timedelta(days=5)
    data = form_data(
        world.a,
        occurred_on=interaction.occurred_on.isoformat(),
        subject=interaction.subject,
        follow_up_on=new_date.isoformat(),
    )
    login(world.a.broker).post(edit_url(world.a, interaction), data)
    with unscoped():
        interaction = Interaction.objects.get(pk=interaction.pk)
    assert interaction.follow_up_on == new_date and interaction.follow_up_done_at is None


def test_bad_edit_is_refused_and_the_entry_is_unchanged(login, world, interaction):
    before = snapshot()
    data = form_data(
        world.a,
        occurred_on=interaction.occurred_on.isoformat(),
        follow_up_on=(interaction.occurred_on - timedelta(days=1)).isoformat(),
    )
    response = login(world.a.broker).post(edit_url(world.a, interaction), data)
    assert response.status_code == 200
    assert "is before the interaction" in response.content.decode()
    assert snapshot() == before


# --- Marking a follow-up done -----------------------------------------------------------


def test_mark_done_records_it_and_goes_back(login, world, interaction):
    client = login(world.a.broker)
    back = list_url(world.a, "?follow_ups=due")
    response = client.post(done_url(world.a, interaction), {"next": back})
    assert response.status_code == 302 and response.url == back
    assert "is done" in messages_of(response)[0]
    with unscoped():
        done_at = Interaction.objects.get(pk=interaction.pk).follow_up_done_at
    assert done_at is not None

    again = client.post(done_url(world.a, interaction))
    assert again.url == list_url(world.a)
    assert "already marked as done" in messages_of(again)[-1]
    with unscoped():
        assert Interaction.objects.get(pk=interaction.pk).follow_up_done_at == done_at

    html = client.get(back).content.decode()
    assert "<td>First meeting" not in html  # no longer due


def test_mark_done_without_a_follow_up_is_refused(login, world, organisation):
    interaction = InteractionFactory(organisation=organisation, subject="Plain email")
    before = snapshot()
    response = login(world.a.broker).post(done_url(world.a, interaction))
    assert response.status_code == 302
    assert "has no follow-up to mark as done" in messages_of(response)[0]
    assert snapshot() == before
