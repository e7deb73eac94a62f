"""The demo's stakeholder maps, made through the map services as a broker makes them, so
they pass the same rules: a first snapshot is created and its stakeholders placed; a
later one is copied from the earlier and its positions brought up to date. A map that
exists (by title and date) is left alone, so a second run writes nothing."""

from datetime import date
from typing import TYPE_CHECKING, Any

from stakeholders.models import Organisation, StakeholderMap
from stakeholders.selectors.maps import position_list
from stakeholders.services import maps as map_services

from .records import MapSpec

if TYPE_CHECKING:
    from . import _Seeding


def maps_seed(
    run: "_Seeding", organisations: dict[str, Organisation], specs: tuple[MapSpec, ...]
) -> None:
    """Each map through the map services, as a broker makes it: a first snapshot is
    created and its stakeholders placed; a later one is copied from the earlier and its
    positions brought up to date (moved, placed, removed)."""
    maps: dict[str, StakeholderMap] = {}
    for spec in specs:  # earlier snapshots come first, so copies find their source
        as_of = date.fromisoformat(spec.as_of)
        found = StakeholderMap.objects.filter(
            platform=run.platform, title=spec.title, as_of=as_of
        ).first()
        if found is not None:
            maps[spec.title] = found
            continue
        source = maps.get(spec.copied_from)
        if source is None:
            stakeholder_map = map_services.map_create(
                platform=run.platform,
                actor=run.broker,
                title=spec.title,
                issue=spec.issue,
                as_of=as_of,
                description=spec.description,
            )
        else:
            stakeholder_map = map_services.map_copy(
                platform=run.platform,
                stakeholder_map=source,
                actor=run.broker,
                title=spec.title,
                as_of=as_of,
            )
            differs = {
                field: value
                for field, value in (("issue", spec.issue), ("description", spec.description))
                if getattr(stakeholder_map, field) != value
            }
            if differs:
                map_services.map_update(
                    platform=run.platform,
                    stakeholder_map=stakeholder_map,
                    actor=run.broker,
                    **differs,
                )
        maps[spec.title] = stakeholder_map
        _places_seed(run, organisations, stakeholder_map, spec)
        run.created += 1 + len(spec.places)


def _places_seed(
    run: "_Seeding",
    organisations: dict[str, Organisation],
    stakeholder_map: StakeholderMap,
    spec: MapSpec,
) -> None:
    """Make the map's positions those of the spec: a copied map starts with its source's."""
    copied = {
        p.organisation.name if p.organisation else p.label: p
        for p in position_list(stakeholder_map=stakeholder_map)
    }
    for place in spec.places:
        values: dict[str, Any] = {
            "interest": place.interest,
            "influence": place.influence,
            "attitude": place.attitude,
            "is_primary": place.is_primary,
            "note": place.note,
        }
        position = copied.pop(place.stakeholder, None)
        if position is None:
            map_services.position_create(
                platform=run.platform,
                stakeholder_map=stakeholder_map,
                actor=run.broker,
                organisation=None if place.is_label else organisations[place.stakeholder],
                label=place.stakeholder if place.is_label else "",
                **values,
            )
            continue
        changed = {f: v for f, v in values.items() if getattr(position, f) != v}
        if changed:
            map_services.position_update(
                platform=run.platform, position=position, actor=run.broker, **changed
            )
    for gone in copied.values():
        map_services.position_delete(platform=run.platform, position=gone, actor=run.broker)
