"""Reads for stakeholder maps: maps, their positions, and how two snapshots differ."""

from collections import Counter
from dataclasses import dataclass
from itertools import groupby

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.db.models.functions import Coalesce, Lower
from django.shortcuts import get_object_or_404

from platforms.models import Platform
from stakeholders.models import Organisation, Position, StakeholderMap, Strategy
from stakeholders.selectors.organisations import organisation_list

# Up to this many organisations to choose from, the position form lists them all in one
# <select>; beyond, it offers a search instead (a list of thousands helps nobody).
PICKER_LIMIT = 300
# How many organisations a search on the position form offers.
FIND_LIMIT = 20


def map_list(*, platform: Platform) -> QuerySet[StakeholderMap]:
    """Every map with its number of positions and the snapshot it was copied from, by
    issue, newest snapshot first."""
    return (
        StakeholderMap.objects.filter(platform=platform)
        .select_related("copied_from")
        .annotate(position_count=Count("positions"))
        .order_by(Lower("issue"), "issue", "-as_of", "-created_at")
    )


def map_list_by_issue(*, platform: Platform) -> list[tuple[str, list[StakeholderMap]]]:
    """(issue, its maps newest first), issues alphabetically; one query."""
    maps = list(map_list(platform=platform))
    return [(issue, list(group)) for issue, group in groupby(maps, key=lambda m: m.issue)]


def map_get(*, platform: Platform, public_id) -> StakeholderMap:
    """One map of the platform; 404 for a missing id and another platform's alike."""
    return get_object_or_404(StakeholderMap.objects.filter(platform=platform), public_id=public_id)


def issue_names(*, platform: Platform) -> list[str]:
    """The issues the platform's maps are about, for suggesting one when creating a map."""
    return list(
        StakeholderMap.objects.filter(platform=platform)
        .order_by("issue")
        .values_list("issue", flat=True)
        .distinct()
    )


def position_list(*, stakeholder_map: StakeholderMap) -> QuerySet[Position]:
    """The map's positions by name (organisation or label): the order markers are numbered."""
    return (
        Position.objects.filter(platform_id=stakeholder_map.platform_id, map=stakeholder_map)
        .select_related("organisation")
        .order_by(Lower(Coalesce("organisation__name", "label")), "pk")
    )


def position_get(*, stakeholder_map: StakeholderMap, public_id) -> Position:
    """One position of the map; 404 for a missing id and another map's alike."""
    return get_object_or_404(position_list(stakeholder_map=stakeholder_map), public_id=public_id)


def organisations_available(*, platform: Platform, stakeholder_map: StakeholderMap):
    """Registry organisations that can still be placed on the map: not archived, not on it."""
    return (
        Organisation.objects.filter(platform=platform, archived_at__isnull=True)
        .exclude(positions__map=stakeholder_map)
        .order_by(Lower("name"), "pk")
    )


def organisations_too_many_to_list(*, platform: Platform, stakeholder_map: StakeholderMap) -> bool:
    """Whether more than PICKER_LIMIT organisations could be placed on the map (counting
    no further than that)."""
    available = organisations_available(platform=platform, stakeholder_map=stakeholder_map)
    return available.order_by()[: PICKER_LIMIT + 1].count() > PICKER_LIMIT


def organisations_find(
    *, platform: Platform, stakeholder_map: StakeholderMap, text: str
) -> tuple[list[Organisation], bool]:
    """The best FIND_LIMIT matches for ``text`` (the registry's own search) among the
    organisations that can still be placed on the map, and whether there are more."""
    found = organisation_list(platform=platform, filters={"q": text}).exclude(
        positions__map=stakeholder_map
    )
    first = list(found[: FIND_LIMIT + 1])
    return first[:FIND_LIMIT], len(first) > FIND_LIMIT


def strategy_counts(positions) -> list[tuple[str, str, int]]:
    """(strategy, label, how many) for each quadrant, from positions already fetched."""
    counts = Counter(p.strategy for p in positions)
    return [(s.value, s.label, counts.get(s.value, 0)) for s in Strategy]


def strategy_label(position: Position) -> str:
    return str(Strategy(position.strategy).label)


def map_snapshots_of_issue(*, stakeholder_map: StakeholderMap) -> QuerySet[StakeholderMap]:
    """The other snapshots of the same issue, newest first: what a map is compared with."""
    return (
        StakeholderMap.objects.filter(
            platform_id=stakeholder_map.platform_id, issue=stakeholder_map.issue
        )
        .exclude(pk=stakeholder_map.pk)
        .order_by("-as_of", "-created_at")
    )


@dataclass
class Move:
    """One stakeholder across two snapshots. ``before`` or ``after`` is None for a
    stakeholder who joined or left.

    Its status is "joined", "left", "moved" (interest or influence changed), "changed"
    (same place, but the attitude or the primary flag changed) or "unchanged"."""

    name: str
    organisation: Organisation | None
    before: Position | None
    after: Position | None

    @property
    def status(self) -> str:
        if self.before is None:
            return "joined"
        if self.after is None:
            return "left"
        if (self.before.interest, self.before.influence) != (
            self.after.interest,
            self.after.influence,
        ):
            return "moved"
        if self.attitude_changed or self.primary_changed:
            return "changed"
        return "unchanged"

    @property
    def interest_delta(self) -> int | None:
        return self.after.interest - self.before.interest if self.before and self.after else None

    @property
    def influence_delta(self) -> int | None:
        return self.after.influence - self.before.influence if self.before and self.after else None

    @property
    def before_strategy(self) -> str:
        return strategy_label(self.before) if self.before else ""

    @property
    def after_strategy(self) -> str:
        return strategy_label(self.after) if self.after else ""

    @property
    def strategy_changed(self) -> bool:
        return bool(self.before and self.after and self.before.strategy != self.after.strategy)

    @property
    def attitude_changed(self) -> bool:
        return bool(self.before and self.after and self.before.attitude != self.after.attitude)

    @property
    def primary_changed(self) -> bool:
        return bool(self.before and self.after and self.before.is_primary != self.after.is_primary)


@dataclass
class Comparison:
    before: StakeholderMap
    after: StakeholderMap
    moves: list[Move]

    def of(self, status: str) -> list[Move]:
        return [m for m in self.moves if m.status == status]


def _key(position: Position) -> tuple[str, object]:
    # The same organisation, or the same typed name (case aside), is the same stakeholder.
    if position.organisation_id:
        return ("organisation", position.organisation_id)
    return ("label", position.label.casefold())


def map_compare(*, platform: Platform, before_id, after_id) -> Comparison:
    """How stakeholders moved from the earlier snapshot to the later one. Both maps must
    be the platform's (404 otherwise) and different (the compare form says so first)."""
    if str(before_id) == str(after_id):
        raise ValidationError("Choose two different snapshots.")
    before = map_get(platform=platform, public_id=before_id)
    after = map_get(platform=platform, public_id=after_id)
    if before.as_of > after.as_of:
        # "Who moved" reads from the earlier snapshot to the later, however they were picked.
        before, after = after, before
    old = {_key(p): p for p in position_list(stakeholder_map=before)}
    moves = []
    for position in position_list(stakeholder_map=after):
        moves.append(
            Move(position.name, position.organisation, old.pop(_key(position), None), position)
        )
    moves.extend(Move(p.name, p.organisation, p, None) for p in old.values())
    moves.sort(key=lambda m: m.name.casefold())
    return Comparison(before=before, after=after, moves=moves)
