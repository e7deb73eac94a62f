"""The engagement log's services on their own (as jobs and commands would call them):
the platform's calendar decides "in the future", and a refusal writes nothing."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from platforms.tenancy import unscoped
from stakeholders.models import Interaction
from stakeholders.services.interactions import (
    interaction_create,
    interaction_follow_up_complete,
    interaction_update,
)
from tests.factories import InteractionFactory, OrganisationFactory
from tests.stakeholders.test_interactions import snapshot

pytestmark = pytest.mark.django_db

# 22:30 UTC on 14 March: already 15 March in Colombo (UTC+5:30), still 14 March in Paris.
MOMENT = datetime(2025, 3, 14, 22, 30, tzinfo=ZoneInfo("UTC"))


@pytest.fixture
def late_evening_utc(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: MOMENT)


def fields(**overrides) -> dict:
    return {"kind": "meeting", "occurred_on": date(2025, 3, 1), "subject": "Meeting", **overrides}


def test_today_is_the_platforms(world, late_evening_utc):
    assert world.a.platform.today() == date(2025, 3, 15)
    assert world.b.platform.today() == date(2025, 3, 14)


def test_in_the_future_is_judged_by_the_platforms_calendar(world, late_evening_utc):
    on_a = OrganisationFactory(platform=world.a.platform)
    on_b = OrganisationFactory(platform=world.b.platform)
    made = interaction_create(
        platform=world.a.platform,
        organisation=on_a,
        actor=world.a.broker.user,
        **fields(occurred_on=date(2025, 3, 15)),
    )
    assert made.pk and made.occurred_on == date(2025, 3, 15)
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        interaction_create(
            platform=world.b.platform,
            organisation=on_b,
            actor=world.b.broker.user,
            **fields(occurred_on=date(2025, 3, 15)),
        )
    assert "15 Mar 2025 is in the future (today is 14 Mar 2025" in str(
        refused.value.message_dict["occurred_on"]
    )
    assert snapshot() == before


def test_refusals_name_their_fields_and_write_nothing(world):
    organisation = OrganisationFactory(platform=world.a.platform)
    with pytest.raises(ValidationError) as refused:
        interaction_create(
            platform=world.a.platform,
            organisation=organisation,
            actor=world.a.broker.user,
            **fields(
                kind="lunch",
                subject="  ",
                occurred_on=date(2025, 3, 1),
                follow_up_on=date(2025, 2, 28),
            ),
        )
    errors = refused.value.message_dict
    assert set(errors) == {"kind", "subject", "follow_up_on"}
    assert "The follow-up date (28 Feb 2025) is before the interaction (1 Mar 2025)" in str(
        errors["follow_up_on"]
    )
    assert snapshot() == []


def test_an_organisation_of_another_platform_is_refused(world):
    elsewhere = OrganisationFactory(platform=world.b.platform)
    with pytest.raises(ValidationError, match="another platform"):
        interaction_create(
            platform=world.a.platform,
            organisation=elsewhere,
            actor=world.a.broker.user,
            **fields(),
        )
    assert snapshot() == []


def test_unknown_fields_are_a_programming_error(world):
    organisation = OrganisationFactory(platform=world.a.platform)
    with pytest.raises(TypeError, match="recorded_by"):
        interaction_create(
            platform=world.a.platform,
            organisation=organisation,
            actor=world.a.broker.user,
            **fields(recorded_by=None),
        )


def test_a_refused_update_leaves_the_object_and_the_row_alone(world):
    interaction = InteractionFactory(
        organisation=OrganisationFactory(platform=world.a.platform),
        occurred_on=date(2025, 3, 1),
        subject="Kept",
    )
    before = snapshot()
    with pytest.raises(ValidationError):
        interaction_update(
            platform=world.a.platform,
            interaction=interaction,
            actor=world.a.broker.user,
            subject="Changed",
            occurred_on=timezone.localdate(timezone=world.a.platform.tzinfo) + timedelta(days=2),
        )
    assert interaction.subject == "Kept" and interaction.occurred_on == date(2025, 3, 1)
    assert snapshot() == before


def test_completing_a_follow_up_twice_records_it_once(world):
    interaction = InteractionFactory(
        organisation=OrganisationFactory(platform=world.a.platform),
        occurred_on=date(2025, 3, 1),
        follow_up_on=date(2025, 3, 2),
    )
    first = interaction_follow_up_complete(
        platform=world.a.platform, interaction=interaction, actor=world.a.broker.user
    )
    assert first.follow_up_done_at is not None
    with unscoped():
        copy = Interaction.objects.get(pk=interaction.pk)
    copy.follow_up_done_at = None  # a second person's page, loaded before the first click
    with pytest.raises(ValidationError, match="already marked as done"):
        interaction_follow_up_complete(
            platform=world.a.platform, interaction=copy, actor=world.a.secretariat.user
        )
    with unscoped():
        assert Interaction.objects.get(pk=interaction.pk).follow_up_done_at == (
            first.follow_up_done_at
        )
