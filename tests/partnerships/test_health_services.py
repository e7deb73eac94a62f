"""The health check's rules: opening and closing rounds, responding (replacing, refusing
after close, validating ratings) and the numbers the results show."""

import datetime
import math

import pytest
from django.core.exceptions import ValidationError

from partnerships.models import FUNDAMENTALS, HealthResponse, HealthRound
from partnerships.selectors import health as selectors
from partnerships.services import health as services
from platforms.tenancy import tenant, unscoped
from tests.factories import HealthRoundFactory, PartnerFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

# 20:00 UTC on 15 March 2026: already the 16th in Colombo (A), still the 15th in Paris (B).
MOMENT = datetime.datetime(2026, 3, 15, 20, 0, tzinfo=datetime.UTC)
FIFTEENTH = datetime.date(2026, 3, 15)


def ratings(value=3, **overrides) -> dict:
    return {name: overrides.get(name, value) for name in FUNDAMENTALS}


def responses() -> list[HealthResponse]:
    with unscoped():
        return list(HealthResponse.objects.order_by("pk"))


def respond(side, health_round, partner, **kwargs):
    kwargs.setdefault("ratings", ratings())
    kwargs.setdefault("comments", {})
    with tenant(side.platform.pk):
        return services.health_respond(
            platform=side.platform,
            round=health_round,
            partner=partner,
            actor=side.partner.user,
            **kwargs,
        )


@pytest.fixture
def at_moment(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: MOMENT)


@pytest.fixture
def setup(world):
    partnership = PartnershipFactory(platform=world.a.platform)
    partners = [PartnerFactory(partnership=partnership) for _ in range(3)]
    health_round = HealthRoundFactory(
        partnership=partnership, title="Q1", closes_on=world.a.platform.today()
    )
    return partnership, partners, health_round


# --- Responding ---------------------------------------------------------------------------


def test_a_response_is_stored_with_its_comments(world, setup):
    _, (partner, *_), health_round = setup
    response, created = respond(
        world.a,
        health_round,
        partner,
        ratings=ratings(4, empowered_partners=2),
        comments={"empowered_partners": "  Decided before we meet.  ", "shared_vision": ""},
    )
    assert created
    (stored,) = responses()
    assert stored.empowered_partners == 2 and stored.value_creation == 4
    assert stored.comments == {"empowered_partners": "Decided before we meet."}
    assert stored.responded_by_id == world.a.partner.user_id


def test_a_second_response_replaces_the_first(world, setup):
    _, (partner, *_), health_round = setup
    respond(world.a, health_round, partner, ratings=ratings(2), comments={"shared_vision": "x"})
    _, created = respond(world.a, health_round, partner, ratings=ratings(5))
    assert not created
    (stored,) = responses()
    assert [getattr(stored, name) for name in FUNDAMENTALS] == [5] * 6
    assert stored.comments == {}


@pytest.mark.parametrize(
    "bad, field",
    [
        (ratings(empowered_partners=6), "empowered_partners"),
        (ratings(value_creation=0), "value_creation"),
        ({k: v for k, v in ratings().items() if k != "senior_commitment"}, "senior_commitment"),
        (ratings(shared_vision="high"), "shared_vision"),
        (ratings(shared_vision=True), "shared_vision"),
        (ratings(shared_vision=2.5), "shared_vision"),
        # A digit to str.isdigit, not to int(): refused with the message, never a 500.
        (ratings(shared_vision="²"), "shared_vision"),
        (ratings(shared_vision="4²"), "shared_vision"),
        ({**ratings(), "trust": 4}, "ratings"),
    ],
    ids=["six", "zero", "missing", "text", "bool", "fraction", "superscript", "mixed", "unknown"],
)
def test_bad_ratings_are_refused_and_nothing_is_written(world, setup, bad, field):
    _, (partner, *_), health_round = setup
    with pytest.raises(ValidationError) as refused:
        respond(world.a, health_round, partner, ratings=bad)
    assert field in refused.value.message_dict
    assert responses() == []


def test_ratings_given_as_text_digits_are_taken(world, setup):
    _, (partner, *_), health_round = setup
    respond(world.a, health_round, partner, ratings=ratings(" 4 ", shared_vision="5"))
    (stored,) = responses()
    assert stored.shared_vision == 5 and stored.value_creation == 4


def test_comments_on_unknown_fundamentals_or_too_long_are_refused(world, setup):
    _, (partner, *_), health_round = setup
    for comments in ({"trust": "x"}, {"shared_vision": "x" * 2001}):
        with pytest.raises(ValidationError) as refused:
            respond(world.a, health_round, partner, comments=comments)
        assert "comments" in refused.value.message_dict
    assert responses() == []


def test_a_round_closed_by_a_broker_refuses_responses(world, setup):
    _, (partner, *_), health_round = setup
    with tenant(world.a.platform.pk):
        services.health_round_close(
            platform=world.a.platform, health_round=health_round, actor=world.a.broker.user
        )
    with pytest.raises(ValidationError, match="closed by a broker"):
        respond(world.a, health_round, partner)
    assert responses() == []


