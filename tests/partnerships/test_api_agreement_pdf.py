"""GET /api/v1/agreements/{id}/versions/{n}/pdf: a party's representative (or a staff
key) fetches the rendered PDF, recorded in the audit trail; not ready is 409; an
agreement the key cannot see is 404."""

import hashlib

import pytest

from platforms.models import AuditEvent
from platforms.tenancy import unscoped
from tests.factories import MembershipFactory
from tests.partnerships.agreement_pdf_helpers import fresh, give_access, make_agreement, render
from tests.platforms.test_api import assert_error, bearer, make_key

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def made(world):
    made = make_agreement(world.a)
    give_access(world.a, made)
    return made


def url(made, number=1) -> str:
    return f"/api/v1/agreements/{made.agreement.public_id}/versions/{number}/pdf"


def get(client, membership, made, number=1):
    return client.get(url(made, number), **bearer(make_key(membership)[1]))


def downloads() -> list[AuditEvent]:
    with unscoped():
        return list(AuditEvent.objects.filter(action="download"))


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_representative_gets_the_ready_pdf_and_it_is_audited(world, client, made):
    render(world.a, made)
    response = get(client, world.a.partner, made)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = body(response)
    assert data.startswith(b"%PDF-")
    assert hashlib.sha256(data).hexdigest() == fresh(made.version).fingerprint
    [event] = downloads()
    assert event.via == "api" and event.actor_id == world.a.partner.user_id
    assert event.object_id == made.version.pk and event.platform_id == world.a.platform.pk


def test_a_staff_key_gets_it_too(world, client, made):
    render(world.a, made)
    assert get(client, world.a.secretariat, made).status_code == 200
    assert get(client, world.a.admin, made).status_code == 200
    assert len(downloads()) == 2


def test_not_ready_is_409_and_nothing_is_recorded(world, client, made):
    error = assert_error(get(client, world.a.partner, made), 409)
    assert error["message"] == "The PDF is not ready yet: ask for it on the agreement page."
    assert downloads() == []


def test_another_platform_is_404(world, client, made):
    render(world.a, made)
    assert_error(get(client, world.b.admin, made), 404)
    assert downloads() == []


def test_a_representative_of_another_organisation_is_404(world, client, made):
    render(world.a, made)
    stranger = MembershipFactory(platform=world.a.platform, role="partner_representative")
    assert_error(get(client, stranger, made), 404)
    assert downloads() == []


def test_an_observer_may_see_but_not_download(world, client, made):
    render(world.a, made)
    assert_error(get(client, world.a.observer, made), 403)
    assert downloads() == []


def test_an_unknown_version_is_404(world, client, made):
    render(world.a, made)
    assert_error(get(client, world.a.partner, made, number=9), 404)
