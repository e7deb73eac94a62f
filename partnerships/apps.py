from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    name = "partnerships"
    verbose_name = "Partnerships"

    def ready(self) -> None:
        # Registers this app's platform hooks (platforms.hooks) and job handlers, and its
        # demo data for `manage.py seed_demo`.
        from partnerships import demo, services  # noqa: F401

        self._register_home_cards()

    @staticmethod
    def _register_home_cards() -> None:
        # As stakeholders.apps: the platforms app must not import partnerships, so the
        # home page's cards are added from here, each once (ready() can run twice).
        # The platform-wide cards count every partnership, so they take the capability
        # of the roles that see every partnership (partnerships.selectors.access).
        from partnerships.views import home as cards
        from platforms.views import home

        new = [
            home.Card(
                "partnerships/home/partnerships.html",
                cards.partnerships_card,
                "view_all_partnerships",
            ),
            home.Card(
                "partnerships/home/overdue_commitments.html",
                cards.overdue_commitments_card,
                "view_all_partnerships",
            ),
            home.Card(
                "partnerships/home/health_alerts.html",
                cards.health_alerts_card,
                "view_all_partnerships",
            ),
            home.Card(
                "partnerships/home/your_partnerships.html",
                cards.your_partnerships_card,
                "represent_organisation",
            ),
        ]
        for card in new:
            if all(existing.template != card.template for existing in home.CARDS):
                home.CARDS.append(card)
