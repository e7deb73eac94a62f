"""The stakeholders pages, under /p/<platform_slug>/ (TenantMiddleware resolves the platform)."""

from django.urls import include, path

urlpatterns = [
    path("", include("stakeholders.urls.organisations")),
    path("", include("stakeholders.urls.screening")),
    path("", include("stakeholders.urls.maps")),
    path("", include("stakeholders.urls.interactions")),
    path("", include("stakeholders.urls.imports")),
]
