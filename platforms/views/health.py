from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse


def healthz(request):
    """For load balancers and docker compose: the database and Redis answer."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        checks["database"] = "unavailable"
    try:
        cache.set("healthz", "1", 5)
        checks["redis"] = "ok" if cache.get("healthz") == "1" else "unavailable"
    except Exception:  # noqa: BLE001
        checks["redis"] = "unavailable"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )
