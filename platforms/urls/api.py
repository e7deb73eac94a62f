from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from platforms.api import views

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
    path("docs/redoc/", SpectacularRedocView.as_view(url_name="api_schema"), name="api_redoc"),
    path("me", views.MeRetrieveApi.as_view(), name="api_me"),
    path("platform", views.PlatformRetrieveApi.as_view(), name="api_platform"),
]
