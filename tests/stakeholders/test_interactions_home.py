"""The "Follow-ups due" card on the platform home page (/p/<slug>/)."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from platforms.models import Role
from platforms.tenancy import unscoped
from platforms.views import home
from stakeholders.selectors.interactions import follow_ups_due
from stakeholders.services.organisations import organisation_archive, organisation_restore
from tests.factories import InteractionFactory, OrganisationFactory
from tests.stakeholders.test_interactions import count_queries, list_url, today

pytestmark = pytest.mark.django_db

CARD = "stakeholders/home/follow_ups.html"


def home_url(side) -> str:
    return reverse("home", args=[side.platform.slug])


def card_of(html: str) -> str:
    match = re.search(
        r'<section class="card" aria-labelledby="card-follow-ups">.*?</section>', html, re.S
    )
    assert match, "no follow-ups card on the page"
    return match.group(0)


def follow_up(side, subject: str, due: date, organisation=None, **extra):
    return InteractionFactory(
        organisation=organisation or OrganisationFactory(platform=side.platform),
        occurred_on=min(due, today(side)) - timedelta(days=1),
        subject=subject,
        follow_up_on=due,
        **extra,
    )


def test_the_card_is_registered_once(world):
    apps.get_app_config("stakeholders").ready()  # as a second ready() would
    assert [card.template for card in home.CARDS].count(CARD) == 1


def test_card_lists_due_follow_ups_overdue_first(login, world):
    day = today(world.a)
    sarvodaya = OrganisationFactory(platform=world.a.platform, name="Sarvodaya")
    follow_up(world.a, "Due today", day, organisation=sarvodaya, kind="call")
    follow_up(world.a, "Long overdue", day - timedelta(days=9))
    follow_up(world.a, "Not yet", day + timedelta(days=1))
    follow_up(world.a, "Done already", day - timedelta(days=3), follow_up_done_at=timezone.now())
    InteractionFactory(organisation=sarvodaya, subject="No follow-up")
    follow_up(world.b, "On platform B", today(world.b) - timedelta(days=1))

    card = card_of(login(world.a.broker).get(home_url(world.a)).content.decode())
    assert card.index("Long overdue") < card.index("Due today")
    assert "Sarvodaya" in card and "Call: Due today" in card
    assert '<span class="badge badge-danger">Overdue</span>' in card
    assert '<span class="badge badge-warning">Due today</span>' in card
    for absent in ("Not yet", "Done already", "No follow-up", "On platform B"):
        assert absent not in card, absent
    assert f'href="{list_url(world.a)}?follow_ups=due"' in card


def test_card_shows_five_and_says_how_many_in_all(login, world):
    for n in range(7):
        follow_up(world.a, f"Follow-up {n}", today(world.a) - timedelta(days=n))
    card = card_of(login(world.a.broker).get(home_url(world.a)).content.decode())
    assert card.count("<li>") == 5
    assert "Follow-up 6" in card and "Follow-up 1" not in card  # the most overdue first
    assert "All 7 follow-ups due" in card


def test_card_says_when_nothing_is_due(login, world):
    follow_up(world.b, "On platform B", today(world.b) - timedelta(days=1))
    card = card_of(login(world.a.observer).get(home_url(world.a)).content.decode())
    assert "No follow-ups are due" in card and "On platform B" not in card


def test_platform_b_never_shows_on_platform_as_home(login, world):
    follow_up(world.b, "Only on B", today(world.b))
    html = login(world.a.admin).get(home_url(world.a)).content.decode()
    assert "Only on B" not in html
    html = login(world.b.admin).get(home_url(world.b)).content.decode()
    assert "Only on B" in card_of(html)


def test_due_means_due_on_the_platforms_calendar(login, world, monkeypatch):
    # 22:30 UTC on 14 March: already 15 March in Colombo (A), still 14 March in Paris (B).
    moment = datetime(2025, 3, 14, 22, 30, tzinfo=ZoneInfo("UTC"))
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    follow_up(world.a, "Colombo follow-up", date(2025, 3, 15))
    follow_up(world.b, "Paris follow-up", date(2025, 3, 15))

    card_a = card_of(login(world.a.broker).get(home_url(world.a)).content.decode())
    assert "Colombo follow-up" in card_a and "Due today" in card_a
    card_b = card_of(login(world.b.broker).get(home_url(world.b)).content.decode())
    assert "Paris follow-up" not in card_b and "No follow-ups are due" in card_b


@pytest.mark.parametrize(
    "role", [Role.PLATFORM_ADMIN, Role.BROKER, Role.SECRETARIAT, Role.OBSERVER]
)
def test_readers_see_the_card(login, world, role):
    html = login(world.a.member(role)).get(home_url(world.a)).content.decode()
    assert "Follow-ups due" in html


def test_partner_representatives_do_not(login, world):
    follow_up(world.a, "Internal follow-up", today(world.a))
    html = login(world.a.partner).get(home_url(world.a)).content.decode()
    assert "card-follow-ups" not in html and "Internal follow-up" not in html


def test_the_card_runs_a_fixed_number_of_queries(login, world):
    client = login(world.a.broker)
    for n in range(3):
        follow_up(world.a, f"Few {n}", today(world.a) - timedelta(days=n))
    few = count_queries(client, home_url(world.a))
    for n in range(3):
        follow_up(world.a, f"Some {n}", today(world.a))
    # More than the card shows: one more query counts them all, and no more than that.
    six = count_queries(client, home_url(world.a))
    for n in range(24):
        follow_up(world.a, f"Many {n}", today(world.a))
    many = count_queries(client, home_url(world.a))
    assert six == few + 1
    assert many == six


def test_archived_organisations_follow_ups_are_not_due(login, world):
    """As their renewals, an archived organisation's follow-ups leave the card and the
    log's "due" filter (its engagement log is closed); restoring it brings them back."""
    archived = OrganisationFactory(platform=world.a.platform, name="Closed Coop")
    follow_up(world.a, "Archived follow-up", today(world.a) - timedelta(days=2), archived)
    follow_up(world.a, "Active follow-up", today(world.a))
    organisation_archive(platform=world.a.platform, organisation=archived, actor=None)

    with unscoped():
        due = follow_ups_due(platform=world.a.platform, today=today(world.a))
        assert [i.subject for i in due] == ["Active follow-up"]
    client = login(world.a.broker)
    card = card_of(client.get(home_url(world.a)).content.decode())
    assert "Active follow-up" in card and "Archived follow-up" not in card
    listed = client.get(list_url(world.a, "?follow_ups=due")).content.decode()
    assert "Active follow-up" in listed and "Archived follow-up" not in listed
    # Unfiltered, the log still shows it: its history stays.
    assert "Archived follow-up" in client.get(list_url(world.a)).content.decode()

    organisation_restore(platform=world.a.platform, organisation=archived, actor=None)
    with unscoped():
        due = follow_ups_due(platform=world.a.platform, today=today(world.a))
        assert [i.subject for i in due] == ["Archived follow-up", "Active follow-up"]
