"""One error format for every API error:

    {"error": {"status": 400, "code": "invalid", "message": "...", "details": {...}}}

DRF's own errors (401, 403, 404, 405, 429, malformed JSON, invalid fields) pass through
``exception_handler``; the ones Django answers before or after DRF (an unknown /api/ path,
an unhandled exception) go through ``api_not_found`` and ``api_server_error``, which the
project's handler404/handler500 call for paths under /api/.
"""

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, JsonResponse
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.views import exception_handler as drf_exception_handler


def error_body(status_code: int, code: str, message: str, details=None) -> dict:
    return {
        "error": {"status": status_code, "code": code, "message": message, "details": details or {}}
    }


def _roll_back() -> None:
    # TenantMiddleware runs the request in one transaction that is still open when the
    # error response is made; an error must leave nothing written. (DRF's own rollback
    # only acts with ATOMIC_REQUESTS, which the middleware replaces.)
    if connection.in_atomic_block:
        connection.set_rollback(True)


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: DRF re-raises it and handler500 answers
    _roll_back()
    if isinstance(exc, exceptions.ValidationError):
        body = error_body(
            response.status_code, "invalid", "The request has invalid fields.", response.data
        )
    else:
        data = response.data
        detail = data.get("detail", "") if isinstance(data, dict) else data
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        body = error_body(response.status_code, str(code), str(detail))
    response.data = body
    return response


def json_error(status_code: int, code: str, message: str) -> JsonResponse:
    """For errors raised outside DRF views (404 for an unknown /api/ path, 500)."""
    return JsonResponse(error_body(status_code, code, message), status=status_code)


def api_not_found(request, exception=None):
    return json_error(status.HTTP_404_NOT_FOUND, "not_found", "Not found.")


def api_server_error(request):
    _roll_back()
    return json_error(
        status.HTTP_500_INTERNAL_SERVER_ERROR, "server_error", "Something went wrong on our side."
    )


# --- The format, described for the OpenAPI schema ----------------------------------------


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status, repeated for convenience.")
    code = serializers.CharField(
        help_text="Stable and machine-readable: not_authenticated, authentication_failed, "
        "permission_denied, not_found, method_not_allowed, parse_error, invalid, throttled, "
        "server_error."
    )
    message = serializers.CharField(help_text="For people; may change wording.")
    details = serializers.DictField(help_text="Per-field messages for `invalid`, otherwise empty.")


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


def error_response(status_code: int, description: str, code: str, message: str) -> OpenApiResponse:
    """An error response for ``extend_schema(responses=...)``, with an example."""
    return OpenApiResponse(
        ErrorSerializer,
        description=description,
        examples=[
            OpenApiExample(code, value=error_body(status_code, code, message), response_only=True)
        ],
    )


# The errors any authenticated endpoint can answer.
COMMON_ERRORS = {
    401: error_response(
        401,
        "The API key is missing, unknown, expired or revoked.",
        "authentication_failed",
        "This API key is revoked.",
    ),
    403: error_response(
        403,
        "The key lacks the scope, or its member's role does not allow this.",
        "permission_denied",
        "This API key does not have the write scope.",
    ),
    429: error_response(
        429,
        "Too many requests with this key; wait for the seconds in the Retry-After header.",
        "throttled",
        "Request was throttled. Expected available in 42 seconds.",
    ),
}

__all__ = [
    "COMMON_ERRORS",
    "ErrorSerializer",
    "api_not_found",
    "api_server_error",
    "error_body",
    "error_response",
    "exception_handler",
    "json_error",
]
