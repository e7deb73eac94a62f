"""The fundamentals health check: a broker opens a round, each active partner rates the six
fundamentals 1-5 (with optional comments), and the round closes on its date or when a
broker closes it.

"Open" is decided with the platform's calendar (Platform.today()): a round closing on the
15th takes responses all through the 15th in Colombo, even when it is already the 16th
on the server. A second response from the same partner while the round is open replaces
the first (people change their minds after a meeting; the latest view is the one that
counts), so there is at most one response per partner and round.
"""

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from partnerships.models import (
    FUNDAMENTALS,
    RATING_MAX,
    RATING_MIN,
    Fundamental,
    HealthResponse,
    HealthRound,
    Partner,
    Partnership,
)
from partnerships.services.agreed_checks import day
from platforms.models import Platform
from platforms.tenancy import platform_transaction
from stakeholders.services.common import actor_id, platform_check

TITLE_MAX = 200
COMMENT_MAX = 2000
LABELS = dict(Fundamental.choices)


def round_is_open(health_round: HealthRound, today: date) -> bool:
    """Open until the end of its closing day (the platform's day), unless closed early."""
    return health_round.closed_at is None and health_round.closes_on >= today


def round_closed_message(health_round: HealthRound) -> str:
    if health_round.closed_at is not None:
        return "This health check has been closed by a broker: it takes no more responses."
    return f"This health check closed on {day(health_round.closes_on)}: it takes no more responses."


def health_round_open(
    *,
    platform: Platform,
    partnership: Partnership,
    actor,
    title: str = "",
    closes_on: date,
) -> HealthRound:
    """Open a round. One round at a time: two open rounds would split the partners'
    answers and make the trend meaningless."""
    platform_check(platform, partnership)
    today = platform.today()
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    if len(title) > TITLE_MAX:
        errors["title"] = [f"Keep the title to {TITLE_MAX} characters."]
    if closes_on < today:
        errors["closes_on"] = [
            f"The closing date cannot be in the past: today is {day(today)} on this platform."
        ]
    if errors:
        raise ValidationError(errors)
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        # Locking the partnership serialises two brokers opening a round at once.
        Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
        already = (
            HealthRound.objects.filter(
                platform=platform,
                partnership=partnership,
                closed_at__isnull=True,
                closes_on__gte=today,
            )
            .order_by("-created_at")
            .first()
        )
        if already is not None:
            raise ValidationError(
                f"“{already.title}” is still open until {day(already.closes_on)}. "
                "Close it before opening another round."
            )
        return HealthRound.objects.create(
            platform=platform,
            partnership=partnership,
            title=title or f"Health check of {today:%B %Y}",
            opened_by=actor,
            closes_on=closes_on,
        )


def health_round_close(*, platform: Platform, health_round: HealthRound, actor) -> HealthRound:
    """Close a round now, before its date."""
    platform_check(platform, health_round)
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        locked = HealthRound.objects.select_for_update().get(pk=health_round.pk)
        if not round_is_open(locked, platform.today()):
            raise ValidationError(f"“{locked.title}” is already closed.")
        locked.closed_at = timezone.now()
        locked.save(update_fields=["closed_at", "updated_at"])
    health_round.closed_at = locked.closed_at
    return health_round


def ratings_check(ratings: Mapping) -> dict[str, int]:
    """All six fundamentals, each a whole number 1-5; errors keyed by fundamental."""
    errors: dict[str, list[str]] = {}
    if not isinstance(ratings, Mapping):
        raise ValidationError({"ratings": ["Rate the six fundamentals, each from 1 to 5."]})
    unknown = sorted(str(name) for name in ratings if name not in LABELS)
    if unknown:
        errors["ratings"] = [
            f"Unknown fundamental(s): {', '.join(unknown)}. The six are: "
            + ", ".join(FUNDAMENTALS)
            + "."
        ]
    clean: dict[str, int] = {}
    for name in FUNDAMENTALS:
        value = ratings.get(name)
        if value is None or value == "":
            errors[name] = [f"Rate “{LABELS[name]}” from {RATING_MIN} to {RATING_MAX}."]
            continue
        # Booleans are ints in Python; "True" is not a rating.
        if isinstance(value, bool) or not _is_whole(value):
            errors[name] = [f"“{LABELS[name]}”: {value!r} is not a whole number from 1 to 5."]
            continue
        number = int(value)
        if not RATING_MIN <= number <= RATING_MAX:
            errors[name] = [
                f"“{LABELS[name]}” is rated {number}: ratings go from {RATING_MIN} to {RATING_MAX}."
            ]
            continue
        clean[name] = number
    if errors:
        raise ValidationError(errors)
    return clean


def _is_whole(value) -> bool:
    if isinstance(value, int):
        return True
    if isinstance(value, str):
        # isdecimal, not isdigit: "²" is a digit that int() refuses.
        return value.strip().isdecimal()
    return False


def comments_check(comments: Mapping | None) -> dict[str, str]:
    """Optional comments by fundamental; empty ones are dropped."""
    if not comments:
        return {}
    if not isinstance(comments, Mapping):
        raise ValidationError({"comments": ["Comments go by fundamental: {fundamental: text}."]})
    errors: dict[str, list[str]] = {}
    unknown = sorted(str(name) for name in comments if name not in LABELS)
    if unknown:
        errors["comments"] = [
            f"Comments on unknown fundamental(s): {', '.join(unknown)}. The six are: "
            + ", ".join(FUNDAMENTALS)
            + "."
        ]
    clean: dict[str, str] = {}
    for name in FUNDAMENTALS:
        text = comments.get(name)
        if text is None:
            continue
        if not isinstance(text, str):
            errors.setdefault("comments", []).append(f"The comment on {name} must be text.")
            continue
        text = text.strip()
        if len(text) > COMMENT_MAX:
            errors.setdefault("comments", []).append(
                f"The comment on “{LABELS[name]}” is {len(text)} characters long: "
                f"keep it to {COMMENT_MAX}."
            )
        elif text:
            clean[name] = text
    if errors:
        raise ValidationError(errors)
    return clean


def health_respond(
    *,
    platform: Platform,
    round: HealthRound,  # noqa: A002 - the name the callers use
    partner: Partner,
    actor,
    ratings: Mapping,
    comments: Mapping | None = None,
) -> tuple[HealthResponse, bool]:
    """Record (or replace) the partner's response. Returns (response, created)."""
    platform_check(platform, round, partner)
    if partner.partnership_id != round.partnership_id:
        raise ValidationError("This partner is not part of the partnership of this health check.")
    if partner.left_on is not None:
        raise ValidationError(
            f"{partner.organisation} left the partnership on {day(partner.left_on)}: "
            "only current partners rate its health."
        )
    clean_ratings = ratings_check(ratings)
    clean_comments = comments_check(comments)
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        # The lock orders a response against a broker closing the round at the same time.
        locked = HealthRound.objects.select_for_update().get(pk=round.pk)
        if not round_is_open(locked, platform.today()):
            raise ValidationError(round_closed_message(locked))
        response, created = HealthResponse.objects.select_for_update().get_or_create(
            platform=platform,
            round=locked,
            partner=partner,
            defaults={"responded_by": actor, "comments": clean_comments, **clean_ratings},
        )
        if not created:
            for name, value in clean_ratings.items():
                setattr(response, name, value)
            response.comments = clean_comments
            response.responded_by = actor
            response.save()
    return response, created
