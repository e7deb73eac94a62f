"""Writes for the "Risks and learning" tab: the levers a partnership brings to bear, its
risk register, the divergences partners acknowledged and the lessons learned.

Who may write (a platform admin or an assigned broker) is the views' check, with
``can_change``; these services check that every object belongs to the platform and to the
partnership being changed, whoever calls them (a view, the API, a job)."""

from django.core.exceptions import ValidationError

from partnerships.models import Divergence, Lesson, Lever, Partner, Partnership, Risk, RiskCategory
from partnerships.services.agreed_checks import partner_check, partnership_check, text
from platforms.models import Platform
from platforms.tenancy import platform_transaction
from stakeholders.services.common import actor_id, fields_check, instance_update

RISK_FIELDS = ("category", "description", "likelihood", "impact", "mitigation", "owner")
DIVERGENCE_FIELDS = ("description", "handling")
LESSON_FIELDS = ("text",)
SCORE_MIN, SCORE_MAX = 1, 5
SCORE_WORDS = {
    "likelihood": "Rate the likelihood from 1 (rare) to 5 (almost certain).",
    "impact": "Rate the impact from 1 (insignificant) to 5 (severe).",
}


# Levers ---------------------------------------------------------------------------------


def partnership_levers_set(
    *, platform: Platform, partnership: Partnership, actor, levers
) -> Partnership:
    """Record the levers the partnership brings to bear (any of the 13, none is fine).
    Unknown values are refused; the rest are stored once each, in the reference order."""
    partnership_check(platform, partnership)
    chosen = [str(value) for value in (levers or [])]
    unknown = sorted(set(chosen) - set(Lever.values))
    if unknown:
        raise ValidationError(
            {"levers": f"Not a lever: {', '.join(unknown)}. Choose among the 13 levers listed."}
        )
    ordered = [value for value in Lever.values if value in chosen]
    if ordered != list(partnership.levers):
        partnership.levers = ordered
        with platform_transaction(platform.pk, user_id=actor_id(actor)):
            partnership.save(update_fields=["levers", "updated_at"])
    return partnership


# Risks ----------------------------------------------------------------------------------


def _score_check(value, field: str, errors: dict) -> None:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not SCORE_MIN <= value <= SCORE_MAX:
        errors[field] = [SCORE_WORDS[field]]


def risk_validate(
    risk: Risk, *, platform: Platform, partnership: Partnership, was: Partner | None = None
) -> None:
    errors: dict[str, list[str]] = {}
    if risk.category not in RiskCategory.values:
        errors["category"] = [
            "Choose a category: " + ", ".join(str(c.label).lower() for c in RiskCategory) + "."
        ]
    if not risk.description:
        errors["description"] = ["Describe the risk: what could go wrong, and why."]
    _score_check(risk.likelihood, "likelihood", errors)
    _score_check(risk.impact, "impact", errors)
    if errors:
        raise ValidationError(errors)
    risk.likelihood, risk.impact = int(risk.likelihood), int(risk.impact)
    partner_check(platform, partnership, risk.owner, field="owner", was=was)


def _risk_clean(fields: dict) -> dict:
    for name in ("description", "mitigation"):
        if name in fields:
            fields[name] = text(fields[name])
    return fields


def risk_create(*, platform: Platform, partnership: Partnership, actor, **fields) -> Risk:
    fields_check(fields, allowed=RISK_FIELDS, what="risk")
    partnership_check(platform, partnership)
    risk = Risk(platform=platform, partnership=partnership, **_risk_clean(fields))
    risk_validate(risk, platform=platform, partnership=partnership)
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        risk.save()
    return risk


def risk_update(
    *, platform: Platform, partnership: Partnership, risk: Risk, actor, **fields
) -> Risk:
    """Change a risk. An owner that has since left the partnership may stay; a new owner
    must be an active partner."""
    partnership_check(platform, partnership, risk)
    was = risk.owner
    return instance_update(
        risk,
        platform=platform,
        actor=actor,
        fields=_risk_clean(fields),
        allowed=RISK_FIELDS,
        validate=lambda instance: risk_validate(
            instance, platform=platform, partnership=partnership, was=was
        ),
    )


def risk_delete(*, platform: Platform, partnership: Partnership, risk: Risk, actor) -> None:
    partnership_check(platform, partnership, risk)
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        risk.delete()


# Divergences ----------------------------------------------------------------------------


def divergence_validate(divergence: Divergence) -> None:
    if not divergence.description:
        raise ValidationError(
            {"description": "Describe the disagreement the partners acknowledged."}
        )


def _divergence_clean(fields: dict) -> dict:
    return {name: text(value) for name, value in fields.items()}


def divergence_create(
    *, platform: Platform, partnership: Partnership, actor, **fields
) -> Divergence:
    fields_check(fields, allowed=DIVERGENCE_FIELDS, what="divergence")
    partnership_check(platform, partnership)
    divergence = Divergence(platform=platform, partnership=partnership, **_divergence_clean(fields))
    divergence_validate(divergence)
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        divergence.save()
    return divergence


def divergence_update(
    *, platform: Platform, partnership: Partnership, divergence: Divergence, actor, **fields
) -> Divergence:
    partnership_check(platform, partnership, divergence)
    return instance_update(
        divergence,
        platform=platform,
        actor=actor,
        fields=_divergence_clean(fields),
        allowed=DIVERGENCE_FIELDS,
        validate=divergence_validate,
    )


def divergence_delete(
    *, platform: Platform, partnership: Partnership, divergence: Divergence, actor
) -> None:
    partnership_check(platform, partnership, divergence)
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        divergence.delete()


# Lessons --------------------------------------------------------------------------------


def lesson_create(*, platform: Platform, partnership: Partnership, actor, **fields) -> Lesson:
    """Record a lesson learned; who recorded it and when are kept with it."""
    fields_check(fields, allowed=LESSON_FIELDS, what="lesson")
    partnership_check(platform, partnership)
    lesson = Lesson(
        platform=platform,
        partnership=partnership,
        text=text(fields.get("text")),
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    if not lesson.text:
        raise ValidationError({"text": "Write down the lesson learned."})
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        lesson.save()
    return lesson


def lesson_delete(*, platform: Platform, partnership: Partnership, lesson: Lesson, actor) -> None:
    partnership_check(platform, partnership, lesson)
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        lesson.delete()
