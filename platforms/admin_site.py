"""The admin site: a window across every platform, so it is for superusers only.

It lives apart from platforms.admin because the default site is built lazily while the
apps' admin modules are imported; a module that both defines the site and registers
models on it would register them on an instance that is then thrown away.
"""

from functools import update_wrapper

from django.contrib import admin

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
