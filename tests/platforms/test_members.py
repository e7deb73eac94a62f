"""The members page: platform admins list members, change roles and remove people; the
last platform admin stays; every write is in the audit trail."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from platforms import services
from platforms.models import AuditEvent, Invitation, Membership, Role
from platforms.tenancy import unscoped
from tests.factories import MembershipFactory, UserFactory

NON_ADMIN_ROLES = [Role.BROKER, Role.SECRETARIAT, Role.PARTNER_REPRESENTATIVE, Role.OBSERVER]


def list_url(side) -> str:
    return reverse("member_list", args=[side.platform.slug])


def role_url(side, membership) -> str:
    return reverse("member_change_role", args=[side.platform.slug, membership.public_id])


def remove_url(side, membership) -> str:
    return reverse("member_remove", args=[side.platform.slug, membership.public_id])


def roles_on(platform) -> dict[str, str]:
    with unscoped():
        return dict(Membership.objects.filter(platform=platform).values_list("user__email", "role"))


def member_pages(side):
    """Every members URL of a side, with the method that writes (GET for the list)."""
    target = side.observer
    return [
        ("get", list_url(side), {}),
        ("post", role_url(side, target), {"role": Role.BROKER}),
        ("get", remove_url(side, target), {}),
        ("post", remove_url(side, target), {}),
    ]


# --- Who may use the pages --------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, world):
    before = roles_on(world.a.platform)
    for method, url, data in member_pages(world.a):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert roles_on(world.a.platform) == before


def test_admin_of_the_other_platform_gets_404(login, world):
    client = login(world.b.admin)
    before = roles_on(world.a.platform)
    for method, url, data in member_pages(world.a):
        assert getattr(client, method)(url, data).status_code == 404
    assert roles_on(world.a.platform) == before


def test_an_admin_cannot_reach_the_other_platforms_members_through_their_own(login, world):
    client = login(world.a.admin)
    before = roles_on(world.b.platform)
    assert (
        client.post(role_url(world.a, world.b.observer), {"role": Role.BROKER}).status_code == 404
    )
    assert client.get(remove_url(world.a, world.b.observer)).status_code == 404
    assert client.post(remove_url(world.a, world.b.observer)).status_code == 404
    assert roles_on(world.b.platform) == before


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_other_roles_get_403(login, world, role):
    client = login(world.a.member(role))
    before = roles_on(world.a.platform)
    for method, url, data in member_pages(world.a):
        assert getattr(client, method)(url, data).status_code == 403
    assert roles_on(world.a.platform) == before


def test_role_change_needs_post(login, world):
    client = login(world.a.admin)
    assert client.get(role_url(world.a, world.a.observer)).status_code == 405


# --- The list ---------------------------------------------------------------------------


def test_list_shows_members_and_open_invitations(login, world):
    services.invitation_create(
        platform=world.a.platform,
        email="new@example.org",
        role=Role.OBSERVER,
        invited_by=world.a.admin.user,
    )
    old = services.invitation_create(
        platform=world.a.platform,
        email="late@example.org",
        role=Role.BROKER,
        invited_by=world.a.admin.user,
    )
    with unscoped():
        Invitation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=1))
    services.invitation_create(
        platform=world.b.platform,
        email="elsewhere@example.org",
        role=Role.BROKER,
        invited_by=world.b.admin.user,
    )

    response = login(world.a.admin).get(list_url(world.a))
    assert response.status_code == 200
    html = response.content.decode()
    for side_member in (world.a.admin, world.a.broker, world.a.observer):
        assert side_member.user.email in html
        assert side_member.user.get_full_name() in html
    assert "admin@beta.example" not in html
    assert 'label class="visually-hidden" for="role-' in html
    assert "new@example.org" in html and "badge-pending" in html
    assert "late@example.org" in html and "badge-expired" in html
    assert "elsewhere@example.org" not in html
    # The only admin cannot be removed from the page.
    assert remove_url(world.a, world.a.admin) not in html
    assert remove_url(world.a, world.a.broker) in html


def test_joined_dates_are_in_the_platform_time_zone(login, world):
    # 20:00 UTC is already the next day in Colombo (UTC+5:30).
    with unscoped():
        Membership.objects.filter(pk=world.a.broker.pk).update(
            created_at=datetime(2024, 3, 1, 20, 0, tzinfo=UTC)
        )
    html = login(world.a.admin).get(list_url(world.a)).content.decode()
    assert "2 Mar 2024" in html


def count_queries(client, url) -> int:
    client.get(url)  # the first request of a client pays one-off costs; measure the next
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_list_query_count_does_not_grow(login, world, django_assert_max_num_queries):
    client = login(world.a.admin)
    few = count_queries(client, list_url(world.a))
    for n in range(8):
        MembershipFactory(platform=world.a.platform, user=UserFactory(), role=Role.OBSERVER)
        services.invitation_create(
            platform=world.a.platform,
            email=f"guest{n}@example.org",
            role=Role.BROKER,
            invited_by=world.a.admin.user,
        )
    assert count_queries(client, list_url(world.a)) == few
    with django_assert_max_num_queries(20):
        client.get(list_url(world.a))


# --- Change a role ----------------------------------------------------------------------


def test_admin_changes_a_role(login, world):
    client = login(world.a.admin)
    response = client.post(
        role_url(world.a, world.a.observer), {"role": Role.SECRETARIAT}, follow=True
    )
    assert response.redirect_chain[-1][0] == list_url(world.a)
    assert "is now Secretariat" in response.content.decode()
    assert roles_on(world.a.platform)["observer@alpha.example"] == Role.SECRETARIAT


def test_role_change_is_audited_with_the_admin_as_actor(login, world):
    login(world.a.admin).post(role_url(world.a, world.a.observer), {"role": Role.BROKER})
    with unscoped():
        event = AuditEvent.objects.filter(
            table_name="platforms_membership", object_id=world.a.observer.pk, action="update"
        ).get()
    assert event.actor_id == world.a.admin.user.pk
    assert event.platform_id == world.a.platform.pk
    assert event.via == "web"
    assert event.changes["role"] == [Role.OBSERVER, Role.BROKER]


@pytest.mark.parametrize("bad", ["", "superuser", "PLATFORM_ADMIN"])
def test_unknown_role_writes_nothing(login, world, bad):
    before = roles_on(world.a.platform)
    response = login(world.a.admin).post(
        role_url(world.a, world.a.observer), {"role": bad}, follow=True
    )
    assert response.status_code == 200
    assert "Choose one of the platform&#x27;s roles." in response.content.decode()
    assert roles_on(world.a.platform) == before


def test_the_last_admin_cannot_be_demoted(login, world):
    before = roles_on(world.a.platform)
    with unscoped():
        audit_before = AuditEvent.objects.count()
    response = login(world.a.admin).post(
        role_url(world.a, world.a.admin), {"role": Role.BROKER}, follow=True
    )
    assert "is the last platform admin and must stay one" in response.content.decode()
    assert roles_on(world.a.platform) == before
    with unscoped():
        assert AuditEvent.objects.count() == audit_before


def test_an_admin_can_step_down_when_another_admin_exists(login, world):
    client = login(world.a.admin)
    client.post(role_url(world.a, world.a.broker), {"role": Role.PLATFORM_ADMIN})
    response = client.post(role_url(world.a, world.a.admin), {"role": Role.OBSERVER})
    # They can no longer see the members page, so they go to the platform's home.
    assert response.url == reverse("home", args=["alpha"])
    roles = roles_on(world.a.platform)
    assert roles["admin@alpha.example"] == Role.OBSERVER
    assert roles["broker@alpha.example"] == Role.PLATFORM_ADMIN


# --- Remove -----------------------------------------------------------------------------


def test_remove_asks_for_confirmation_then_removes(login, world):
    client = login(world.a.admin)
    page = client.get(remove_url(world.a, world.a.partner))
    assert page.status_code == 200
    assert "Remove Partner ALPHA?" in page.content.decode()
    assert "partner@alpha.example" in roles_on(world.a.platform)

    response = client.post(remove_url(world.a, world.a.partner), follow=True)
    assert response.redirect_chain[-1][0] == list_url(world.a)
    assert "is no longer a member" in response.content.decode()
    assert "partner@alpha.example" not in roles_on(world.a.platform)
    with unscoped():
        event = AuditEvent.objects.get(
            table_name="platforms_membership", object_id=world.a.partner.pk, action="delete"
        )
    assert event.actor_id == world.a.admin.user.pk


def test_removed_member_loses_access(login, world):
    services.membership_remove(
        platform=world.a.platform, membership=world.a.broker, actor=world.a.admin.user
    )
    assert login(world.a.broker).get(reverse("home", args=["alpha"])).status_code == 404


def test_the_last_admin_cannot_be_removed(login, world):
    before = roles_on(world.a.platform)
    response = login(world.a.admin).post(remove_url(world.a, world.a.admin), follow=True)
    assert "is the last platform admin and cannot be removed" in response.content.decode()
    assert roles_on(world.a.platform) == before


def test_an_admin_who_removes_themselves_goes_to_the_index(login, world):
    services.membership_change_role(
        platform=world.a.platform,
        membership=world.a.broker,
        role=Role.PLATFORM_ADMIN,
        actor=world.a.admin.user,
    )
    response = login(world.a.admin).post(remove_url(world.a, world.a.admin))
    assert response.url == reverse("index")
    assert "admin@alpha.example" not in roles_on(world.a.platform)


def test_remove_page_query_count(login, world, django_assert_max_num_queries):
    client = login(world.a.admin)
    client.get(remove_url(world.a, world.a.partner))  # one-off costs of a new client
    with django_assert_max_num_queries(16):
        assert client.get(remove_url(world.a, world.a.partner)).status_code == 200


def test_unknown_member_is_404(login, world):
    client = login(world.a.admin)
    missing = "00000000-0000-0000-0000-000000000000"
    assert (
        client.post(
            reverse("member_change_role", args=["alpha", missing]), {"role": Role.BROKER}
        ).status_code
        == 404
    )
    assert client.post(reverse("member_remove", args=["alpha", missing])).status_code == 404
