"""Writes for partnerships themselves: create and edit. The journey (stage moves) is in
partnerships.services.journey, brokers' assignments in partnerships.services.access.

Targets decide goals: a partnership that serves target 2.1 serves goal 2, so a target's
goal is added to the goals when missing rather than refusing the form."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError

from partnerships.models import Goal, Level, Partnership, PartnershipType, Target
from partnerships.services.access import broker_assign
from partnerships.services.agreed_checks import day, day_check
from platforms.models import Membership, Platform, Role
from platforms.tenancy import platform_transaction
from stakeholders.services.common import (
    actor_id,
    fields_check,
    instance_update,
    platform_check,
)
from stakeholders.services.organisations import themes_clean

PARTNERSHIP_FIELDS = (
    "title",
    "description",
    "issue",
    "type",
    "level",
    "themes",
    "goals",
    "targets",
    "lead_organisation",
    "stakeholder_map",
    "starts_on",
    "ends_on",
    "is_public",
)


def target_codes_parse(text: str | Iterable[str]) -> list[str]:
    """Target codes from "2.1, 2.4; 17.16" (commas, semicolons or spaces) or a list."""
    if isinstance(text, str):
        text = [text]
    codes: list[str] = []
    for item in text or []:
        for part in str(item).replace(";", ",").replace(" ", ",").split(","):
            code = part.strip().rstrip(".").lower()
            if code and code not in codes:
                codes.append(code)
    return codes


def _goals_and_targets(partnership: Partnership, errors: dict[str, list[str]]) -> None:
    """Check goals against the 17 Goal rows and targets against the Target rows; add each
    target's goal; store both in reference order. Two queries."""
    try:
        goals = {int(goal) for goal in partnership.goals or []}
    except (TypeError, ValueError):
        errors.setdefault("goals", []).append("Goals are numbers from 1 to 17.")
        return
    known_goals = set(Goal.objects.values_list("number", flat=True))
    unknown = sorted(goals - known_goals)
    if unknown:
        errors.setdefault("goals", []).append(
            "There are 17 Sustainable Development Goals, numbered 1 to 17; "
            f"{', '.join(map(str, unknown))} is not one of them."
        )
    codes = target_codes_parse(partnership.targets or [])
    partnership.targets = codes
    partnership.goals = sorted(goals)
    found = {
        code.lower(): (code, number, position)
        for code, number, position in Target.objects.filter(code__in=_spellings(codes)).values_list(
            "code", "goal__number", "position"
        )
    }
    missing = [code for code in codes if code not in found]
    if missing:
        errors.setdefault("targets", []).append(
            f"No Sustainable Development Goal target is numbered {', '.join(missing)}. "
            "Write targets as on the UN list, for example 2.1 or 17.16."
        )
    if errors:
        return
    rows = sorted((found[code] for code in codes), key=lambda row: (row[1], row[2]))
    partnership.targets = [code for code, _, _ in rows]
    partnership.goals = sorted(goals | {number for _, number, _ in rows})


def _spellings(codes: list[str]) -> list[str]:
    # Codes such as "14.a" are stored in lower case; accept "14.A" too.
    return sorted({spelling for code in codes for spelling in (code, code.upper())})


def partnership_validate(partnership: Partnership) -> None:
    """Field checks and the rules between fields; raises ValidationError by field."""
    errors: dict[str, list[str]] = {}
    partnership.title = " ".join((partnership.title or "").split())
    if not partnership.title:
        errors["title"] = ["Give the partnership a title."]
    if partnership.type not in PartnershipType.values:
        errors["type"] = [
            "Choose where it sits on the partnership spectrum: "
            + ", ".join(str(t.label) for t in PartnershipType)
            + "."
        ]
    if partnership.level not in Level.values:
        errors["level"] = ["Choose a level: local, national, regional or global."]
    in_range = day_check(partnership.starts_on, field="starts_on", errors=errors)
    in_range &= day_check(partnership.ends_on, field="ends_on", errors=errors)
    if (
        in_range
        and partnership.starts_on
        and partnership.ends_on
        and partnership.ends_on < partnership.starts_on
    ):
        errors["ends_on"] = [
            f"The end date ({day(partnership.ends_on)}) is before the start date "
            f"({day(partnership.starts_on)}). A partnership ends after it starts."
        ]
    partnership.themes = themes_clean(partnership.themes)
    _goals_and_targets(partnership, errors)
    try:
        partnership.full_clean(
            exclude=["platform", "created_by", "lead_organisation", "stakeholder_map", *errors],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _references_check(platform: Platform, fields: dict, *, current: Partnership | None) -> None:
    lead = fields.get("lead_organisation")
    platform_check(platform, lead, fields.get("stakeholder_map"))
    keeps_lead = (
        current is not None and lead is not None and current.lead_organisation_id == lead.pk
    )
    if lead is not None and lead.is_archived and not keeps_lead:
        raise ValidationError(
            {"lead_organisation": f"{lead.name} is archived: restore it before it can lead."}
        )


def partnership_create(*, platform: Platform, actor, **fields) -> Partnership:
    """A new partnership at stage 1. A broker who creates it is assigned to it, so the
    broker can go on to change it."""
    fields_check(fields, allowed=PARTNERSHIP_FIELDS, what="partnership")
    _references_check(platform, fields, current=None)
    partnership = Partnership(platform=platform, created_by_id=actor_id(actor), **fields)
    partnership_validate(partnership)
    user_id = actor_id(actor)
    with platform_transaction(platform.pk, user_id=user_id):
        partnership.save()
        broker = (
            Membership.objects.filter(platform=platform, user_id=user_id, role=Role.BROKER)
            .select_related("user")
            .first()
            if user_id is not None
            else None
        )
        if broker is not None:
            broker_assign(platform=platform, partnership=partnership, membership=broker)
    return partnership


def partnership_update(
    *, platform: Platform, partnership: Partnership, actor, **fields
) -> Partnership:
    """Change a partnership's own fields (not its stage: that is the journey's)."""
    _references_check(platform, fields, current=partnership)
    return instance_update(
        partnership,
        platform=platform,
        actor=actor,
        fields=fields,
        allowed=PARTNERSHIP_FIELDS,
        validate=partnership_validate,
    )
