from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with our site: superusers only, across platforms."""

    default = False  # PlatformsConfig stays this module's config for "platforms"
    default_site = "platforms.admin_site.BridgeworkAdminSite"


class PlatformsConfig(AppConfig):
    name = "platforms"
    verbose_name = "Platforms (tenancy)"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from platforms.rls import install_row_level_security

        # Row-level security and audit triggers are (re)installed after every migrate,
        # for every table that carries a platform_id, so later apps get them for free.
        post_migrate.connect(install_row_level_security, sender=self)
