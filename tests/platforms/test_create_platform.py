import pytest
from django.core.management import CommandError, call_command

from platforms.models import AuditEvent, Membership, Platform, Role
from platforms.tenancy import unscoped

pytestmark = pytest.mark.django_db


def counts():
    with unscoped():
        return Platform.objects.count(), Membership.objects.count(), AuditEvent.objects.count()


def test_creates_the_platform_with_its_first_admin(world):
    call_command(
        "create_platform",
        "--name",
        "SDG Office",
        "--slug",
        "sdg",
        "--admin-email",
        "outsider@example.org",
    )
    with unscoped():
        membership = Membership.objects.get(platform__slug="sdg")
        assert membership.user == world.outsider
        assert membership.role == Role.PLATFORM_ADMIN
        assert AuditEvent.objects.filter(
            platform=membership.platform, table_name="platforms_membership"
        ).exists()


@pytest.mark.parametrize(
    ("slug", "email", "message"),
    [
        ("alpha", "outsider@example.org", "already taken"),
        ("not a slug!", "outsider@example.org", "slug"),
        ("fresh", "nobody@example.org", "No user has the email"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(world, slug, email, message):
    before = counts()
    with pytest.raises(CommandError, match=message):
        call_command("create_platform", "--name", "X", "--slug", slug, "--admin-email", email)
    assert counts() == before


def test_duplicate_slug_in_the_admin_is_refused_with_a_message(world, client):
    from tests.factories import UserFactory

    superuser = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    client.force_login(superuser)
    before = counts()
    response = client.post(
        "/admin/platforms/platform/add/",
        {
            "name": "Copy",
            "slug": "alpha",
            "time_zone": "UTC",
            "reporting_cadence": "quarterly",
            "primary_colour": "#1f5f8b",
            "languages": "[]",
        },
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert counts() == before
