"""Shared fixtures. `world` gives two platforms, A and B, each with named actors:
admin, broker, secretariat, partner (representative), observer, and an outsider who
belongs to no platform at all."""

import os
from dataclasses import dataclass

import pytest
from django.core.cache import cache

from platforms.models import Membership, Platform, Role
from tests.factories import MembershipFactory, PlatformFactory, UserFactory

PASSWORD = "correct horse battery staple"


@dataclass
class Side:
    platform: Platform
    admin: Membership
    broker: Membership
    secretariat: Membership
    partner: Membership
    observer: Membership

    def member(self, role: str) -> Membership:
        return {
            Role.PLATFORM_ADMIN: self.admin,
            Role.BROKER: self.broker,
            Role.SECRETARIAT: self.secretariat,
            Role.PARTNER_REPRESENTATIVE: self.partner,
            Role.OBSERVER: self.observer,
        }[role]


@dataclass
class World:
    a: Side
    b: Side
    outsider: object


def make_side(name: str, slug: str, tz: str) -> Side:
    platform = PlatformFactory(name=name, slug=slug, time_zone=tz)

    def member(role: str, who: str) -> Membership:
        user = UserFactory(
            email=f"{who}@{slug}.example", first_name=who.title(), last_name=slug.upper()
        )
        return MembershipFactory(platform=platform, user=user, role=role)

    return Side(
        platform=platform,
        admin=member(Role.PLATFORM_ADMIN, "admin"),
        broker=member(Role.BROKER, "broker"),
        secretariat=member(Role.SECRETARIAT, "secretariat"),
        partner=member(Role.PARTNER_REPRESENTATIVE, "partner"),
        observer=member(Role.OBSERVER, "observer"),
    )


@pytest.fixture
def world(db) -> World:
    return World(
        a=make_side("Platform A", "alpha", "Asia/Colombo"),
        b=make_side("Platform B", "beta", "Europe/Paris"),
        outsider=UserFactory(email="outsider@example.org"),
    )


@pytest.fixture(autouse=True)
def _clear_cache():
    # Throttle counters live in Redis; start each test from zero. Only our own keys are
    # removed: the Celery broker may share the Redis database.
    client = cache._cache.get_client(None, write=True)
    for key in client.scan_iter(f"{cache.key_prefix}:*"):
        client.delete(key)
    yield


@pytest.fixture
def login(client):
    def _login(user_or_membership):
        user = getattr(user_or_membership, "user", user_or_membership)
        client.force_login(user)
        return client

    return _login


def pytest_sessionfinish(session, exitstatus):
    # In CI a skipped test is a failure: every test must run.
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if os.environ.get("CI") and skipped:
        reporter.write_line(
            f"CI: {len(skipped)} test(s) were skipped; skipped tests fail CI.", red=True
        )
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _sdg_reference(request):
    """Put back the SDG goals and targets (loaded by a migration) when a transactional test
    before this one flushed them: with a reused test database, the order of runs would
    otherwise decide whether they are there."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if marker is None and not {"db", "transactional_db", "live_server"} & names:
        yield
        return
    from django.apps import apps

    from partnerships.models import Target

    transactional = "transactional_db" in names or "live_server" in names
    if marker is not None and marker.kwargs.get("transaction"):
        transactional = True
    request.getfixturevalue("transactional_db" if transactional else "db")
    if not Target.objects.exists():
        from importlib import import_module

        import_module("partnerships.migrations.0002_sdg_reference").load(apps, None)
    yield
