"""Writes for stakeholder maps: maps (dated snapshots), their positions, copies.

Every refusal raises ValidationError with a message a person can act on, before anything
is written; a map's positions are edited all together or not at all. The maps are here,
their positions in .positions."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from platforms.models import Platform
from platforms.tenancy import platform_transaction
from stakeholders.models import Position, StakeholderMap
from stakeholders.services.common import platform_check

from ._common import actor_id, restored_if_refused, tidy
from .positions import (
    POSITION_FIELDS,
    position_create,
    position_delete,
    position_update,
    positions_update,
)

__all__ = [
    "MAP_FIELDS",
    "POSITION_FIELDS",
    "map_copy",
    "map_create",
    "map_update",
    "position_create",
    "position_delete",
    "position_update",
    "positions_update",
]

MAP_FIELDS = ("title", "issue", "as_of", "description")


def _map_validate(stakeholder_map: StakeholderMap) -> None:
    stakeholder_map.title = tidy(stakeholder_map.title)
    stakeholder_map.issue = tidy(stakeholder_map.issue)
    errors: dict[str, list[str]] = {}
    if not stakeholder_map.title:
        errors["title"] = ["Give the map a title."]
    if not stakeholder_map.issue:
        errors["issue"] = ['Name the issue the map is about, for example "food security".']
    if not isinstance(stakeholder_map.as_of, date):
        errors["as_of"] = ["Give the date this snapshot describes."]
    try:
        stakeholder_map.full_clean(exclude=["platform", "copied_from", "created_by", *errors])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def map_create(
    *,
    platform: Platform,
    actor,
    title: str,
    issue: str,
    as_of: date | None = None,
    description: str = "",
) -> StakeholderMap:
    stakeholder_map = StakeholderMap(
        platform=platform,
        title=title,
        issue=issue,
        as_of=as_of or platform.today(),
        description=description or "",
        created_by=actor,
    )
    _map_validate(stakeholder_map)
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        stakeholder_map.save()
    return stakeholder_map


def map_update(
    *, platform: Platform, stakeholder_map: StakeholderMap, actor, **fields: Any
) -> StakeholderMap:
    unknown = set(fields) - set(MAP_FIELDS)
    if unknown:
        raise TypeError(f"Unknown map fields: {sorted(unknown)}")
    platform_check(platform, stakeholder_map)
    with restored_if_refused([stakeholder_map], MAP_FIELDS):
        for name, value in fields.items():
            setattr(stakeholder_map, name, value)
        _map_validate(stakeholder_map)
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        stakeholder_map.save(update_fields=[*fields, "updated_at"])
    return stakeholder_map


def map_copy(
    *,
    platform: Platform,
    stakeholder_map: StakeholderMap,
    actor,
    title: str | None = None,
    as_of: date | None = None,
) -> StakeholderMap:
    """A new snapshot of the same issue starting from every position of this one."""
    platform_check(platform, stakeholder_map)
    copy = StakeholderMap(
        platform=platform,
        title=stakeholder_map.title if title is None else title,
        issue=stakeholder_map.issue,
        as_of=as_of or platform.today(),
        description=stakeholder_map.description,
        copied_from=stakeholder_map,
        created_by=actor,
    )
    _map_validate(copy)
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        copy.save()
        originals = Position.objects.filter(platform=platform, map=stakeholder_map).order_by("pk")
        Position.objects.bulk_create(
            Position(
                platform=platform,
                map=copy,
                organisation_id=p.organisation_id,
                label=p.label,
                interest=p.interest,
                influence=p.influence,
                attitude=p.attitude,
                is_primary=p.is_primary,
                note=p.note,
            )
            for p in originals
        )
    return copy
