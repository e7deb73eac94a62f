"""Writes for the work plan: the partnership's objectives (with their expected results)
and the activities under each (a responsible partner, dates and a status).

Stage 4 agrees an objective with an activity: once the partnership is past it, deleting
the last such objective or activity is refused (services.journey.gates_kept). Nothing
new is added once the partnership has moved on."""

from django.core.exceptions import ValidationError
from django.db.models import Max

from partnerships.models import Activity, ActivityStatus, Objective, Partner, Partnership
from partnerships.services.agreed_checks import (
    one_line,
    partner_check,
    partnership_check,
    period_check,
    text,
)
from partnerships.services.journey import gates_kept, kept_delete
from platforms.models import Platform
from platforms.tenancy import platform_transaction
from stakeholders.services.common import (
    actor_id,
    fields_check,
    instance_update,
    platform_check,
)

OBJECTIVE_FIELDS = ("title", "expected_results", "position")
ACTIVITY_FIELDS = ("title", "responsible", "starts_on", "ends_on", "status")
TITLE_MAX = 300


def _clean(fields: dict) -> dict:
    if "title" in fields:
        fields["title"] = one_line(fields["title"])
    if "expected_results" in fields:
        fields["expected_results"] = text(fields["expected_results"])
    return fields


def _title_check(title: str, what: str, errors: dict) -> None:
    if not title:
        errors["title"] = [f"Give the {what} a title."]
    elif len(title) > TITLE_MAX:
        errors["title"] = [f"Keep the title to {TITLE_MAX} characters (it has {len(title)})."]


def objective_validate(objective: Objective) -> None:
    errors: dict[str, list[str]] = {}
    _title_check(objective.title, "objective", errors)
    position = objective.position
    if not isinstance(position, int) or isinstance(position, bool) or not 0 <= position <= 32767:
        errors["position"] = ["The position is a whole number from 0 (first) upwards."]
    if errors:
        raise ValidationError(errors)


def objective_create(*, platform: Platform, partnership: Partnership, actor, **fields) -> Objective:
    """A new objective; without a position it comes after the existing ones."""
    fields_check(fields, allowed=OBJECTIVE_FIELDS, what="objective")
    partnership_check(platform, partnership)
    fields = _clean(fields)
    if fields.get("position") is None:
        last = Objective.objects.filter(platform=platform, partnership=partnership).aggregate(
            last=Max("position")
        )["last"]
        fields["position"] = 0 if last is None else last + 1
    objective = Objective(platform=platform, partnership=partnership, **fields)
    objective_validate(objective)
    with (
        platform_transaction(platform.pk, user_id=actor_id(actor)),
        gates_kept(platform=platform, partnership=partnership, adding="objective"),
    ):
        objective.save()
    return objective


def objective_update(*, platform: Platform, objective: Objective, actor, **fields) -> Objective:
    if fields.get("position", 0) is None:
        fields.pop("position")
    return instance_update(
        objective,
        platform=platform,
        actor=actor,
        fields=_clean(fields),
        allowed=OBJECTIVE_FIELDS,
        validate=objective_validate,
    )


def objective_delete(*, platform: Platform, objective: Objective, actor) -> None:
    """Delete the objective and its activities (the page that asks says so)."""
    platform_check(platform, objective)
    kept_delete(objective, platform=platform, partnership=objective.partnership, actor=actor)


def activity_validate(
    activity: Activity, *, platform: Platform, partnership: Partnership, was: Partner | None
) -> None:
    errors: dict[str, list[str]] = {}
    _title_check(activity.title, "activity", errors)
    if activity.status not in ActivityStatus.values:
        errors["status"] = [
            "Choose a status: " + ", ".join(str(s.label).lower() for s in ActivityStatus) + "."
        ]
    period_check(
        activity.starts_on,
        activity.ends_on,
        start_field="starts_on",
        end_field="ends_on",
        what="The activity",
        errors=errors,
    )
    try:
        partner_check(platform, partnership, activity.responsible, field="responsible", was=was)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def activity_create(*, platform: Platform, objective: Objective, actor, **fields) -> Activity:
    """A line of the work plan, under one of the partnership's objectives."""
    fields_check(fields, allowed=ACTIVITY_FIELDS, what="activity")
    platform_check(platform, objective)
    partnership = objective.partnership
    partnership_check(platform, partnership, objective)
    fields = _clean(fields)
    fields.setdefault("status", ActivityStatus.PLANNED)
    activity = Activity(platform=platform, partnership=partnership, objective=objective, **fields)
    activity_validate(activity, platform=platform, partnership=partnership, was=None)
    with (
        platform_transaction(platform.pk, user_id=actor_id(actor)),
        gates_kept(platform=platform, partnership=partnership, adding="activity"),
    ):
        activity.save()
    return activity


def activity_update(*, platform: Platform, activity: Activity, actor, **fields) -> Activity:
    platform_check(platform, activity)
    partnership = activity.partnership
    was = activity.responsible
    return instance_update(
        activity,
        platform=platform,
        actor=actor,
        fields=_clean(fields),
        allowed=ACTIVITY_FIELDS,
        validate=lambda instance: activity_validate(
            instance, platform=platform, partnership=partnership, was=was
        ),
    )


def activity_delete(*, platform: Platform, activity: Activity, actor) -> None:
    platform_check(platform, activity)
    kept_delete(activity, platform=platform, partnership=activity.partnership, actor=actor)
