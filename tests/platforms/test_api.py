"""The REST API: keys authenticate and name the platform, one error format for every
error, throttling per key, pagination, the OpenAPI schema and its locally served docs.

A few tests need endpoints that read a body or crash; they use this module as the URLconf
(``@pytest.mark.urls(__name__)``): the project's URLs plus two test-only views, with the
project's own error handlers.
"""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils import timezone
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from config import urls as project_urls
from platforms import services
from platforms.api.pagination import Pagination
from platforms.api.throttling import ApiKeyRateThrottle
from platforms.models import ApiKey, Role
from platforms.tenancy import unscoped
from tests.factories import MembershipFactory, UserFactory

# --- Test-only endpoints --------------------------------------------------------------------


class EchoApi(APIView):
    """Writes, then reads the body: a malformed body must undo the write."""

    def post(self, request):
        key = request._request.api_key
        ApiKey.objects.filter(platform=request._request.platform, pk=key.pk).update(name="changed")
        return Response({"received": request.data})


class CrashApi(APIView):
    """Writes, then fails unexpectedly: the 500 must undo the write."""

    def get(self, request):
        key = request._request.api_key
        ApiKey.objects.filter(platform=request._request.platform, pk=key.pk).update(name="changed")
        raise RuntimeError("an unexpected bug")


urlpatterns = [
    path("api/v1/test/echo", EchoApi.as_view()),
    path("api/v1/test/crash", CrashApi.as_view()),
    *project_urls.urlpatterns,
]
handler404 = project_urls.handler404
handler500 = project_urls.handler500


# --- Helpers ----------------------------------------------------------------------------------


def make_key(membership, *, scopes=("read",), name="Script"):
    return services.api_key_create(membership=membership, name=name, scopes=list(scopes))


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def assert_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"status", "code", "message", "details"}
    assert error["status"] == status
    assert error["message"]
    if code is not None:
        assert error["code"] == code
    return error


def stored_name(key) -> str:
    with unscoped():
        return ApiKey.objects.get(pk=key.pk).name


# --- What a key sees --------------------------------------------------------------------------


@pytest.mark.parametrize("role", Role.values)
def test_me_is_the_keys_membership(world, client, role):
    member = world.a.member(role)
    _, raw = make_key(member)

    response = client.get("/api/v1/me", **bearer(raw))

    assert response.status_code == 200
    assert response.json() == {
        "id": str(member.public_id),
        "email": member.user.email,
        "name": member.user.get_full_name(),
        "role": role,
        "platform": "alpha",
    }


def test_platform_is_the_keys_platform_and_nothing_else(world, client):
    _, raw_a = make_key(world.a.partner)
    _, raw_b = make_key(world.b.partner)

    a = client.get("/api/v1/platform", **bearer(raw_a)).json()
    b = client.get("/api/v1/platform", **bearer(raw_b)).json()

    assert a["slug"] == "alpha" and a["id"] == str(world.a.platform.public_id)
    assert a["time_zone"] == "Asia/Colombo"
    assert b["slug"] == "beta" and b["id"] == str(world.b.platform.public_id)
    assert "Platform B" not in str(a) and "Platform A" not in str(b)


def test_a_user_on_two_platforms_acts_on_the_keys_platform_only(world, client):
    # The same person is a broker on A and an observer on B; the key is their A key.
    MembershipFactory(platform=world.b.platform, user=world.a.broker.user, role=Role.OBSERVER)
    _, raw = make_key(world.a.broker)

    me = client.get("/api/v1/me", **bearer(raw)).json()
    platform = client.get("/api/v1/platform", **bearer(raw)).json()

    assert (me["platform"], me["role"], platform["slug"]) == ("alpha", Role.BROKER, "alpha")


def test_the_platform_cannot_be_chosen_by_the_request(world, client):
    _, raw = make_key(world.a.broker)
    response = client.get("/api/v1/platform?platform=beta", HTTP_X_PLATFORM="beta", **bearer(raw))
    assert response.json()["slug"] == "alpha"


def test_last_used_is_recorded_at_most_once_a_minute(world, client):
    key, raw = make_key(world.a.broker)
    with unscoped():
        assert ApiKey.objects.get(pk=key.pk).last_used_at is None

    client.get("/api/v1/me", **bearer(raw))
    with unscoped():
        first = ApiKey.objects.get(pk=key.pk).last_used_at
    assert first is not None and timezone.now() - first < timedelta(seconds=10)

    client.get("/api/v1/me", **bearer(raw))
    with unscoped():
        assert ApiKey.objects.get(pk=key.pk).last_used_at == first
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=first - timedelta(minutes=2))

    client.get("/api/v1/me", **bearer(raw))
    with unscoped():
        assert ApiKey.objects.get(pk=key.pk).last_used_at > first


