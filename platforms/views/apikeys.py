"""A member's own API keys on the current platform: list, create, revoke.

Every member manages only their own keys; another member's key is answered with 404,
like a key that does not exist.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from platforms import selectors, services
from platforms.forms import ApiKeyForm, form_add_service_errors
from platforms.permissions import require


@require("manage_own_api_keys")
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
            form_add_service_errors(form, error, field_names=form.service_fields)
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
@require("manage_own_api_keys")
def api_key_revoke(request, platform_slug, public_id):
    key = selectors.api_key_get(membership=request.membership, public_id=public_id)
    services.api_key_revoke(api_key=key, actor=request.user)
    messages.success(
        request, f"The key “{key.name}” ({key.prefix}) is revoked: requests with it now get 401."
    )
    return redirect("api_key_list", platform_slug=request.platform.slug)
