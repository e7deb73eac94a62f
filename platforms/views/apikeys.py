"""A member's own API keys on the current platform: list, create, revoke.

Every member manages only their own keys; another member's key is answered with 404,
like a key that does not exist.
"""

from datetime import date, datetime, time

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from platforms import selectors, services
from platforms.models import ApiScope


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text="So you can tell your keys apart, for example “Monthly report script”.",
        error_messages={"required": "Give the key a name."},
    )
    scopes = forms.MultipleChoiceField(
        choices=ApiScope.choices,
        initial=[ApiScope.READ],
        widget=forms.CheckboxSelectMultiple,
        help_text="Read lets the key fetch data; write also lets it change data.",
        error_messages={"required": "Choose at least one scope: read, write or both."},
    )
    expires_on = forms.DateField(
        required=False,
        label="Expires on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Optional. The key stops working at the end of this day, platform time.",
        error_messages={"invalid": "Enter the date as YYYY-MM-DD."},
    )

    def clean_expires_on(self) -> date | None:
        day = self.cleaned_data.get("expires_on")
        if day is not None and day.year > 9998:
            # In UTC, the end of that day may fall past the last date Python can represent.
            raise ValidationError("Choose an earlier date.")
        return day

    def expires_at(self, tzinfo) -> datetime | None:
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return datetime.combine(day, time.max, tzinfo=tzinfo)


@require_http_methods(["GET", "POST"])
def api_key_list(request, platform_slug):
    form = ApiKeyForm(request.POST or None)
    created = raw_key = None
    if request.method == "POST" and form.is_valid():
        try:
            created, raw_key = services.api_key_create(
                membership=request.membership,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=form.expires_at(request.platform.tzinfo),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            form = ApiKeyForm()
    context = {
        "form": form,
        "keys": selectors.api_key_list(membership=request.membership),
        "created": created,
        # Shown in this response only: the database keeps nothing it could be read back from.
        "raw_key": raw_key,
        "api_base": request.build_absolute_uri("/api/v1/"),
    }
    response = render(request, "platforms/api_keys.html", context)
    if raw_key:
        response["Cache-Control"] = "no-store"
    return response


@require_POST
def api_key_revoke(request, platform_slug, public_id):
    key = selectors.api_key_get(membership=request.membership, public_id=public_id)
    services.api_key_revoke(api_key=key, actor=request.user)
    messages.success(
        request, f"The key “{key.name}” ({key.prefix}) is revoked: requests with it now get 401."
    )
    return redirect("api_key_list", platform_slug=request.platform.slug)


def _add_service_errors(form: ApiKeyForm, error: ValidationError) -> None:
    field_names = {"expires_at": "expires_on"}
    for field, field_errors in error.message_dict.items():
        name = field_names.get(field, field)
        form.add_error(name if name in form.fields else None, field_errors)
