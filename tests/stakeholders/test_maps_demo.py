"""The demo's stakeholder maps: made through the map services, so they pass the same rules
as a broker's, and audited as the seed."""

import pytest
from django.core.management import call_command

from platforms.models import AuditEvent, Membership, Platform, Role
from platforms.tenancy import unscoped
from stakeholders.demo import DEMOS
from stakeholders.models import StakeholderMap
from stakeholders.services import maps as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(monkeypatch):
    """Counts the map services' calls (still running them)."""
    counted: dict[str, int] = {}
    names = ["map_create", "map_copy", "map_update", "position_create", "position_update"]
    for name in [*names, "position_delete"]:
        original = getattr(services, name)

        def spy(*args, _name=name, _original=original, **kwargs):
            counted[_name] = counted.get(_name, 0) + 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(services, name, spy)
    return counted


def test_the_demo_maps_go_through_the_map_services(calls):
    call_command("seed_demo")
    specs = [spec for demo in DEMOS.values() for spec in demo.maps]
    firsts = [spec for spec in specs if not spec.copied_from]
    copies = [spec for spec in specs if spec.copied_from]
    assert copies, "the demo has a later snapshot to compare"
    assert calls.get("map_create") == len(firsts)
    assert calls.get("map_copy") == len(copies)
    assert calls.get("position_create", 0) >= sum(len(spec.places) for spec in firsts)
    assert calls.get("position_update", 0) >= 5  # the later snapshot moved people

    with unscoped():
        for slug, demo in DEMOS.items():
            platform = Platform.objects.get(slug=slug)
            for spec in demo.maps:
                stakeholder_map = StakeholderMap.objects.get(platform=platform, title=spec.title)
                assert stakeholder_map.issue == spec.issue
                assert stakeholder_map.description == spec.description
                if spec.copied_from:
                    assert stakeholder_map.copied_from.title == spec.copied_from
                # Exactly the spec's places: a copy's leftovers were moved or removed.
                placed = {
                    (p.organisation.name if p.organisation else p.label): (
                        p.interest,
                        p.influence,
                        p.attitude,
                        p.is_primary,
                        p.note,
                    )
                    for p in stakeholder_map.positions.select_related("organisation")
                }
                assert placed == {
                    place.stakeholder: (
                        place.interest,
                        place.influence,
                        place.attitude,
                        place.is_primary,
                        place.note,
                    )
                    for place in spec.places
                }, spec.title

    # A second run finds every map and calls no service.
    calls.clear()
    call_command("seed_demo")
    assert calls == {}


def test_the_demo_maps_are_audited_as_the_seed_by_the_broker():
    call_command("seed_demo")
    with unscoped():
        events = AuditEvent.objects.filter(
            table_name__in=["stakeholders_stakeholdermap", "stakeholders_position"]
        )
        assert events.exists()
        assert set(events.values_list("via", flat=True)) == {"seed"}
        brokers = set(
            Membership.objects.filter(role=Role.BROKER).values_list("platform_id", "user_id")
        )
        actors = set(events.values_list("platform_id", "actor_id"))
    assert actors and actors <= brokers
