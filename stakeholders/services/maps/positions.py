"""Writes for the positions of a stakeholder map: one at a time, or the whole table at
once (all or nothing)."""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from platforms.models import Platform
from platforms.tenancy import platform_transaction
from stakeholders.models import (
    SCORE_MAX,
    SCORE_MIN,
    Attitude,
    Organisation,
    Position,
    StakeholderMap,
)
from stakeholders.services.common import platform_check

from ._common import actor_id, restored_if_refused, tidy

POSITION_FIELDS = ("label", "interest", "influence", "attitude", "is_primary", "note")
SCORE_NAMES = {"interest": "Interest", "influence": "Influence"}


def _score(value: Any, field: str, errors: dict[str, list[str]]) -> int | None:
    message = f"{SCORE_NAMES[field]} is a whole number from {SCORE_MIN} to {SCORE_MAX}."
    if isinstance(value, bool):
        errors.setdefault(field, []).append(message)
        return None
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except (TypeError, ValueError):
        errors.setdefault(field, []).append(message)
        return None
    if not SCORE_MIN <= number <= SCORE_MAX:
        errors.setdefault(field, []).append(message)
        return None
    return number


def _position_validate(position: Position, *, platform: Platform) -> None:
    """Every rule for one position, so that the database's constraints never have to refuse."""
    errors: dict[str, list[str]] = {}
    position.label = tidy(position.label)
    position.note = (position.note or "").strip()
    for field in SCORE_NAMES:
        setattr(position, field, _score(getattr(position, field), field, errors))
    if position.attitude not in Attitude.values:
        errors["attitude"] = ["Choose supportive, neutral or opposed."]
    organisation = position.organisation if position.organisation_id else None
    if organisation is not None and position.label:
        errors.setdefault("label", []).append(
            "Choose an organisation from the registry or type a name, not both."
        )
    elif organisation is None and not position.label:
        errors.setdefault("organisation", []).append(
            "Choose an organisation from the registry, or type the name of a stakeholder "
            "that is not an organisation (for example “rice farmers in Ampara”)."
        )
    elif organisation is not None and organisation.platform_id != platform.pk:
        errors.setdefault("organisation", []).append(
            "That organisation is not in this platform's registry."
        )
    elif organisation is not None:
        same = Position.objects.filter(
            platform=platform, map_id=position.map_id, organisation=organisation
        )
        if same.exclude(pk=position.pk).exists():
            errors.setdefault("organisation", []).append(f"{organisation} is already on this map.")
    else:
        same = Position.objects.filter(
            platform=platform,
            map_id=position.map_id,
            organisation__isnull=True,
            label__iexact=position.label,
        )
        if same.exclude(pk=position.pk).exists():
            errors.setdefault("label", []).append(f"“{position.label}” is already on this map.")
    try:
        position.full_clean(
            exclude=["platform", "map", "organisation", *errors],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _save(position: Position, *, platform: Platform, actor, **kwargs: Any) -> None:
    try:
        with platform_transaction(platform.pk, user_id=actor_id(actor)):
            position.save(**kwargs)
    except IntegrityError:
        # Someone placed the same stakeholder a moment ago: the unique constraint caught it.
        raise ValidationError(f"{position.name} is already on this map.") from None


def position_create(
    *,
    platform: Platform,
    stakeholder_map: StakeholderMap,
    actor,
    organisation: Organisation | None = None,
    label: str = "",
    interest: Any,
    influence: Any,
    attitude: str = Attitude.NEUTRAL,
    is_primary: bool = False,
    note: str = "",
) -> Position:
    platform_check(platform, stakeholder_map)
    if (
        organisation is not None
        and organisation.platform_id == platform.pk
        and organisation.is_archived
    ):
        raise ValidationError(
            {"organisation": f"{organisation} is archived: restore it before placing it on a map."}
        )
    position = Position(
        platform=platform,
        map=stakeholder_map,
        organisation=organisation,
        label=label or "",
        interest=interest,
        influence=influence,
        attitude=attitude,
        is_primary=bool(is_primary),
        note=note or "",
    )
    _position_validate(position, platform=platform)
    _save(position, platform=platform, actor=actor)
    return position


def position_update(*, platform: Platform, position: Position, actor, **fields: Any) -> Position:
    unknown = set(fields) - set(POSITION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown position fields: {sorted(unknown)}")
    platform_check(platform, position)
    with restored_if_refused([position], POSITION_FIELDS):
        for name, value in fields.items():
            setattr(position, name, value)
        _position_validate(position, platform=platform)
        _save(position, platform=platform, actor=actor, update_fields=[*fields, "updated_at"])
    return position


def position_delete(*, platform: Platform, position: Position, actor) -> None:
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        Position.objects.filter(platform=platform, pk=position.pk).delete()


def positions_update(
    *,
    platform: Platform,
    stakeholder_map: StakeholderMap,
    actor,
    changes: Sequence[tuple[Position, Mapping[str, Any]]],
    deletions: Iterable[Position] = (),
) -> None:
    """Edit many positions of one map at once: every row is checked first, and one bad
    row refuses them all (ValidationError naming the rows), so nothing is half saved."""
    platform_check(platform, stakeholder_map)
    deletions = list(deletions)
    changed: list[Position] = []
    problems: list[str] = []
    fields: set[str] = set()
    with restored_if_refused([position for position, _ in changes], POSITION_FIELDS):
        for position, values in changes:
            if position.map_id != stakeholder_map.pk:
                raise ValidationError("A position in the table is not on this map.")
            unknown = set(values) - set(POSITION_FIELDS)
            if unknown:
                raise TypeError(f"Unknown position fields: {sorted(unknown)}")
            if not values:
                continue
            for name, value in values.items():
                setattr(position, name, value)
            try:
                _position_validate(position, platform=platform)
            except ValidationError as error:
                problems.append(f"{position.name}: {' '.join(error.messages)}")
                continue
            changed.append(position)
            fields.update(values)
        if any(p.map_id != stakeholder_map.pk for p in deletions):
            raise ValidationError("A position to remove is not on this map.")
        if problems:
            raise ValidationError(problems)
    now = timezone.now()
    for position in changed:
        position.updated_at = now
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        if changed:
            Position.objects.bulk_update(changed, [*sorted(fields), "updated_at"])
        if deletions:
            Position.objects.filter(
                platform=platform, map=stakeholder_map, pk__in=[p.pk for p in deletions]
            ).delete()
