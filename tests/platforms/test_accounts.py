"""Accounts: log in by email, log out, change and reset a password; and the Django admin,
which is for superusers only."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from platforms.models import AuditEvent, Membership, Role
from platforms.tenancy import unscoped
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory, PlatformFactory, UserFactory

pytestmark = pytest.mark.django_db  # every request opens a transaction (TenantMiddleware)

User = get_user_model()
NEW_PASSWORD = "a fresh and rather long passphrase"


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


# --- Log in and out ---------------------------------------------------------------------


def test_login_page_asks_for_email_and_links_to_reset(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<label for="id_username">Email', html)
    assert 'type="email"' in html
    assert reverse("password_reset") in html


def test_login_by_email_goes_to_index_then_to_the_only_platform(client, world):
    response = client.post(
        reverse("login"), {"username": "broker@alpha.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("index")
    assert logged_in_user_id(client) == str(world.a.broker.user.pk)
    assert client.get(response.url).url == reverse("home", args=["alpha"])


def test_login_keeps_next(client, world):
    target = reverse("member_list", args=["alpha"])
    response = client.post(
        reverse("login") + f"?next={target}",
        {"username": "admin@alpha.example", "password": PASSWORD, "next": target},
    )
    assert response.url == target


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "broker@alpha.example", "password": "wrong password"},
        {"username": "nobody@alpha.example", "password": PASSWORD},
        {"username": "", "password": ""},
    ],
)
def test_login_with_bad_credentials_says_so(client, world, credentials):
    response = client.post(reverse("login"), credentials)
    assert response.status_code == 200
    assert logged_in_user_id(client) is None
    assert "form-errors" in response.content.decode() or "error" in response.content.decode()


def test_logged_in_user_visiting_login_is_sent_on(login, world):
    client = login(world.a.broker)
    assert client.get(reverse("login")).status_code == 302


def test_logout_needs_post_and_says_so(login, world):
    client = login(world.a.broker)
    assert client.get(reverse("logout")).status_code == 405
    assert logged_in_user_id(client) is not None

    response = client.post(reverse("logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert logged_in_user_id(client) is None
    assert "You are logged out." in response.content.decode()


# --- Change password --------------------------------------------------------------------


def test_password_change_needs_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_password_change(login, world):
    client = login(world.a.broker)
    assert client.get(reverse("password_change")).status_code == 200
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.url == reverse("password_change_done")
    assert client.get(response.url).status_code == 200
    user = User.objects.get(pk=world.a.broker.user.pk)
    assert user.check_password(NEW_PASSWORD)
    assert logged_in_user_id(client) == str(user.pk)  # still logged in


@pytest.mark.parametrize(
    ("old", "new1", "new2"),
    [
        ("wrong", NEW_PASSWORD, NEW_PASSWORD),
        (PASSWORD, "12345678", "12345678"),
        (PASSWORD, "short", "short"),
        (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x"),
    ],
)
def test_password_change_refuses_bad_input(login, world, old, new1, new2):
    client = login(world.a.broker)
    response = client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new1, "new_password2": new2},
    )
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert User.objects.get(pk=world.a.broker.user.pk).check_password(PASSWORD)


# --- Reset password ---------------------------------------------------------------------


def test_password_reset_by_email_end_to_end(client, world):
    assert client.get(reverse("password_reset")).status_code == 200
    response = client.post(reverse("password_reset"), {"email": "Broker@Alpha.example"})
    assert response.url == reverse("password_reset_done")
    assert client.get(response.url).status_code == 200

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["broker@alpha.example"]
    assert message.subject == "Reset your Bridgework password"
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", message.body).group(1)

    page = client.get(link, follow=True)
    assert page.status_code == 200
    set_password_url = page.redirect_chain[-1][0]
    response = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.url == reverse("password_reset_complete")
    assert User.objects.get(pk=world.a.broker.user.pk).check_password(NEW_PASSWORD)

    # The link works once.
    again = client.get(link, follow=True)
    assert "This link does not work" in again.content.decode()


def test_password_reset_for_unknown_address_sends_nothing_and_tells_nothing(client, world):
    response = client.post(reverse("password_reset"), {"email": "stranger@example.org"})
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_password_reset_with_a_tampered_link(client, world):
    response = client.get(
        reverse("password_reset_confirm", args=["MQ", "not-a-token"]), follow=True
    )
    assert response.status_code == 200
    assert "This link does not work" in response.content.decode()


# --- The Django admin -------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(
        username="root@example.org", email="root@example.org", password=PASSWORD
    )


def test_admin_is_for_superusers(login, world, superuser):
    client = login(superuser)
    assert client.get(reverse("admin:index")).status_code == 200
    # Row-level security is opted out for superusers here, so they see every platform.
    response = client.get(reverse("admin:platforms_membership_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "admin@alpha.example" in html and "admin@beta.example" in html


def test_admin_invitations_are_read_only(login, world, superuser):
    client = login(superuser)
    assert client.get(reverse("admin:platforms_invitation_changelist")).status_code == 200
    assert client.get(reverse("admin:platforms_invitation_add")).status_code == 403


@pytest.mark.parametrize("who", ["staff", "platform_admin"])
def test_admin_refuses_everyone_else(login, world, who):
    if who == "staff":
        user = UserFactory(email="staff@example.org", is_staff=True)
    else:
        user = world.a.admin.user
    client = login(user)
    for url in (reverse("admin:index"), reverse("admin:platforms_membership_changelist")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_staff_cannot_log_in_to_the_admin(client, db):
    UserFactory(email="staff@example.org", is_staff=True)
    response = client.post(
        reverse("admin:login") + "?next=/admin/",
        {"username": "staff@example.org", "password": PASSWORD, "next": "/admin/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0].startswith(reverse("admin:login"))
    assert "not authorized" in response.content.decode()


def test_index_offers_a_choice_to_a_member_of_several_platforms(login, world):
    other = PlatformFactory(name="Gamma", slug="gamma")
    MembershipFactory(platform=other, user=world.a.broker.user, role=Role.OBSERVER)
    response = login(world.a.broker).get(reverse("index"))
    assert response.status_code == 200


def test_superuser_gives_a_platform_its_first_admin_in_the_admin(login, world, superuser):
    newcomer = UserFactory(email="first.admin@example.org")
    platform = PlatformFactory(name="Delta", slug="delta")
    response = login(superuser).post(
        reverse("admin:platforms_membership_add"),
        {"platform": platform.pk, "user": newcomer.pk, "role": Role.PLATFORM_ADMIN},
    )
    assert response.status_code == 302
    with unscoped():
        membership = Membership.objects.get(platform=platform, user=newcomer)
        event = AuditEvent.objects.get(table_name="platforms_membership", object_id=membership.pk)
    assert membership.role == Role.PLATFORM_ADMIN
    assert event.actor_id == superuser.pk and event.via == "admin"
