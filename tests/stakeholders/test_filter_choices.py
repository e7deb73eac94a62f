"""The list's filter choices are cached under the platform's latest organisation change:
a hit costs one indexed query, and any save shows at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from platforms.tenancy import tenant
from stakeholders.selectors.organisations import filter_choices
from stakeholders.services.organisations import organisation_create
from tests.factories import OrganisationFactory


def choices(platform) -> tuple[tuple[list[str], list[str]], int]:
    with tenant(platform.pk), CaptureQueriesContext(connection) as queries:
        result = filter_choices(platform=platform)
    return result, len(queries)


def test_a_second_read_is_one_query_and_a_save_shows_at_once(world):
    OrganisationFactory(platform=world.a.platform, themes=["Water"], country="LK")
    OrganisationFactory(platform=world.b.platform, themes=["Secret"], country="FR")

    first, cold = choices(world.a.platform)
    again, warm = choices(world.a.platform)
    assert first == again == (["Water"], ["LK"])
    assert (cold, warm) == (3, 1)

    with tenant(world.a.platform.pk):
        organisation_create(
            platform=world.a.platform,
            actor=world.a.broker.user,
            name="New",
            sector="media",
            themes=["Nutrition"],
            country="AF",
        )
    assert choices(world.a.platform)[0] == (["Nutrition", "Water"], ["AF", "LK"])


def test_another_platforms_choices_never_mix_in(world):
    OrganisationFactory(platform=world.a.platform, themes=["Water"])
    OrganisationFactory(platform=world.b.platform, themes=["Secret"])
    choices(world.a.platform)
    assert choices(world.b.platform)[0][0] == ["Secret"]