def test_a_round_closes_at_the_end_of_its_day_in_the_platforms_time_zone(world, at_moment):
    """The same closing date: over in Colombo (already the 16th), open in Paris (the 15th)."""
    rounds = {}
    for side in (world.a, world.b):
        partnership = PartnershipFactory(platform=side.platform)
        partner = PartnerFactory(partnership=partnership)
        rounds[side.platform.slug] = (
            HealthRoundFactory(partnership=partnership, closes_on=FIFTEENTH),
            partner,
        )
    assert world.a.platform.today() == FIFTEENTH + datetime.timedelta(days=1)
    assert world.b.platform.today() == FIFTEENTH
    health_round, partner = rounds["alpha"]
    with pytest.raises(ValidationError, match="closed on 15 Mar 2026"):
        respond(world.a, health_round, partner)
    assert responses() == []
    health_round, partner = rounds["beta"]
    respond(world.b, health_round, partner)
    assert len(responses()) == 1


def test_a_partner_that_left_cannot_respond(world, setup):
    partnership, _, health_round = setup
    left = PartnerFactory(
        partnership=partnership,
        joined_on=datetime.date(2025, 1, 1),
        left_on=datetime.date(2025, 6, 1),
    )
    with pytest.raises(ValidationError, match="left the partnership"):
        respond(world.a, health_round, left)
    assert responses() == []


def test_a_partner_of_another_partnership_or_platform_is_refused(world, setup):
    _, _, health_round = setup
    elsewhere = PartnerFactory(partnership__platform=world.a.platform)
    with pytest.raises(ValidationError, match="not part of the partnership"):
        respond(world.a, health_round, elsewhere)
    theirs = PartnerFactory(partnership__platform=world.b.platform)
    with pytest.raises(ValidationError, match="another platform"):
        respond(world.a, health_round, theirs)
    assert responses() == []


# --- Opening and closing ------------------------------------------------------------------


def open_round(side, partnership, **kwargs):
    with tenant(side.platform.pk):
        return services.health_round_open(
            platform=side.platform, partnership=partnership, actor=side.broker.user, **kwargs
        )


def test_opening_a_round_uses_the_platforms_today(world, at_moment):
    partnership = PartnershipFactory(platform=world.a.platform)
    with pytest.raises(ValidationError) as refused:
        open_round(world.a, partnership, closes_on=FIFTEENTH)  # yesterday in Colombo
    assert "today is 16 Mar 2026" in refused.value.message_dict["closes_on"][0]
    health_round = open_round(world.a, partnership, closes_on=FIFTEENTH + datetime.timedelta(1))
    assert health_round.title == "Health check of March 2026"
    assert health_round.opened_by == world.a.broker.user
    theirs = PartnershipFactory(platform=world.b.platform)
    assert open_round(world.b, theirs, closes_on=FIFTEENTH, title=" Spring ").title == "Spring"


def test_only_one_round_is_open_at_a_time(world, setup):
    partnership, _, health_round = setup
    with pytest.raises(ValidationError, match="still open"):
        open_round(world.a, partnership, closes_on=world.a.platform.today())
    with tenant(world.a.platform.pk):
        services.health_round_close(
            platform=world.a.platform, health_round=health_round, actor=world.a.broker.user
        )
        with pytest.raises(ValidationError, match="already closed"):
            services.health_round_close(
                platform=world.a.platform, health_round=health_round, actor=world.a.broker.user
            )
    open_round(world.a, partnership, closes_on=world.a.platform.today())
    with unscoped():
        assert HealthRound.objects.count() == 2


# --- Results ------------------------------------------------------------------------------


def test_results_give_average_spread_and_each_rating(world, setup):
    _, partners, health_round = setup
    for partner, value in zip(partners, (1, 3, 5), strict=True):
        respond(world.a, health_round, partner, ratings=ratings(4, shared_vision=value))
    with tenant(world.a.platform.pk):
        results = selectors.round_results(platform=world.a.platform, health_round=health_round)
    assert results.responses == 3
    by_name = {f.fundamental: f for f in results.fundamentals}
    vision = by_name["shared_vision"]
    assert vision.average == 3.0
    assert math.isclose(vision.std_dev, math.sqrt(8 / 3))  # population: the partners are all
    assert (vision.minimum, vision.maximum, vision.range) == (1, 5, 4)
    assert vision.ratings == (1, 3, 5)
    value = by_name["value_creation"]
    assert (value.average, value.std_dev, value.range, value.ratings) == (4.0, 0.0, 0, (4, 4, 4))


def test_the_trend_gives_each_rounds_averages(world, setup):
    partnership, partners, first = setup
    with unscoped():
        HealthRound.objects.filter(pk=first.pk).update(closes_on=datetime.date(2025, 1, 31))
    second = HealthRoundFactory(partnership=partnership, title="Q2")
    with unscoped():
        for partner, value in ((partners[0], 2), (partners[1], 3)):
            HealthResponse.objects.create(
                platform=world.a.platform, round=first, partner=partner, **ratings(value)
            )
    respond(world.a, second, partners[0], ratings=ratings(4))
    respond(world.a, second, partners[1], ratings=ratings(5))
    with tenant(world.a.platform.pk):
        trend = selectors.trend(platform=world.a.platform, partnership=partnership)
    assert set(trend) == {first.pk, second.pk}
    assert [f.average for f in trend[first.pk].fundamentals] == [2.5] * 6
    assert [f.average for f in trend[second.pk].fundamentals] == [4.5] * 6
    assert trend[second.pk].fundamentals[0].std_dev == 0.5
    assert trend[first.pk].responses == 2
