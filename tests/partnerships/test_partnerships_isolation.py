"""Every page of partnerships themselves, asked with another platform's partnership,
answers 404 and writes nothing: B's partnership under A's address, and A's pages under
B's address (where A's members are no members)."""

import pytest
from django.urls import reverse

from partnerships.models import Partnership
from platforms.tenancy import unscoped
from tests.factories import PartnershipFactory

ONE = ["partnership_detail", "partnership_edit", "partnership_brokers"]
PLATFORM_PAGES = ["partnership_list", "partnership_create", "commitments_due"]


@pytest.fixture
def b_partnership(world):
    return PartnershipFactory(platform=world.b.platform, title="Beta's")


@pytest.mark.parametrize("name", ONE)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_platforms_partnership_is_not_found(login, world, b_partnership, name, method):
    client = login(world.a.admin)
    for slug in (world.a.platform.slug, world.b.platform.slug):
        address = reverse(name, args=[slug, b_partnership.public_id])
        response = getattr(client, method)(
            address,
            {
                "title": "Taken",
                "type": "leverage",
                "level": "local",
                "assign": "1",
                "membership": str(world.a.broker.pk),
            },
        )
        assert response.status_code == 404, (slug, name)
    with unscoped():
        assert Partnership.objects.get(pk=b_partnership.pk).title == "Beta's"


@pytest.mark.parametrize("name", PLATFORM_PAGES)
def test_another_platforms_pages_are_not_found(login, world, name):
    response = login(world.a.admin).get(reverse(name, args=[world.b.platform.slug]))
    assert response.status_code == 404


@pytest.mark.parametrize("name", ONE + PLATFORM_PAGES)
def test_an_outsider_is_refused(login, world, b_partnership, name):
    args = [world.b.platform.slug] + ([b_partnership.public_id] if name in ONE else [])
    response = login(world.outsider).get(reverse(name, args=args))
    assert response.status_code == 404


def test_a_missing_partnership_is_not_found(login, world):
    import uuid

    response = login(world.a.admin).get(
        reverse("partnership_detail", args=[world.a.platform.slug, uuid.uuid4()])
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {"assign": "1", "membership": "abc"},
        {"assign": "1"},
        {"unassign": "abc"},
        {"unassign": ""},
        {},
    ],
)
def test_odd_broker_posts_never_fail(login, world, data):
    partnership = PartnershipFactory(platform=world.a.platform)
    response = login(world.a.admin).post(
        reverse("partnership_brokers", args=[world.a.platform.slug, partnership.public_id]), data
    )
    assert response.status_code in (200, 302)
