"""Resolves the tenant of each request and runs the request inside its transaction.

* ``/p/<slug>/...``: the platform comes from the path; the user must be a member, or the
  answer is 404 (the same as for a platform that does not exist).
* ``/api/v1/...``: the platform comes from the API key in the Authorization header.
  A missing or bad key is left for DRF's authentication to refuse with 401.

The rest of the request runs in one transaction with ``app.platform_id`` set, so
row-level security holds even for a query that forgets to filter.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from platforms import selectors
from platforms.models import ApiKey
from platforms.tenancy import tenant

PLATFORM_PATH = re.compile(r"^/p/(?P<slug>[-a-zA-Z0-9_]+)/")
API_PATH = "/api/v1/"
API_PUBLIC = ("/api/v1/schema", "/api/v1/docs")
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TenantMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.platform = None
        request.membership = None
        request.api_key = None
        request.api_key_error = None

        match = PLATFORM_PATH.match(request.path_info)
        if match:
            return self._platform_request(request, match["slug"])
        if request.path_info.startswith(API_PATH) and not request.path_info.startswith(API_PUBLIC):
            return self._api_request(request)
        with transaction.atomic():
            return self.get_response(request)

    def process_exception(self, request, exception):
        # The view runs inside our transaction, and Django turns its exception into an
        # error page before the transaction ends; without this, what the view wrote before
        # failing would be committed.
        if transaction.get_connection().in_atomic_block:
            transaction.set_rollback(True)

    def _platform_request(self, request, slug):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        platform = selectors.platform_get(slug=slug)
        with transaction.atomic(), tenant(platform.pk, user_id=request.user.pk, via="web"):
            membership = selectors.membership_for(platform=platform, user=request.user)
            if membership is None:
                raise Http404("No such platform.")
            request.platform = platform
            request.membership = membership
            with timezone.override(platform.tzinfo):
                return self.get_response(request)

    def _api_request(self, request):
        raw = _bearer_token(request)
        key = selectors.api_key_resolve(raw_key=raw) if raw else None
        if key is None:
            request.api_key_error = "Invalid API key." if raw else "No API key was given."
        elif key.status != "active":
            request.api_key_error = f"This API key is {key.status}."
            key = None
        elif not key.membership.user.is_active:
            request.api_key_error = "The account this API key belongs to is deactivated."
            key = None
        if key is None:
            with transaction.atomic():
                return self.get_response(request)
        membership = key.membership
        with (
            transaction.atomic(),
            tenant(membership.platform_id, user_id=membership.user_id, via="api"),
        ):
            now = timezone.now()
            if key.last_used_at is None or now - key.last_used_at > LAST_USED_RESOLUTION:
                ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
            request.api_key = key
            request.platform = membership.platform
            request.membership = membership
            with timezone.override(membership.platform.tzinfo):
                return self.get_response(request)


def _bearer_token(request) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() in ("bearer", "api-key") and value.strip():
        return value.strip()
    return ""


class HealthCheckMiddleware:
    """Answers /healthz before host validation and the HTTPS redirect, so a container
    health check can ask over plain HTTP on 127.0.0.1 whatever ALLOWED_HOSTS says."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            from platforms.views.health import healthz

            return healthz(request)
        return self.get_response(request)
