from django.contrib import admin
from django.urls import include, path

from partnerships.views import verify
from platforms.views import home

urlpatterns = [
    path("", home.index, name="index"),
    path("admin/", admin.site.urls),
    path("accounts/", include("platforms.urls.accounts")),
    path("p/<slug:platform_slug>/", include("platforms.urls.platform")),
    path("p/<slug:platform_slug>/", include("stakeholders.urls")),
    path("p/<slug:platform_slug>/", include("partnerships.urls")),
    # Public, outside /p/<slug>/: anyone may check an agreement's PDF or fingerprint.
    path("verify/", verify.verify, name="verify"),
    path("verify/<str:fingerprint>/", verify.verify, name="verify_fingerprint"),
    path("api/v1/", include("platforms.urls.api")),
    path("api/v1/", include("stakeholders.api.urls")),
    path("api/v1/", include("partnerships.api.urls")),
]

handler400 = "platforms.views.errors.bad_request"
handler404 = "platforms.views.errors.not_found"
handler403 = "platforms.views.errors.forbidden"
handler500 = "platforms.views.errors.server_error"
