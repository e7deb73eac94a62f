import pytest
from django.core.management import call_command
from django.test import Client

from platforms.models import AuditEvent, Job, Membership, Platform
from platforms.tenancy import unscoped

pytestmark = pytest.mark.django_db


@pytest.mark.urls("tests.platforms.middleware_urls")
def test_a_view_that_fails_after_writing_leaves_nothing_behind(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.a.broker.user)
    response = client.get("/p/alpha/write-then-fail/")
    assert response.status_code == 500
    with unscoped():
        assert Job.objects.count() == 0


@pytest.mark.urls("tests.platforms.middleware_urls")
def test_a_view_that_succeeds_commits_its_write_for_its_platform(world, login):
    response = login(world.a.broker).get("/p/alpha/write-ok/")
    assert response.status_code == 200
    with unscoped():
        assert list(Job.objects.values_list("platform__slug", flat=True)) == ["alpha"]


def test_unknown_platform_and_foreign_platform_answer_alike(world, login):
    client = login(world.b.admin)
    assert client.get("/p/alpha/").status_code == 404
    assert client.get("/p/no-such-platform/").status_code == 404


def test_anonymous_user_is_sent_to_login(world, client):
    response = client.get("/p/alpha/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/p/alpha/")


def test_health_check_reports_database_and_redis(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_seed_demo_is_idempotent():
    call_command("seed_demo")
    with unscoped():
        counts = (Platform.objects.count(), Membership.objects.count(), AuditEvent.objects.count())
    call_command("seed_demo")
    with unscoped():
        assert (
            Platform.objects.count(),
            Membership.objects.count(),
            AuditEvent.objects.count(),
        ) == counts
        slugs = set(Platform.objects.values_list("slug", flat=True))
        roles = set(Membership.objects.values_list("role", flat=True))
    assert slugs == {"ppg", "un-sri-lanka"}
    assert roles == {
        "platform_admin",
        "broker",
        "secretariat",
        "partner_representative",
        "observer",
    }


def test_every_platform_view_declares_its_capability():
    """Role checks live in one place: each platform page names the capability it needs."""
    from django.urls import URLResolver, get_resolver

    from platforms import permissions

    def views_under(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from views_under(pattern.url_patterns)
            else:
                yield pattern.name, pattern.callback

    checked = {
        name: view
        for top in get_resolver().url_patterns
        if isinstance(top, URLResolver) and str(top.pattern) == "p/<slug:platform_slug>/"
        for name, view in views_under(top.url_patterns)
    }
    assert checked, "no platform URLs found"
    missing = [name for name, view in checked.items() if not permissions.requires_capability(view)]
    assert missing == []


@pytest.mark.parametrize("memberships", [1, 3])
def test_index_chooser_runs_a_fixed_number_of_queries(
    world, login, django_assert_max_num_queries, memberships
):
    from tests.factories import MembershipFactory, PlatformFactory

    for _ in range(memberships - 1):
        MembershipFactory(platform=PlatformFactory(), user=world.a.admin.user, role="observer")
    client = login(world.a.admin)
    with django_assert_max_num_queries(10):
        response = client.get("/")
    assert response.status_code in (200, 302)
