"""The members page of a platform: list, change role, remove. Platform admins only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from platforms import selectors, services
from platforms.forms import InvitationForm, MemberRoleForm
from platforms.models import Role
from platforms.permissions import can, require


@require("manage_members")
def member_list(request, platform_slug):
    platform = request.platform
    members = list(selectors.member_list(platform=platform))
    context = {
        "members": members,
        "invitations": list(selectors.invitation_list(platform=platform)),
        # Counted from the list already fetched: one query fewer, same answer.
        "admin_count": sum(1 for m in members if m.role == Role.PLATFORM_ADMIN),
        "roles": Role.choices,
        "invite_form": InvitationForm(),
    }
    return render(request, "platforms/members.html", context)


@require_POST
@require("manage_members")
def member_change_role(request, platform_slug, public_id):
    platform = request.platform
    membership = selectors.member_get(platform=platform, public_id=public_id)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the platform's roles.")
        return redirect("member_list", platform_slug=platform.slug)
    try:
        services.membership_change_role(
            platform=platform,
            membership=membership,
            role=form.cleaned_data["role"],
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("member_list", platform_slug=platform.slug)
    messages.success(request, f"{membership.user.email} is now {membership.get_role_display()}.")
    return _after_change(request, membership)


@require("manage_members")
def member_remove(request, platform_slug, public_id):
    """GET asks for confirmation; POST removes."""
    platform = request.platform
    membership = selectors.member_get(platform=platform, public_id=public_id)
    if request.method != "POST":
        return render(request, "platforms/member_remove.html", {"member": membership})
    try:
        services.membership_remove(platform=platform, membership=membership, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("member_list", platform_slug=platform.slug)
    messages.success(request, f"{membership.user.email} is no longer a member of {platform.name}.")
    if membership.pk == request.membership.pk:
        return redirect("index")  # removed themselves: this platform is closed to them now
    return redirect("member_list", platform_slug=platform.slug)


def _after_change(request, membership):
    # An admin who gave up their own admin role can no longer see the members page.
    if membership.pk == request.membership.pk and not can(membership, "manage_members"):
        return redirect("home", platform_slug=request.platform.slug)
    return redirect("member_list", platform_slug=request.platform.slug)
