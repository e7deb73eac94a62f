"""The platform's settings page, for platform admins, and its logo."""

from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from platforms.forms import PlatformSettingsForm, form_add_service_errors
from platforms.permissions import require
from platforms.services import platform_update
from platforms.services.platforms import LOGO_CONTENT_TYPES


def _initial(platform) -> dict:
    return {
        "name": platform.name,
        "country": platform.country,
        "time_zone": platform.time_zone,
        "languages": platform.languages,
        "reporting_cadence": platform.reporting_cadence,
        "primary_colour": platform.primary_colour,
        "publishes_register": platform.publishes_register,
    }


@require("manage_platform")
@require_http_methods(["GET", "POST"])
def platform_settings(request, platform_slug):
    platform = request.platform
    has_logo = bool(platform.logo)
    if request.method == "POST":
        form = PlatformSettingsForm(request.POST, request.FILES, has_logo=has_logo)
        if form.is_valid():
            try:
                platform_update(platform=platform, actor=request.user, **form.changes())
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(request, "The platform's settings were saved.")
                return redirect("platform_settings", platform_slug=platform.slug)
    else:
        form = PlatformSettingsForm(initial=_initial(platform), has_logo=has_logo)
    status = 400 if form.errors else 200
    return render(request, "platforms/settings.html", {"form": form}, status=status)


@require("view_platform")
def platform_logo(request, platform_slug):
    """The logo, for members only (the middleware checked membership)."""
    logo = request.platform.logo
    if not logo:
        raise Http404("This platform has no logo.")
    try:
        handle = logo.open("rb")
    except FileNotFoundError:
        raise Http404("This platform has no logo.") from None
    # platform_update stored it under its real format's extension. Anything else (a file
    # from before that rule) is served as bytes the browser will not render, not as
    # whatever its name claims.
    extension = PurePath(logo.name).suffix.lstrip(".").lower()
    content_type = LOGO_CONTENT_TYPES.get(extension, "application/octet-stream")
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response
