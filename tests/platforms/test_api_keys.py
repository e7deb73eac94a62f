"""The API keys page and the key services: each member manages only their own keys,
the raw key is shown once and never stored, and bad input writes nothing."""

import re
from datetime import UTC, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from platforms import selectors, services
from platforms.models import ApiKey, AuditEvent, Role
from platforms.services.apikeys import API_KEY_PREFIX_ALPHABET
from platforms.tenancy import unscoped

RAW_KEY = re.compile(r"bw_[a-z0-9]{8}_[A-Za-z0-9-]{43}")


def make_key(membership, *, name="Script", scopes=("read",), expires_at=None):
    return services.api_key_create(
        membership=membership, name=name, scopes=list(scopes), expires_at=expires_at
    )


def key_count() -> int:
    with unscoped():
        return ApiKey.objects.count()


def list_url(side) -> str:
    return reverse("api_key_list", args=[side.platform.slug])


def revoke_url(side, key) -> str:
    return reverse("api_key_revoke", args=[side.platform.slug, key.public_id])


# --- The service ------------------------------------------------------------------------


def test_create_returns_a_raw_key_and_stores_only_its_hash(world):
    key, raw = make_key(world.a.broker, name="  Reports  ", scopes=["read", "write", "read"])

    assert RAW_KEY.fullmatch(raw)
    _, prefix, _secret = raw.split("_")
    assert prefix == key.prefix and len(prefix) == 8
    assert set(prefix) <= set(API_KEY_PREFIX_ALPHABET)
    with unscoped():
        stored = ApiKey.objects.get(pk=key.pk)
    assert stored.key_hash == selectors.hash_secret(raw)
    assert raw not in str(stored.__dict__)
    assert stored.name == "Reports"
    assert stored.scopes == ["read", "write"]
    assert stored.platform_id == world.a.platform.pk
    assert stored.membership_id == world.a.broker.pk
    assert selectors.api_key_resolve(raw_key=raw) == stored


def test_keys_are_distinct(world):
    raws = {make_key(world.a.broker)[1] for _ in range(5)}
    assert len(raws) == 5
    assert len({raw.split("_")[1] for raw in raws}) == 5


def test_the_audit_trail_records_the_key_but_not_its_hash(world):
    key, _ = make_key(world.a.broker)
    with unscoped():
        event = AuditEvent.objects.get(table_name="platforms_apikey", object_id=key.pk)
    assert event.action == "create"
    assert event.changes["name"] == "Script"
    assert "key_hash" not in event.changes


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"scopes": []}, "scopes"),
        ({"scopes": ["admin"]}, "scopes"),
        ({"expires_at": "past"}, "expires_at"),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(world, fields, field):
    arguments = {"name": "Script", "scopes": ["read"], "expires_at": None, **fields}
    if arguments["expires_at"] == "past":
        arguments["expires_at"] = timezone.now() - timedelta(seconds=1)
    with pytest.raises(ValidationError) as error:
        services.api_key_create(membership=world.a.broker, **arguments)
    assert field in error.value.message_dict
    assert key_count() == 0


def test_revoke_keeps_the_first_revocation_time(world):
    key, _ = make_key(world.a.broker)
    services.api_key_revoke(api_key=key, actor=world.a.broker.user)
    first = key.revoked_at
    assert first is not None and key.status == "revoked"
    services.api_key_revoke(api_key=key, actor=world.a.broker.user)
    assert key.revoked_at == first


def test_selectors_only_see_the_members_own_keys(world):
    own, _ = make_key(world.a.broker)
    colleagues, _ = make_key(world.a.partner)
    with unscoped():
        assert list(selectors.api_key_list(membership=world.a.broker)) == [own]
        assert selectors.api_key_get(membership=world.a.broker, public_id=own.public_id) == own
        for public_id in (colleagues.public_id, "00000000-0000-0000-0000-000000000000"):
            with pytest.raises(Exception) as error:
                selectors.api_key_get(membership=world.a.broker, public_id=public_id)
            assert error.typename == "Http404"


