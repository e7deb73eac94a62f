"""One error format for every API error:

    {"error": {"status": 400, "code": "invalid", "message": "...", "details": {...}}}
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def error_body(status_code: int, code: str, message: str, details=None) -> dict:
    return {"error": {"status": status_code, "code": code, "message": message, "details": details or {}}}


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        body = error_body(response.status_code, "invalid", "The request has invalid fields.", response.data)
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
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
    return json_error(status.HTTP_500_INTERNAL_SERVER_ERROR, "server_error", "Something went wrong.")


__all__ = ["Response", "api_not_found", "api_server_error", "error_body", "exception_handler"]
