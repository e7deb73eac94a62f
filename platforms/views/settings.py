"""The platform's settings page, for platform admins, and its logo."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from platforms.models import LANGUAGES, ReportingCadence
from platforms.models.platform import TIME_ZONES, hex_colour
from platforms.permissions import require
from platforms.services import platform_update
from platforms.services.platforms import LOGO_FORMATS


class PlatformSettingsForm(forms.Form):
    name = forms.CharField(max_length=200)
    country = forms.CharField(max_length=100, required=False)
    time_zone = forms.ChoiceField(
        choices=[(tz, tz) for tz in TIME_ZONES],
        help_text="Dates and deadlines on this platform are shown in this time zone.",
    )
    languages = forms.MultipleChoiceField(
        choices=LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one language."},
    )
    reporting_cadence = forms.ChoiceField(
        choices=ReportingCadence.choices,
        help_text="How often partnerships report on their commitments.",
    )
    primary_colour = forms.CharField(
        max_length=7,
        validators=[hex_colour],
        widget=forms.TextInput(attrs={"type": "color"}),
        help_text="Used for the top bar and main buttons. Text on it is black or white, "
        "whichever reads better.",
    )
    logo = forms.ImageField(
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
        help_text=f"A {', '.join(LOGO_FORMATS.values())} image of at most 1 MB. "
        "Leave empty to keep the current logo.",
    )
    remove_logo = forms.BooleanField(required=False, label="Remove the current logo")
    publishes_register = forms.BooleanField(
        required=False,
        label="Publish a public register",
        help_text="Publish a public register of the partnerships marked public.",
    )

    def __init__(self, *args, has_logo: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_logo:
            del self.fields["remove_logo"]

    def changes(self) -> dict:
        """The cleaned values as platform_update takes them."""
        data = dict(self.cleaned_data)
        remove = data.pop("remove_logo", False)
        if not data.get("logo"):
            del data["logo"]
            if remove:
                data["logo"] = False
        return data

    def add_service_error(self, error: ValidationError) -> None:
        """Show the service's refusal next to the field it names, or above the form."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)


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
                form.add_service_error(error)
            else:
                messages.success(request, "The platform's settings were saved.")
                return redirect("platform_settings", platform_slug=platform.slug)
    else:
        form = PlatformSettingsForm(initial=_initial(platform), has_logo=has_logo)
    status = 400 if form.errors else 200
    return render(request, "platforms/settings.html", {"form": form}, status=status)


def platform_logo(request, platform_slug):
    """The logo, for members only (the middleware checked membership)."""
    logo = request.platform.logo
    if not logo:
        raise Http404("This platform has no logo.")
    try:
        handle = logo.open("rb")
    except FileNotFoundError:
        raise Http404("This platform has no logo.") from None
    response = FileResponse(handle)
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response
