"""The Django admin: a window across every platform, so it is for superusers only.

Platform admins manage their own platform in the application, where the business rules
hold (the last admin stays, invitations expire). Here a superuser can create platforms,
give a first membership and look at invitations; the rest is read-only.
"""

from functools import update_wrapper

from django.contrib import admin

from platforms.models import Invitation, Membership, Platform
from platforms.tenancy import unscoped


class BridgeworkAdminSite(admin.AdminSite):
    site_header = "Bridgework administration"
    site_title = "Bridgework admin"

    def has_permission(self, request) -> bool:
        # Django lets any staff user in; platform data of every tenant is visible here,
        # so only superusers may use it.
        return request.user.is_active and request.user.is_superuser

    def admin_view(self, view, cacheable=False):
        def across_platforms(request, *args, **kwargs):
            # Reached only after has_permission passed. The admin lists rows of every
            # platform, so row-level security is opted out for the superuser's request.
            # Lazy responses are rendered inside, where their querysets can see rows.
            with unscoped(user_id=request.user.pk, via="admin"):
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                    response.render()
                return response

        update_wrapper(across_platforms, view)
        return super().admin_view(across_platforms, cacheable)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "country", "time_zone", "publishes_register", "created_at")
    search_fields = ("name", "slug", "country")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Adding a membership bootstraps a platform's first admin; changes happen in the app."""

    list_display = ("user", "platform", "role", "created_at")
    list_filter = ("role", "platform")
    list_select_related = ("user", "platform")
    search_fields = ("user__email", "platform__name")
    raw_id_fields = ("user",)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("email", "platform", "role", "status", "expires_at", "accepted_at")
    list_filter = ("role", "platform")
    list_select_related = ("platform",)
    search_fields = ("email",)
