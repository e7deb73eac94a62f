from django.apps import AppConfig


class StakeholdersConfig(AppConfig):
    name = "stakeholders"
    verbose_name = "Stakeholders"

    def ready(self) -> None:
        # Registers this app's platform hooks (platforms.hooks) and job handlers, and its
        # demo data for `manage.py seed_demo`.
        from stakeholders import demo, services  # noqa: F401

        self._register_home_cards()

    @staticmethod
    def _register_home_cards() -> None:
        # The platforms app must not import stakeholders, so the home page's cards are
        # added from here. ready() can run twice (tests, autoreload): add each once.
        from platforms.views import home
        from stakeholders.views.home import own_organisation_card, registry_card
        from stakeholders.views.interactions import follow_ups_card

        cards = [
            home.Card("stakeholders/home/registry.html", registry_card, "view_organisations"),
            home.Card("stakeholders/home/follow_ups.html", follow_ups_card, "view_organisations"),
            home.Card(
                "stakeholders/home/own_organisation.html",
                own_organisation_card,
                "represent_organisation",
            ),
        ]
        for card in cards:
            if all(existing.template != card.template for existing in home.CARDS):
                home.CARDS.append(card)
