from django.apps import AppConfig


class PlatformsConfig(AppConfig):
    name = "platforms"
    verbose_name = "Platforms (tenancy)"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from platforms.rls import install_row_level_security

        # Row-level security and audit triggers are (re)installed after every migrate,
        # for every table that carries a platform_id, so later apps get them for free.
        post_migrate.connect(install_row_level_security, sender=self)
