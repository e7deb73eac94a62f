from django.apps import AppConfig


class StakeholdersConfig(AppConfig):
    name = "stakeholders"
    verbose_name = "Stakeholders"

    def ready(self) -> None:
        # Registers this app's platform hooks (platforms.hooks) and job handlers.
        from stakeholders import services  # noqa: F401
