"""Models in the Django admin (the site itself, superusers only: platforms.admin_site).

Platform admins manage their own platform in the application, where the business rules
hold (the last admin stays, invitations expire). Here a superuser can create platforms,
give a first membership and look at invitations; the rest is read-only.
"""

from django.contrib import admin

from platforms.models import Invitation, Membership, Platform


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
