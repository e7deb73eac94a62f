"""Invitations: an admin invites an email address with a role, a background job mails the
signed link, and the link creates or links the account. Used, expired, revoked and
tampered links each say so and write nothing."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from platforms import services
from platforms.jobs import job_execute
from platforms.models import Invitation, Job, JobStatus, Membership, Role
from platforms.tenancy import unscoped
from tests.conftest import PASSWORD
from tests.factories import UserFactory

User = get_user_model()
NEW_PASSWORD = "a fresh and rather long passphrase"
NON_ADMIN_ROLES = [Role.BROKER, Role.SECRETARIAT, Role.PARTNER_REPRESENTATIVE, Role.OBSERVER]


def invite(side, email="new.person@example.org", role=Role.BROKER) -> Invitation:
    return services.invitation_create(
        platform=side.platform, email=email, role=role, invited_by=side.admin.user
    )


def accept_path(invitation) -> str:
    return services.invitation_url(invitation).removeprefix(settings.SITE_URL.rstrip("/"))


def create_url(side) -> str:
    return reverse("invitation_create", args=[side.platform.slug])


def revoke_url(side, invitation) -> str:
    return reverse("invitation_revoke", args=[side.platform.slug, invitation.public_id])


def snapshot():
    """Everything an invitation flow may write, to show that a refusal wrote nothing."""
    with unscoped():
        return (
            list(Invitation.objects.order_by("pk").values()),
            list(Membership.objects.order_by("pk").values_list("platform_id", "user_id", "role")),
            Job.objects.count(),
            User.objects.count(),
        )


def invitation(pk) -> Invitation:
    with unscoped():
        return Invitation.objects.get(pk=pk)


def membership_of(user, side):
    with unscoped():
        return Membership.objects.filter(platform=side.platform, user=user).first()


def set_expiry(inv, delta):
    with unscoped():
        Invitation.objects.filter(pk=inv.pk).update(expires_at=timezone.now() + delta)


def send_invitation_email(inv) -> None:
    """Run the queued job the way the worker does (the queue itself is tested with h3's
    worker tests)."""
    with unscoped():
        job = Job.objects.get(kind="invitation_email", payload__invitation=str(inv.public_id))
    job_execute(job_id=job.pk, platform_id=job.platform_id)


# --- Creating and revoking: who may -----------------------------------------------------


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, world):
    inv = invite(world.a)
    before = snapshot()
    for method, url in (
        ("get", create_url(world.a)),
        ("post", create_url(world.a)),
        ("post", revoke_url(world.a, inv)),
    ):
        response = getattr(client, method)(url, {"email": "x@example.org", "role": Role.BROKER})
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert snapshot() == before


def test_admin_of_the_other_platform_gets_404(login, world):
    inv = invite(world.a)
    before = snapshot()
    client = login(world.b.admin)
    assert client.get(create_url(world.a)).status_code == 404
    data = {"email": "x@example.org", "role": Role.BROKER}
    assert client.post(create_url(world.a), data).status_code == 404
    assert client.post(revoke_url(world.a, inv)).status_code == 404
    # ...and through their own platform's address, A's invitation is not found either.
    assert client.post(revoke_url(world.b, inv)).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_other_roles_get_403(login, world, role):
    inv = invite(world.a)
    before = snapshot()
    client = login(world.a.member(role))
    assert client.get(create_url(world.a)).status_code == 403
    data = {"email": "x@example.org", "role": Role.BROKER}
    assert client.post(create_url(world.a), data).status_code == 403
    assert client.post(revoke_url(world.a, inv)).status_code == 403
    assert snapshot() == before


# --- Creating ---------------------------------------------------------------------------


def test_admin_invites_and_a_job_is_queued(login, world):
    client = login(world.a.admin)
    assert client.get(create_url(world.a)).status_code == 200
    response = client.post(
        create_url(world.a),
        {"email": " New.Person@Example.org ", "role": Role.OBSERVER},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("member_list", args=["alpha"])
    assert "Invitation sent to new.person@example.org" in response.content.decode()

    with unscoped():
        inv = Invitation.objects.get()
        job = Job.objects.get(kind="invitation_email")
    assert inv.platform_id == world.a.platform.pk
    assert inv.email == "new.person@example.org"
    assert inv.role == Role.OBSERVER
    assert inv.invited_by_id == world.a.admin.user.pk
    expected = timezone.now() + settings.INVITATION_TTL
    assert abs(inv.expires_at - expected) < timedelta(minutes=1)
    assert job.platform_id == world.a.platform.pk
    assert job.payload == {"invitation": str(inv.public_id)}
    assert job.requested_by_id == world.a.admin.user.pk
    assert job.status == JobStatus.QUEUED


def test_the_job_is_signalled_after_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invite(world.a)
    assert len(callbacks) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not-an-address", "role": Role.BROKER}, "Enter a valid email address"),
        ({"email": "", "role": Role.BROKER}, "This field is required"),
        ({"email": "x@example.org", "role": "overlord"}, "Select a valid choice"),
        (
            {"email": "Broker@Alpha.example", "role": Role.BROKER},
            "is already a member of Platform A",
        ),
        ({"email": "pending@example.org", "role": Role.OBSERVER}, "already pending"),
    ],
)
def test_bad_invitations_write_nothing(login, world, data, message):
    invite(world.a, email="pending@example.org")
    before = snapshot()
    response = login(world.a.admin).post(create_url(world.a), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot() == before


def test_the_service_refuses_an_invalid_address_too(world):
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        invite(world.a, email="two@@example.org")
    assert "valid email address" in str(error.value)
    assert snapshot() == before


def test_an_expired_or_revoked_invitation_does_not_block_a_new_one(login, world):
    old = invite(world.a)
    set_expiry(old, -timedelta(minutes=1))
    invite(world.a)
    with unscoped():
        assert Invitation.objects.filter(email="new.person@example.org").count() == 2


def test_the_same_address_may_be_invited_to_another_platform(world):
    invite(world.a)
    invite(world.b)


def test_create_page_query_count(login, world, django_assert_max_num_queries):
    client = login(world.a.admin)
    client.get(create_url(world.a))
    with django_assert_max_num_queries(16):
        assert client.get(create_url(world.a)).status_code == 200


# --- Revoking ---------------------------------------------------------------------------


def test_admin_revokes_an_invitation(login, world):
    inv = invite(world.a)
    response = login(world.a.admin).post(revoke_url(world.a, inv), follow=True)
    assert "is revoked" in response.content.decode()
    assert invitation(inv.pk).status == "revoked"


def test_revoking_twice_or_after_acceptance_changes_nothing(login, world):
    inv = invite(world.a)
    client = login(world.a.admin)
    client.post(revoke_url(world.a, inv))
    before = snapshot()
    response = client.post(revoke_url(world.a, inv), follow=True)
    assert "is already revoked" in response.content.decode()
    assert snapshot() == before


def test_revoke_needs_post(login, world):
    inv = invite(world.a)
    assert login(world.a.admin).get(revoke_url(world.a, inv)).status_code == 405
    assert invitation(inv.pk).status == "pending"


# --- The email job ----------------------------------------------------------------------


def test_the_job_mails_the_link_and_the_link_works_end_to_end(client, world):
    inv = invite(world.a, role=Role.SECRETARIAT)
    send_invitation_email(inv)

    with unscoped():
        job = Job.objects.get(kind="invitation_email")
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"sent_to": "new.person@example.org"}
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.org"]
    assert message.subject == "You are invited to join Platform A on Bridgework"
    assert "as Secretariat" in message.body
    assert "Admin ALPHA invites you" in message.body
    link = re.search(r"(https?://\S+/accounts/invitations/\S+/)", message.body).group(1)
    assert link.startswith(settings.SITE_URL)

    path = link.removeprefix(settings.SITE_URL.rstrip("/"))
    page = client.get(path)
    assert page.status_code == 200
    assert "Create your account" in page.content.decode()
    response = client.post(
        path,
        {
            "first_name": "Nadia",
            "last_name": "Perera",
            "password": NEW_PASSWORD,
            "password_confirm": NEW_PASSWORD,
        },
    )
    assert response.url == reverse("home", args=["alpha"])
    user = User.objects.get(email="new.person@example.org")
    assert user.username == "new.person@example.org"
    assert user.get_full_name() == "Nadia Perera"
    assert user.check_password(NEW_PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert membership_of(user, world.a).role == Role.SECRETARIAT
    accepted = invitation(inv.pk)
    assert accepted.accepted_by_id == user.pk and accepted.accepted_at is not None
    assert client.get(response.url).status_code == 200


def test_the_job_sends_nothing_for_a_revoked_invitation(world):
    inv = invite(world.a)
    services.invitation_revoke(platform=world.a.platform, invitation=inv, actor=world.a.admin.user)
    send_invitation_email(inv)
    assert mail.outbox == []
    with unscoped():
        job = Job.objects.get(kind="invitation_email")
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"skipped": "revoked"}


def test_the_job_runs_once(world):
    inv = invite(world.a)
    send_invitation_email(inv)
    send_invitation_email(inv)  # a second delivery finds the job done
    assert len(mail.outbox) == 1


# --- Accepting --------------------------------------------------------------------------


@pytest.mark.django_db
def test_new_person_sees_the_platform_role_and_a_form(client, world):
    inv = invite(world.a, role=Role.OBSERVER)
    html = client.get(accept_path(inv)).content.decode()
    assert "Join Platform A" in html
    assert "Observer" in html
    assert "new.person@example.org" in html
    assert 'name="password"' in html and 'for="id_first_name"' in html


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"password": "12345678", "password_confirm": "12345678"}, "too common"),
        ({"password": "short", "password_confirm": "short"}, "too short"),
        ({"password": "new.person1", "password_confirm": "new.person1"}, "too similar"),
        ({"password": NEW_PASSWORD, "password_confirm": "other"}, "The two passwords differ"),
        ({"first_name": ""}, "This field is required"),
    ],
)
def test_a_bad_account_form_writes_nothing(client, world, fields, message):
    inv = invite(world.a)
    before = snapshot()
    data = {"first_name": "Nadia", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}
    response = client.post(accept_path(inv), data | fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot() == before
    assert "_auth_user_id" not in client.session


def test_existing_user_is_asked_to_log_in_then_accepts(client, world):
    other = world.b.broker.user  # has an account (on platform B), is not on A
    inv = invite(world.a, email=other.email.upper(), role=Role.OBSERVER)
    path = accept_path(inv)

    page = client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert f"Log in as {other.email} to accept" in html
    assert f"{reverse('login')}?next=" in html

    before = snapshot()
    response = client.post(path)  # not logged in: nothing is accepted
    assert response.url.startswith(reverse("login"))
    assert snapshot() == before

    login_response = client.post(
        reverse("login"), {"username": other.email, "password": PASSWORD, "next": path}
    )
    assert login_response.url == path
    assert "Accept and join Platform A" in client.get(path).content.decode()
    response = client.post(path, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home", args=["alpha"])
    assert "You joined as Observer" in response.content.decode()
    assert membership_of(other, world.a).role == Role.OBSERVER
    assert membership_of(other, world.b).role == Role.BROKER  # untouched
    assert invitation(inv.pk).accepted_by_id == other.pk


def test_logged_in_as_someone_else_says_so_and_writes_nothing(login, world):
    inv = invite(world.a)
    client = login(world.b.admin)
    page = client.get(accept_path(inv))
    assert page.status_code == 200
    html = page.content.decode()
    assert "You are logged in as admin@beta.example" in html
    assert "this invitation is for new.person@example.org" in html
    assert reverse("logout") in html

    before = snapshot()
    assert client.post(accept_path(inv)).status_code == 403
    assert snapshot() == before


def test_a_member_already_keeps_their_role(login, world):
    inv = invite(world.a, email="someone@example.org", role=Role.OBSERVER)
    user = UserFactory(email="someone@example.org")
    services.membership_add(
        platform=world.a.platform, user=user, role=Role.BROKER, actor=world.a.admin.user
    )
    response = login(user).post(accept_path(inv))
    assert response.url == reverse("home", args=["alpha"])
    assert membership_of(user, world.a).role == Role.BROKER
    assert invitation(inv.pk).status == "accepted"


def test_an_account_made_meanwhile_is_not_taken_over(client, world):
    inv = invite(world.a)
    client.get(accept_path(inv))
    UserFactory(email="new.person@example.org")  # someone registers the address meanwhile
    before = snapshot()
    response = client.post(
        accept_path(inv),
        {"first_name": "Eve", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
    )
    # The page now asks to log in as that account; nothing was accepted.
    assert response.url.startswith(reverse("login"))
    assert snapshot() == before


@pytest.mark.parametrize(
    ("make_unusable", "status", "says"),
    [
        ("expired", 410, "This invitation has expired"),
        ("accepted", 410, "This invitation was already used"),
        ("revoked", 410, "This invitation was withdrawn"),
    ],
)
def test_unusable_links_say_why_and_write_nothing(login, world, make_unusable, status, says):
    inv = invite(world.a, email=world.outsider.email)
    if make_unusable == "expired":
        set_expiry(inv, -timedelta(seconds=1))
    elif make_unusable == "accepted":
        services.invitation_accept(invitation=inv, user=world.outsider)
    else:
        services.invitation_revoke(
            platform=world.a.platform, invitation=inv, actor=world.a.admin.user
        )
    before = snapshot()
    client = login(world.outsider)
    for method in ("get", "post"):
        response = getattr(client, method)(accept_path(inv))
        assert response.status_code == status
        assert says in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        "x" * 300,
        signing.dumps("00000000-0000-0000-0000-000000000000", salt="invitation"),  # no such row
        signing.dumps("not-a-uuid", salt="invitation"),
    ],
)
@pytest.mark.django_db
def test_tampered_or_unknown_tokens_are_400(client, world, token):
    before = snapshot()
    response = client.post(reverse("invitation_accept", args=[token]))
    assert response.status_code == 400
    assert "This invitation link is not valid" in response.content.decode()
    assert snapshot() == before


def test_a_token_with_a_changed_character_is_refused(client, world):
    inv = invite(world.a)
    path = accept_path(inv)
    token = path.rstrip("/").rsplit("/", 1)[1]
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(reverse("invitation_accept", args=[tampered])).status_code == 400
    # A token signed with another salt (say, a password reset) is not an invitation.
    other_salt = signing.dumps(str(inv.public_id), salt="something-else")
    assert client.get(reverse("invitation_accept", args=[other_salt])).status_code == 400


def test_accept_page_query_count(client, world, django_assert_max_num_queries):
    inv = invite(world.a)
    client.get(accept_path(inv))
    with django_assert_max_num_queries(10):
        assert client.get(accept_path(inv)).status_code == 200


def test_accepting_twice_with_the_same_link_fails_the_second_time(client, world):
    inv = invite(world.a)
    data = {"first_name": "Nadia", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}
    assert client.post(accept_path(inv), data).status_code == 302
    before = snapshot()
    response = client.post(accept_path(inv), data)
    assert response.status_code == 410
    assert snapshot() == before
