"""Divergences partners acknowledged, and lessons learned: recording, editing, deleting,
and the refusals."""

import pytest
from django.core.exceptions import ValidationError

from partnerships.models import Divergence, Lesson
from partnerships.services.registers import divergence_update, lesson_create
from platforms.tenancy import unscoped
from tests.factories import PartnershipFactory
from tests.partnerships.test_registers import (  # noqa: F401  (the fixture)
    fresh,
    make_divergence,
    make_lesson,
    setup_fixture,
    url,
)


def divergences_of(partnership) -> list[Divergence]:
    with unscoped():
        return list(Divergence.objects.filter(partnership=partnership))


def lessons_of(partnership) -> list[Lesson]:
    with unscoped():
        return list(Lesson.objects.filter(partnership=partnership).select_related("recorded_by"))


def test_a_broker_records_a_divergence_and_how_it_is_handled(world, setup, login):
    client = login(world.a.broker)
    response = client.post(
        url("divergence_create", setup.partnership),
        {
            "description": "The company will not join the lobbying",
            "handling": "It opts out of the advocacy activity",
        },
    )
    assert response.status_code == 302
    (divergence,) = divergences_of(setup.partnership)
    assert divergence.handling == "It opts out of the advocacy activity"
    page = login(world.a.observer).get(url("divergence_list", setup.partnership))
    text = page.content.decode()
    assert "The company will not join the lobbying" in text
    assert url("divergence_create", setup.partnership) not in text


def test_a_divergence_needs_a_description(world, setup, login):
    response = login(world.a.admin).post(
        url("divergence_create", setup.partnership), {"description": "  ", "handling": "x"}
    )
    assert response.status_code == 200
    assert "Describe the disagreement" in response.content.decode()
    assert divergences_of(setup.partnership) == []


def test_a_divergence_is_edited_and_a_refused_edit_writes_nothing(world, setup, login):
    divergence = make_divergence(setup.partnership, description="Pricing")
    client = login(world.a.admin)
    assert (
        client.get(url("divergence_edit", setup.partnership, divergence.public_id)).status_code
        == 200
    )
    response = client.post(
        url("divergence_edit", setup.partnership, divergence.public_id), {"description": ""}
    )
    assert response.status_code == 200
    assert fresh(divergence).description == "Pricing"
    response = client.post(
        url("divergence_edit", setup.partnership, divergence.public_id),
        {"description": "Pricing of the service", "handling": "Reviewed yearly"},
    )
    assert response.status_code == 302
    assert fresh(divergence).handling == "Reviewed yearly"


def test_the_service_refuses_a_divergence_of_another_partnership(world, setup):
    elsewhere = make_divergence(PartnershipFactory(platform=world.a.platform))
    with pytest.raises(ValidationError, match="another partnership"):
        divergence_update(
            platform=world.a.platform,
            partnership=setup.partnership,
            divergence=elsewhere,
            actor=None,
            description="Hijacked",
        )
    assert fresh(elsewhere).description == "Whether to lobby"


def test_a_divergence_is_deleted_after_confirmation(world, setup, login):
    divergence = make_divergence(setup.partnership)
    client = login(world.a.broker)
    assert (
        client.get(url("divergence_delete", setup.partnership, divergence.public_id)).status_code
        == 200
    )
    assert divergences_of(setup.partnership) == [divergence]
    response = client.post(url("divergence_delete", setup.partnership, divergence.public_id))
    assert response.status_code == 302
    assert divergences_of(setup.partnership) == []


def test_a_lesson_keeps_who_recorded_it_and_when_in_the_platform_time_zone(world, setup, login):
    client = login(world.a.broker)
    response = client.post(
        url("lesson_create", setup.partnership), {"text": "  Agree the budget early  "}
    )
    assert response.status_code == 302
    (lesson,) = lessons_of(setup.partnership)
    assert lesson.text == "Agree the budget early"
    assert lesson.recorded_by == world.a.broker.user
    with unscoped():
        Lesson.objects.filter(pk=lesson.pk).update(created_at="2025-03-01T20:00:00Z")
    text = login(world.a.observer).get(url("lesson_list", setup.partnership)).content.decode()
    assert "Agree the budget early" in text
    assert world.a.broker.user.get_full_name() in text
    # 20:00 UTC is 01:30 the next day in Colombo (platform A).
    assert "2 Mar 2025 01:30" in text and "Asia/Colombo" in text
    assert url("lesson_create", setup.partnership) not in text


def test_an_empty_lesson_is_refused(world, setup, login):
    response = login(world.a.admin).post(url("lesson_create", setup.partnership), {"text": " "})
    assert response.status_code == 200
    assert "Write down the lesson learned" in response.content.decode()
    assert lessons_of(setup.partnership) == []
    with pytest.raises(ValidationError, match="Write down"):
        lesson_create(platform=world.a.platform, partnership=setup.partnership, actor=None, text="")
    assert lessons_of(setup.partnership) == []


def test_the_service_refuses_another_platforms_partnership(world, setup):
    other = PartnershipFactory(platform=world.b.platform)
    with pytest.raises(ValidationError, match="another platform"):
        lesson_create(platform=world.a.platform, partnership=other, actor=None, text="Sneaky")
    assert lessons_of(other) == []


def test_a_lesson_is_deleted_after_confirmation(world, setup, login):
    lesson = make_lesson(setup.partnership, text="Too many meetings")
    client = login(world.a.admin)
    page = client.get(url("lesson_delete", setup.partnership, lesson.public_id))
    assert page.status_code == 200 and "Too many meetings" in page.content.decode()
    response = client.post(url("lesson_delete", setup.partnership, lesson.public_id))
    assert response.status_code == 302
    assert lessons_of(setup.partnership) == []