# --- The page -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", Role.values)
def test_every_member_sees_only_their_own_keys(world, login, role):
    member = world.a.member(role)
    make_key(member, name="Mine")
    other = world.a.admin if role != Role.PLATFORM_ADMIN else world.a.broker
    make_key(other, name="Someone else's")

    response = login(member).get(list_url(world.a))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Mine" in page
    assert "Someone else" not in page


def test_empty_state_says_what_to_do(world, login):
    response = login(world.a.observer).get(list_url(world.a))
    assert b"You have no API keys" in response.content
    assert b'href="#new-key-form"' in response.content


def test_member_of_another_platform_gets_404(world, login):
    assert login(world.b.admin).get(list_url(world.a)).status_code == 404


def test_outsider_gets_404_and_anonymous_is_sent_to_log_in(world, client, login):
    response = client.get(list_url(world.a))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert login(world.outsider).get(list_url(world.a)).status_code == 404


def test_list_shows_details_in_the_platform_time_zone(world, login):
    key, _ = make_key(world.a.broker, name="Nightly", scopes=["read", "write"])
    used = datetime(2030, 1, 2, 20, 0, tzinfo=UTC)  # 01:30 on 3 Jan in Colombo
    with unscoped():
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=used, expires_at=used)

    page = login(world.a.broker).get(list_url(world.a)).content.decode()

    assert key.prefix in page
    assert "read, write" in page
    assert page.count("3 Jan 2030 01:30") == 2
    assert 'class="badge badge-active"' in page


def test_create_shows_the_raw_key_once(world, login):
    client = login(world.a.partner)

    response = client.post(list_url(world.a), {"name": "Reports", "scopes": ["read"]})

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    raws = set(RAW_KEY.findall(response.content.decode()))
    assert len(raws) == 1
    raw = raws.pop()
    assert b"will not be shown again" in response.content
    with unscoped():
        key = ApiKey.objects.get()
    assert key.membership_id == world.a.partner.pk
    assert key.key_hash == selectors.hash_secret(raw)
    assert raw not in str(key.__dict__)

    again = client.get(list_url(world.a)).content.decode()
    assert key.prefix in again
    assert raw not in again
    assert not RAW_KEY.search(again)
    assert raw not in str(dict(client.session))


def test_created_key_works_on_the_api(world, login):
    response = login(world.a.partner).post(
        list_url(world.a), {"name": "Reports", "scopes": ["read", "write"]}
    )
    raw = RAW_KEY.search(response.content.decode()).group()

    api = login(world.a.partner).get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert api.status_code == 200
    assert api.json()["role"] == Role.PARTNER_REPRESENTATIVE


