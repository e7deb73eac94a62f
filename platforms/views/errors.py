from django.shortcuts import render

from platforms.api.errors import api_not_found, api_server_error, json_error


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception=None):
    if _is_api(request):
        return json_error(400, "bad_request", "The request could not be understood.")
    return render(request, "errors/400.html", status=400)


def not_found(request, exception=None):
    if _is_api(request):
        return api_not_found(request)
    return render(request, "errors/404.html", status=404)


def forbidden(request, exception=None):
    if _is_api(request):
        return json_error(403, "permission_denied", "You do not have permission to do this.")
    return render(request, "errors/403.html", {"reason": str(exception or "")}, status=403)


def server_error(request):
    if _is_api(request):
        return api_server_error(request)
    return render(request, "errors/500.html", status=500)
