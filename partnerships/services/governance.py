"""Writes for a partnership's governance: its bodies and who sits on them.

A body and its members are saved together or not at all: the form edits both at once,
and half a change (the name saved, the seats refused) would leave a body nobody asked
for.

Stage 6 agrees a body with a decision rule: once the partnership is past it, clearing
the last rule or deleting the last such body is refused (services.journey.gates_kept).
No new body is added once the partnership has moved on."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError

from partnerships.models import (
    BodyType,
    DecisionRule,
    DecisionScope,
    GovernanceBody,
    Partner,
    Partnership,
    Seat,
)
from partnerships.services.journey import gates_kept, kept_delete
from platforms.models import Platform
from platforms.tenancy import platform_transaction
from stakeholders.services.common import (
    actor_id,
    fields_check,
    platform_check,
    restored_if_refused,
)

BODY_FIELDS = ("name", "type", "decision_rule", "scope", "remit")
SEATS_MAX = 99


def _in_words(choices) -> str:
    return ", ".join(str(c.label).lower() for c in choices)


def body_validate(body: GovernanceBody) -> None:
    """Field checks; raises ValidationError by field."""
    errors: dict[str, list[str]] = {}
    if not body.name:
        errors["name"] = ["Give the body a name, for example “Steering committee”."]
    elif len(body.name) > 200:
        errors["name"] = ["Keep the name to 200 characters or fewer."]
    if body.type not in BodyType.values:
        errors["type"] = [f"Choose the kind of body: {_in_words(BodyType)}."]
    if body.decision_rule and body.decision_rule not in DecisionRule.values:
        errors["decision_rule"] = [
            f"Choose a decision rule ({_in_words(DecisionRule)}), or leave it as not agreed yet."
        ]
    if body.scope and body.scope not in DecisionScope.values:
        errors["scope"] = [
            f"Choose what it decides ({_in_words(DecisionScope)}), or leave it unset."
        ]
    if errors:
        raise ValidationError(errors)


def seats_validate(
    *, platform: Platform, partnership: Partnership, seats: Mapping[Partner, int]
) -> None:
    """Every member is an active partner of this partnership, with 0–99 whole seats."""
    problems = []
    for partner, count in seats.items():
        platform_check(platform, partner)
        name = partner.organisation.name
        if partner.partnership_id != partnership.pk:
            problems.append(
                f"{name} is not a partner of this partnership, so it cannot hold seats here."
            )
        elif partner.left_on is not None:
            problems.append(f"{name} has left the partnership, so it cannot hold seats.")
        elif isinstance(count, bool) or not isinstance(count, int):
            problems.append(f"Seats for {name}: enter a whole number from 0 to {SEATS_MAX}.")
        elif not 0 <= count <= SEATS_MAX:
            problems.append(
                f"Seats for {name}: {count} is not between 0 and {SEATS_MAX}. "
                "Enter 0 for an organisation that is not a member."
            )
    if problems:
        raise ValidationError({"seats": problems})


def _clean(fields: dict) -> dict:
    for name in ("name", "type", "decision_rule", "scope"):
        if name in fields:
            fields[name] = " ".join(str(fields[name] or "").split())
    if "remit" in fields:
        fields["remit"] = str(fields["remit"] or "").strip()
    return fields


def _seats_save(*, platform: Platform, body: GovernanceBody, seats: Mapping[Partner, int]) -> None:
    """Members become exactly the partners given a seat; 0 removes a member. Seats of
    partners that have left go too: they no longer sit anywhere."""
    keep = {partner.pk: count for partner, count in seats.items() if count > 0}
    existing = {s.partner_id: s for s in Seat.objects.filter(platform=platform, body=body)}
    leaving = [partner_id for partner_id in existing if partner_id not in keep]
    if leaving:
        Seat.objects.filter(platform=platform, body=body, partner_id__in=leaving).delete()
    for partner_id, count in keep.items():
        seat = existing.get(partner_id)
        if seat is None:
            Seat.objects.create(platform=platform, body=body, partner_id=partner_id, seats=count)
        elif seat.seats != count:
            seat.seats = count
            seat.save(update_fields=["seats", "updated_at"])


def body_create(
    *,
    platform: Platform,
    partnership: Partnership,
    actor,
    seats: Mapping[Partner, int] | None = None,
    **fields,
) -> GovernanceBody:
    fields_check(fields, allowed=BODY_FIELDS, what="governance body")
    platform_check(platform, partnership)
    body = GovernanceBody(platform=platform, partnership=partnership, **_clean(fields))
    body_validate(body)
    seats = seats or {}
    seats_validate(platform=platform, partnership=partnership, seats=seats)
    with (
        platform_transaction(platform.pk, user_id=actor_id(actor)),
        gates_kept(platform=platform, partnership=partnership, adding="governance body"),
    ):
        body.save()
        _seats_save(platform=platform, body=body, seats=seats)
    return body


def body_update(
    *,
    platform: Platform,
    body: GovernanceBody,
    actor,
    seats: Mapping[Partner, int] | None = None,
    **fields,
) -> GovernanceBody:
    """Change the body and, when ``seats`` is given, set its members to exactly those."""
    fields_check(fields, allowed=BODY_FIELDS, what="governance body")
    platform_check(platform, body)
    fields = _clean(fields)
    with restored_if_refused([body], fields):
        for name, value in fields.items():
            setattr(body, name, value)
        body_validate(body)
        if seats is not None:
            seats_validate(platform=platform, partnership=body.partnership, seats=seats)
        with (
            platform_transaction(platform.pk, user_id=actor_id(actor)),
            gates_kept(platform=platform, partnership=body.partnership, field="decision_rule"),
        ):
            body.save(update_fields=[*fields, "updated_at"])
            if seats is not None:
                _seats_save(platform=platform, body=body, seats=seats)
    return body


def body_delete(*, platform: Platform, body: GovernanceBody, actor) -> None:
    """Delete the body and its seats."""
    platform_check(platform, body)
    kept_delete(body, platform=platform, partnership=body.partnership, actor=actor)
