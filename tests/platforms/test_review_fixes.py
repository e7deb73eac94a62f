"""Bad input found in review: each is refused cleanly, never with a 500."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from platforms import services
from platforms.models import Invitation, Membership, Role
from platforms.tenancy import unscoped

pytestmark = pytest.mark.django_db


def make_key(membership, scopes=("read",)):
    with unscoped():
        _, raw = services.api_key_create(membership=membership, name="Script", scopes=list(scopes))
    return raw


@pytest.mark.parametrize("raw", ["bw_ab\x00cdefg_" + "x" * 43, "bw_abc_def", "bw__", "x" * 300])
def test_malformed_keys_get_401_in_the_error_format(world, client, raw):
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_a_deactivated_users_key_stops_working(world, client):
    raw = make_key(world.a.broker)
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    world.a.broker.user.is_active = False
    world.a.broker.user.save()
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401
    assert "deactivated" in response.json()["error"]["message"]


def test_health_check_answers_whatever_the_host_header(client):
    response = client.get("/healthz", HTTP_HOST="unlisted.example")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_a_disallowed_host_on_the_api_gets_400_in_the_error_format(world):
    client = Client(HTTP_HOST="unlisted.example")
    response = client.get("/api/v1/me")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


def test_revoking_an_invitation_accepted_meanwhile_is_refused(world):
    invitation = services.invitation_create(
        platform=world.a.platform,
        email="late@example.org",
        role=Role.BROKER,
        invited_by=world.a.admin.user,
    )
    with unscoped():
        # The admin's page was loaded before the invited person accepted.
        seen_by_admin = Invitation.objects.get(pk=invitation.pk)
    services.invitation_accept_new_account(
        invitation=invitation,
        first_name="Late",
        last_name="Comer",
        password="a long pass phrase 42",
    )
    with pytest.raises(ValidationError, match="already accepted"):
        services.invitation_revoke(
            platform=world.a.platform, invitation=seen_by_admin, actor=world.a.admin.user
        )
    with unscoped():
        assert Invitation.objects.get(pk=invitation.pk).revoked_at is None
        assert Membership.objects.filter(user__email="late@example.org").exists()