# --- 401: no usable key ---------------------------------------------------------------------


def test_missing_key_is_401(world, client):
    response = client.get("/api/v1/me")
    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize(
    "header",
    [
        "Bearer bw_{prefix}_wrongsecret",
        "Bearer bw_zzzzzzzz_{secret}",
        "Bearer {raw}x",
        "Bearer bw_{prefix}",
        "Bearer bw__{secret}",
        "Bearer xx_{prefix}_{secret}",
        "Bearer {raw}_extra",
        "Bearer not-a-key",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "{raw}",
    ],
)
def test_wrong_or_malformed_key_is_401(world, client, header):
    _, raw = make_key(world.a.broker)
    _, prefix, secret = raw.split("_")

    value = header.format(raw=raw, prefix=prefix, secret=secret)
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=value)

    assert_error(response, 401)
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_expired_key_is_401(world, client):
    key, raw = make_key(world.a.broker)
    with unscoped():
        ApiKey.objects.filter(pk=key.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    error = assert_error(client.get("/api/v1/me", **bearer(raw)), 401, "authentication_failed")
    assert error["message"] == "This API key is expired."


def test_revoked_key_is_401(world, client):
    key, raw = make_key(world.a.broker)
    services.api_key_revoke(api_key=key)

    error = assert_error(client.get("/api/v1/platform", **bearer(raw)), 401)
    assert error["message"] == "This API key is revoked."


def test_key_of_a_removed_member_stops_working(world, client):
    key, raw = make_key(world.a.partner)
    with unscoped():
        world.a.partner.delete()
    assert_error(client.get("/api/v1/me", **bearer(raw)), 401)


def test_a_session_is_not_an_api_credential(world, login):
    # Logged in on the web, but without a key: the API still says 401 (and so is not
    # open to cross-site requests riding on the session cookie).
    assert_error(login(world.a.admin).get("/api/v1/me"), 401)


# --- 403, 404, 405, 400, 500 ------------------------------------------------------------------


def test_a_write_needs_the_write_scope(world, client):
    _, read_only = make_key(world.a.broker, scopes=["read"])
    _, writer = make_key(world.a.broker, scopes=["read", "write"])

    denied = client.post("/api/v1/me", {}, content_type="application/json", **bearer(read_only))
    allowed = client.post("/api/v1/me", {}, content_type="application/json", **bearer(writer))

    error = assert_error(denied, 403, "permission_denied")
    assert "write scope" in error["message"]
    # The write key gets past the scope check; /me simply has no POST.
    assert_error(allowed, 405, "method_not_allowed")


def test_a_write_only_key_can_also_read(world, client):
    _, raw = make_key(world.a.broker, scopes=["write"])
    assert client.get("/api/v1/me", **bearer(raw)).status_code == 200


@pytest.mark.parametrize("with_key", [True, False])
def test_unknown_api_path_is_a_json_404(world, client, with_key):
    assert settings.DEBUG is False
    _, raw = make_key(world.a.broker)
    headers = bearer(raw) if with_key else {}
    for url in ("/api/v1/nothing-here", "/api/v1/me/extra", "/api/v2/me"):
        assert_error(client.get(url, **headers), 404, "not_found")


@pytest.mark.urls(__name__)
def test_malformed_json_is_400_and_writes_nothing(world, client):
    key, raw = make_key(world.a.broker, scopes=["write"])

    response = client.post(
        "/api/v1/test/echo", '{"name": ', content_type="application/json", **bearer(raw)
    )

    error = assert_error(response, 400, "parse_error")
    assert "JSON" in error["message"]
    assert stored_name(key) == "Script"


@pytest.mark.urls(__name__)
def test_well_formed_json_passes(world, client):
    _, raw = make_key(world.a.broker, scopes=["write"])
    response = client.post(
        "/api/v1/test/echo", {"a": 1}, content_type="application/json", **bearer(raw)
    )
    assert response.json() == {"received": {"a": 1}}


@pytest.mark.urls(__name__)
def test_unsupported_media_type_is_415(world, client):
    _, raw = make_key(world.a.broker, scopes=["write"])
    response = client.post("/api/v1/test/echo", "a=1", content_type="text/csv", **bearer(raw))
    assert_error(response, 415, "unsupported_media_type")


@pytest.mark.urls(__name__)
def test_an_unexpected_error_is_a_json_500_and_writes_nothing(world, client):
    client.raise_request_exception = False
    key, raw = make_key(world.a.broker)

    response = client.get("/api/v1/test/crash", **bearer(raw))

    error = assert_error(response, 500, "server_error")
    assert "unexpected bug" not in response.content.decode()  # no internals leak
    assert error["details"] == {}
    assert stored_name(key) == "Script"


# --- 429: throttling per key ------------------------------------------------------------------


@pytest.fixture
def three_per_minute(monkeypatch):
    # DRF reads the rates once, into the class, when it is imported.
    monkeypatch.setattr(ApiKeyRateThrottle, "THROTTLE_RATES", {"api_key": "3/min"})


def test_throttling_is_per_key(world, client, three_per_minute):
    _, first = make_key(world.a.broker)
    _, second = make_key(world.a.broker)
    _, other_platform = make_key(world.b.broker)

    for _ in range(3):
        assert client.get("/api/v1/me", **bearer(first)).status_code == 200
    throttled = client.get("/api/v1/me", **bearer(first))

    error = assert_error(throttled, 429, "throttled")
    assert "throttled" in error["message"]
    assert 0 < int(throttled["Retry-After"]) <= 60
    assert client.get("/api/v1/platform", **bearer(second)).status_code == 200
    assert client.get("/api/v1/platform", **bearer(other_platform)).status_code == 200


def test_the_rate_comes_from_settings():
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] == [
        "platforms.api.throttling.ApiKeyRateThrottle"
    ]
    rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api_key"]
    assert ApiKeyRateThrottle().rate == rate