def test_expiry_date_means_the_end_of_that_day_in_platform_time(world, login):
    day = timezone.localdate(timezone=world.a.platform.tzinfo) + timedelta(days=30)

    login(world.a.broker).post(
        list_url(world.a), {"name": "Temp", "scopes": ["read"], "expires_on": day.isoformat()}
    )

    with unscoped():
        key = ApiKey.objects.get()
    expected = datetime.combine(day, time.max, tzinfo=world.a.platform.tzinfo)
    assert key.expires_at == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "scopes": ["read"]}, "Give the key a name."),
        ({"name": "   ", "scopes": ["read"]}, "Give the key a name."),
        ({"name": "Reports"}, "Choose at least one scope"),
        ({"name": "Reports", "scopes": ["admin"]}, "Select a valid choice"),
        ({"name": "Reports", "scopes": ["read"], "expires_on": "2001-01-01"}, "in the future"),
        ({"name": "Reports", "scopes": ["read"], "expires_on": "soon"}, "YYYY-MM-DD"),
        ({"name": "Reports", "scopes": ["read"], "expires_on": "9999-12-31"}, "earlier date"),
        ({"name": "x" * 101, "scopes": ["read"]}, "at most 100 characters"),
    ],
)
def test_bad_input_gets_a_clear_message_and_writes_nothing(world, login, data, message):
    response = login(world.a.broker).post(list_url(world.a), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RAW_KEY.search(response.content.decode())
    assert key_count() == 0


def test_yesterday_in_platform_time_is_in_the_past(world, login):
    yesterday = timezone.localdate(timezone=world.a.platform.tzinfo) - timedelta(days=1)
    data = {"name": "Reports", "scopes": ["read"], "expires_on": yesterday.isoformat()}
    response = login(world.a.broker).post(list_url(world.a), data)
    assert b"The expiry must be in the future." in response.content
    assert key_count() == 0


def test_list_query_count_does_not_grow_with_keys(world, login, django_assert_num_queries):
    client = login(world.a.broker)
    make_key(world.a.broker)
    client.get(list_url(world.a))  # warm the session and anything cached per process
    with CaptureQueriesContext(connection) as few:
        client.get(list_url(world.a))
    assert len(few) <= 20
    for n in range(15):
        make_key(world.a.broker, name=f"Key {n}")
        make_key(world.a.admin, name=f"Admin key {n}")
    with django_assert_num_queries(len(few)):
        response = client.get(list_url(world.a))
    assert response.content.decode().count("badge-active") == 16


# --- Revoking -------------------------------------------------------------------------------


def test_revoke_stops_the_key(world, login):
    key, raw = make_key(world.a.broker)
    client = login(world.a.broker)

    response = client.post(revoke_url(world.a, key), follow=True)

    assert response.redirect_chain[-1][0] == list_url(world.a)
    assert "is revoked" in response.content.decode()
    assert 'class="badge badge-revoked"' in response.content.decode()
    with unscoped():
        key.refresh_from_db()
    assert key.revoked_at is not None
    api = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.status_code == 401
    assert api.json()["error"]["message"] == "This API key is revoked."


def test_revoke_needs_post(world, login):
    key, _ = make_key(world.a.broker)
    assert login(world.a.broker).get(revoke_url(world.a, key)).status_code == 405
    with unscoped():
        key.refresh_from_db()
    assert key.revoked_at is None


def test_cannot_revoke_a_colleagues_key(world, login):
    key, _ = make_key(world.a.broker)
    response = login(world.a.admin).post(revoke_url(world.a, key))
    assert response.status_code == 404
    with unscoped():
        key.refresh_from_db()
    assert key.revoked_at is None


def test_cannot_revoke_another_platforms_key_through_ones_own_platform(world, login):
    key, _ = make_key(world.a.broker)
    # A user on both platforms still cannot reach platform A's key through B's address.
    services.membership_add(platform=world.b.platform, user=world.a.broker.user, role=Role.BROKER)

    response = login(world.a.broker).post(revoke_url(world.b, key))

    assert response.status_code == 404
    assert login(world.b.admin).post(revoke_url(world.b, key)).status_code == 404
    assert login(world.b.admin).post(revoke_url(world.a, key)).status_code == 404
    with unscoped():
        key.refresh_from_db()
    assert key.revoked_at is None


def test_unknown_key_is_404(world, login):
    response = login(world.a.broker).post(
        reverse("api_key_revoke", args=["alpha", "00000000-0000-0000-0000-000000000000"])
    )
    assert response.status_code == 404


def test_revoke_query_count_does_not_grow_with_keys(world, login, django_assert_num_queries):
    client = login(world.a.broker)
    first, _ = make_key(world.a.broker)
    client.get(list_url(world.a))
    with CaptureQueriesContext(connection) as few:
        client.post(revoke_url(world.a, first))
    assert len(few) <= 20
    for n in range(10):
        make_key(world.a.broker, name=f"Key {n}")
    key, _ = make_key(world.a.broker)
    with django_assert_num_queries(len(few)):
        client.post(revoke_url(world.a, key))


def test_today_is_a_valid_expiry_date(world, login):
    today = timezone.localdate(timezone=world.a.platform.tzinfo)
    data = {"name": "Today only", "scopes": ["read"], "expires_on": today.isoformat()}
    response = login(world.a.broker).post(list_url(world.a), data)
    assert RAW_KEY.search(response.content.decode())
    with unscoped():
        assert ApiKey.objects.get().status == "active"
