"""Inviting people to a platform (admins) and accepting an invitation (anyone with the link)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.views.decorators.http import require_POST

from platforms import selectors, services
from platforms.forms import InvitationAccountForm, InvitationForm, form_add_service_errors
from platforms.permissions import require

# A link that was never valid is a bad request; one that was valid and is no more is Gone.
LINK_ERROR_STATUS = {"invalid": 400, "expired": 410, "accepted": 410, "revoked": 410}


@require("manage_members")
def invitation_create(request, platform_slug):
    platform = request.platform
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                platform=platform,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except ValidationError as error:
            form_add_service_errors(form, error)
        else:
            until = date_format(localtime(invitation.expires_at), "j M Y H:i")
            messages.success(
                request, f"Invitation sent to {invitation.email}. The link works until {until}."
            )
            return redirect("member_list", platform_slug=platform.slug)
    status = 400 if form.is_bound else 200
    return render(request, "platforms/invitation_form.html", {"form": form}, status=status)


@require_POST
@require("manage_members")
def invitation_revoke(request, platform_slug, public_id):
    platform = request.platform
    invitation = selectors.invitation_get(platform=platform, public_id=public_id)
    try:
        services.invitation_revoke(platform=platform, invitation=invitation, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"The invitation to {invitation.email} is revoked; its link no longer works."
        )
    return redirect("member_list", platform_slug=platform.slug)


def invitation_accept(request, token):
    """Show an invitation and accept it: as the logged-in user, or with a new account."""
    try:
        invitation = selectors.invitation_from_token(token=token)
    except selectors.InvitationLinkError as error:
        return _unusable(request, error)

    user = request.user
    context = {"invitation": invitation, "invited_platform": invitation.platform}
    if user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            context["state"] = "other_user"
            status = 403 if request.method == "POST" else 200
            return render(request, "platforms/invitation_accept.html", context, status=status)
        context["state"] = "accept"
        if request.method == "POST":
            return _accept(
                request, lambda: services.invitation_accept(invitation=invitation, user=user)
            )
        return render(request, "platforms/invitation_accept.html", context)

    if selectors.user_by_email(email=invitation.email) is not None:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        context["state"] = "login"
        return render(request, "platforms/invitation_accept.html", context)

    context["state"] = "signup"
    form = InvitationAccountForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        response = _accept(
            request,
            lambda: services.invitation_accept_new_account(
                invitation=invitation,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password"],
            ),
            form=form,
        )
        if response is not None:
            return response
    context["form"] = form
    status = 400 if form.is_bound else 200
    return render(request, "platforms/invitation_accept.html", context, status=status)


def _accept(request, accept, form=None):
    """Run the accepting service; log the user in and go to the platform, or say why not.

    Returns None when the form should be shown again with the service's errors on it.
    """
    try:
        membership = accept()
    except selectors.InvitationLinkError as error:
        return _unusable(request, error)
    except ValidationError as error:
        if form is not None:
            form_add_service_errors(form, error)
            return None
        messages.error(request, " ".join(error.messages))
        return redirect(request.path)
    login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(
        request,
        f"Welcome to {membership.platform.name}. You joined as {membership.get_role_display()}.",
    )
    return redirect("home", platform_slug=membership.platform.slug)


def _unusable(request, error):
    return render(
        request,
        "platforms/invitation_unusable.html",
        {"reason": error.reason, "invitation": error.invitation},
        status=LINK_ERROR_STATUS[error.reason],
    )
