"""Demo data for the partnerships app, loaded by ``manage.py seed_demo`` (platforms.hooks)
after the stakeholders demo, whose registry it draws the partners from.

Each demo platform gets partnerships at different stages of the journey, one of each
type on the spectrum at least, with partners, the vision and purpose, objectives and
activities, resources, commitments in every status (overdue ones too), governance bodies
with seats and decision rules, levers, risks, divergences, lessons, two health-check
rounds on one partnership (one closed with every partner's ratings, one open with some),
and agreements in every state: a draft, one issued and waiting for every signature (the
demo partner login's among them), one partly signed, the executed partnership agreement
that let a partnership into implementation, and an amendment of it.

Everything goes through the services, as a broker would do it: partners are added with
their screening (or a broker's recorded override), which also gives the organisations'
representatives access; the journey is walked one gate at a time, so the stage history
is the real one, and the gate into implementation is passed because the partnership
agreement was executed, each signatory signing with their own account (agreements.py,
signers.py). What no service records is written with the ORM: the signatories' accounts
(as seed_demo makes the other demo users) and the dates, moved into the past afterwards
because the story needs history.

Idempotent like the command: a partnership is looked up by its title and, when it
exists, left alone with everything under it, so a second run writes nothing and leaves
no audit events. Each run asks for the PDFs of the issued and executed agreements, which
the worker renders; that request is idempotent too (agreements.agreement_pdfs_request).
"""

from datetime import date, datetime, time, timedelta

from partnerships.models import Partnership
from platforms.hooks import demo_seeder
from platforms.models import Membership, Platform, Role
from platforms.tenancy import platform_transaction, tenant
from stakeholders.models import Organisation, StakeholderMap

from . import (
    afghanistan,
    agreements_afghanistan,
    agreements_sri_lanka,
    sri_lanka,
    templates,  # noqa: F401 (registers its seeder, before the one below)
)
from .records import AgreementSpec, PartnershipSpec

Agreements = dict[str, tuple[AgreementSpec, ...]]  # by partnership title

DEMOS: dict[str, tuple[tuple[PartnershipSpec, ...], Agreements]] = {
    "un-sri-lanka": (sri_lanka.PARTNERSHIPS, agreements_sri_lanka.AGREEMENTS),
    "ppg": (afghanistan.PARTNERSHIPS, agreements_afghanistan.AGREEMENTS),
}


@demo_seeder
def partnerships_demo_seed(*, platforms: dict[str, Platform]) -> int:
    """Seed each demo platform that exists. Returns the number of records created."""
    return sum(
        _platform_seed(platform=platforms[slug], specs=specs, agreements=agreements)
        for slug, (specs, agreements) in DEMOS.items()
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


def _platform_seed(
    *, platform: Platform, specs: tuple[PartnershipSpec, ...], agreements: Agreements
) -> int:
    from .agreements import agreement_pdfs_request, signers
    from .partnership import partnership_seed
    from .signers import signer_accounts_seed

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
            new = [spec for spec in specs if spec.title not in existing]
            signer_accounts_seed(
                run,
                (s for spec in new for a in agreements.get(spec.title, ()) for s in signers(a)),
            )
            for spec in new:
                partnership_seed(
                    run, spec, _map(platform, spec.map_title), agreements.get(spec.title, ())
                )
            agreement_pdfs_request(run)
    return run.created


def _map(platform: Platform, title: str) -> StakeholderMap | None:
    if not title:
        return None
    return StakeholderMap.objects.filter(platform=platform, title=title).order_by("-as_of").first()
