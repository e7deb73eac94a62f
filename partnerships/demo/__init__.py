"""Demo data for the partnerships app, loaded by ``manage.py seed_demo`` (platforms.hooks)
after the stakeholders demo, whose registry it draws the partners from.

Each demo platform gets partnerships at different stages of the journey, one of each
type on the spectrum at least, with partners, the vision and purpose, objectives and
activities, resources, commitments in every status (overdue ones too), governance bodies
with seats and decision rules, levers, risks, divergences, lessons, and two health-check
rounds on one partnership (one closed with every partner's ratings, one open with some).

Everything goes through the services, as a broker would do it: partners are added with
their screening (or a broker's recorded override), which also gives the organisations'
representatives access; the journey is walked one gate at a time, so the stage history
is the real one. Two things no service records are written with the ORM: the move into
implementation (its gate waits for the agreements release) and the dates, moved into the
past afterwards because the story needs history.

Idempotent like the command: a partnership is looked up by its title and, when it
exists, left alone with everything under it, so a second run writes nothing and leaves
no audit events.
"""

from datetime import date, datetime, time, timedelta

from partnerships.models import Partnership
from platforms.hooks import demo_seeder
from platforms.models import Membership, Platform, Role
from platforms.tenancy import platform_transaction, tenant
from stakeholders.models import Organisation, StakeholderMap

from . import afghanistan, sri_lanka, templates  # noqa: F401 (registers its seeder)
from .records import PartnershipSpec

DEMOS: dict[str, tuple[PartnershipSpec, ...]] = {
    "un-sri-lanka": sri_lanka.PARTNERSHIPS,
    "ppg": afghanistan.PARTNERSHIPS,
}


@demo_seeder
def partnerships_demo_seed(*, platforms: dict[str, Platform]) -> int:
    """Seed each demo platform that exists. Returns the number of records created."""
    return sum(
        _platform_seed(platform=platforms[slug], specs=specs)
        for slug, specs in DEMOS.items()
        if slug in platforms
    )


class Seeding:
    """One platform's seeding run: its dates, its broker, what it has created."""

    def __init__(self, platform: Platform, broker, organisations: dict[str, Organisation]):
        self.platform = platform
        self.broker = broker
        self.organisations = organisations
        self.zone = platform.tzinfo
        self.today = platform.today()
        self.created = 0

    def day(self, days_from_today: int) -> date:
        return self.today + timedelta(days=days_from_today)

    def at(self, day: date, hour: int) -> datetime:
        return datetime.combine(day, time(hour), tzinfo=self.zone)


def _platform_seed(*, platform: Platform, specs: tuple[PartnershipSpec, ...]) -> int:
    from .partnership import partnership_seed

    with platform_transaction(platform.pk, via="seed"):
        broker = (
            Membership.objects.filter(platform=platform, role=Role.BROKER)
            .select_related("user")
            .order_by("created_at")
            .first()
        )
        user = broker.user if broker else None
        # The audit trail names the platform's broker as the actor, and "seed" as the way.
        with tenant(platform.pk, user_id=user.pk if user else None, via="seed"):
            names = {p.organisation for spec in specs for p in spec.partners}
            run = Seeding(
                platform,
                user,
                {o.name: o for o in Organisation.objects.filter(platform=platform, name__in=names)},
            )
            if len(run.organisations) < len(names):
                return 0  # the registry is not there (the stakeholders demo did not run)
            existing = set(
                Partnership.objects.filter(
                    platform=platform, title__in=[spec.title for spec in specs]
                ).values_list("title", flat=True)
            )
            for spec in specs:
                if spec.title not in existing:
                    partnership_seed(run, spec, _map(platform, spec.map_title))
    return run.created


def _map(platform: Platform, title: str) -> StakeholderMap | None:
    if not title:
        return None
    return StakeholderMap.objects.filter(platform=platform, title=title).order_by("-as_of").first()