# --- Pagination -------------------------------------------------------------------------------


def test_list_endpoints_are_paginated_with_a_page_size_parameter():
    assert settings.REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"] == (
        "platforms.api.pagination.Pagination"
    )
    assert settings.REST_FRAMEWORK["PAGE_SIZE"] == 50

    class ItemsApi(APIView):
        authentication_classes: list = []
        permission_classes: list = []
        throttle_classes: list = []

    request = APIRequestFactory().get("/api/v1/items", {"page": 2, "page_size": 3})
    view = ItemsApi()
    request = view.initialize_request(request)
    paginator = Pagination()
    page = paginator.paginate_queryset(list(range(10)), request, view=view)
    body = paginator.get_paginated_response(page).data

    assert page == [3, 4, 5]
    assert body["count"] == 10
    assert body["next"] == "http://testserver/api/v1/items?page=3&page_size=3"
    assert body["previous"] == "http://testserver/api/v1/items?page_size=3"

    capped = view.initialize_request(APIRequestFactory().get("/x", {"page_size": 10_000}))
    assert Pagination().get_page_size(capped) == Pagination.max_page_size == 200


# --- Query budgets ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/v1/me", "/api/v1/platform"])
def test_query_count_is_fixed(world, client, url, django_assert_num_queries):
    _, raw = make_key(world.a.broker)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, **bearer(raw)).status_code == 200
    assert len(few) <= 12

    # Many more keys, members and platforms: the same number of queries.
    for n in range(10):
        make_key(world.a.broker, name=f"Key {n}")
        member = MembershipFactory(
            platform=world.a.platform, user=UserFactory(), role=Role.PARTNER_REPRESENTATIVE
        )
        make_key(member)
    _, other = make_key(world.a.broker)
    with django_assert_num_queries(len(few)):
        assert client.get(url, **bearer(other)).status_code == 200


# --- The schema and its docs ------------------------------------------------------------------


def test_schema_is_public_and_describes_the_endpoints_and_the_key(db, client):
    response = client.get("/api/v1/schema/?format=json")

    assert response.status_code == 200
    schema = response.json()
    assert {"/api/v1/me", "/api/v1/platform"} <= set(schema["paths"])
    scheme = schema["components"]["securitySchemes"]["ApiKey"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    me = schema["paths"]["/api/v1/me"]["get"]
    assert me["security"] == [{"ApiKey": []}]
    assert {"200", "401", "403", "429"} <= set(me["responses"])
    assert me["responses"]["200"]["content"]["application/json"]["examples"]
    error = me["responses"]["401"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/Error"}


def test_schema_is_valid_and_generates_without_warnings(tmp_path):
    # The same check as `manage.py spectacular --validate --fail-on-warn`.
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert "/api/v1/me:" in out.read_text()


@pytest.mark.parametrize("url", ["/api/v1/docs/", "/api/v1/docs/redoc/"])
def test_docs_are_served_locally_without_a_cdn(db, client, url):
    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    assert all(asset.startswith("/static/drf_spectacular_sidecar/") for asset in assets), assets
    assert not re.search(r"https?://", html)
    for asset in assets:
        assert finders.find(asset.removeprefix("/static/")), asset
