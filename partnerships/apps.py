from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = "Partnerships"

    def ready(self) -> None:
        # Registers this app's platform hooks (platforms.hooks) and job handlers.
        from partnerships import services  # noqa: F401
