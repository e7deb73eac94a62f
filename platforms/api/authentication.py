from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication


class ApiKeyAuthentication(BaseAuthentication):
    """Uses the key that TenantMiddleware already resolved (it needs the platform first)."""

    def authenticate(self, request):
        django_request = request._request
        key = getattr(django_request, "api_key", None)
        if key is not None:
            return (key.membership.user, key)
        if getattr(django_request, "api_key_error", None) and request.headers.get("Authorization"):
            raise exceptions.AuthenticationFailed(django_request.api_key_error)
        return None

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "platforms.api.authentication.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "An API key from the API keys page of your platform (`/p/<slug>/api-keys/`), "
                "sent as `Authorization: Bearer bw_<prefix>_<secret>`."
            ),
        }
