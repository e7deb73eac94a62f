"""The partnerships pages, under /p/<platform_slug>/ (TenantMiddleware resolves the platform)."""

from django.urls import include, path

AREAS = (
    "core",
    "journey",
    "partners",
    "workplan",
    "registers",
    "governance",
    "health",
    "agreements",
)

urlpatterns = [path("", include(f"partnerships.urls.{area}")) for area in AREAS]
