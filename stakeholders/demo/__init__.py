"""Demo data for the stakeholders app, loaded by ``manage.py seed_demo`` (platforms.hooks).

Each platform gets its registry, its screening criteria, screenings in every state, a
stakeholder map and an engagement log (the data lives in the modules beside this one).
Like the command, the seeder is idempotent: every record is looked up by its natural key
(an organisation by name, a contact by email, a map by title and date, an interaction by
organisation, kind and subject) and created only when missing, and nothing that exists
is ever updated, so a second run writes nothing and leaves no audit events.

Screenings go through the screening service (open, then decide), so the demo obeys the
rules a broker does; then their dates are moved into the past, because the story needs
history and one clearance that has lapsed, which no service would record. Maps and their
positions go through the map services too (a later snapshot is a copy of the earlier,
then updated). The other records are written with the ORM after model validation
(organisations after the registry's own rules too). The audit trail names the platform's
broker and says "via seed" for all of it, what the screening and map services write
included: their transactions nest in the seeder's scope, and a nested scope that names
no channel keeps the one around it.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from platforms.hooks import demo_seeder
from platforms.models import Membership, Platform, Role
from platforms.tenancy import platform_transaction, tenant
from stakeholders.models import (
    CLEARANCES,
    Contact,
    FindingRating,
    Interaction,
    Organisation,
    Representative,
    Screening,
    ScreeningDecision,
)
from stakeholders.services.organisations import organisation_validate, themes_clean
from stakeholders.services.screening import (
    FindingInput,
    screening_criteria_seed,
    screening_open,
    screening_update,
)

from . import afghanistan, sri_lanka
from .maps import maps_seed
from .records import InteractionSpec, Org, PlatformDemo, ScreeningSpec

DEMOS: dict[str, PlatformDemo] = {"un-sri-lanka": sri_lanka.DEMO, "ppg": afghanistan.DEMO}


@demo_seeder
def stakeholders_demo_seed(*, platforms: dict[str, Platform]) -> int:
    """Seed each demo platform that exists. Returns the number of records created."""
    return sum(
        _platform_seed(platform=platforms[slug], demo=demo)
        for slug, demo in DEMOS.items()
        if slug in platforms
    )


class _Seeding:
    """One platform's seeding run: its dates, its broker, and what it has created."""

    def __init__(self, platform: Platform, broker) -> None:
        self.platform = platform
        self.broker = broker
        self.zone = platform.tzinfo
        self.today = platform.today()
        self.created = 0

    def at(self, day: date, hour: int) -> datetime:
        return datetime.combine(day, time(hour), tzinfo=self.zone)


def _platform_seed(*, platform: Platform, demo: PlatformDemo) -> int:
    with platform_transaction(platform.pk, via="seed"):
        broker = (
            Membership.objects.filter(platform=platform, role=Role.BROKER)
            .select_related("user")
            .order_by("created_at")
            .first()
        )
        run = _Seeding(platform, broker.user if broker else None)
        # The audit trail names the platform's broker as the actor, and "seed" as the way.
        with tenant(platform.pk, user_id=run.broker.pk if run.broker else None, via="seed"):
            run.created += screening_criteria_seed(platform=platform, actor=run.broker)
            organisations = _organisations_seed(run, demo.organisations)
            _screenings_seed(run, organisations, demo.screenings)
            maps_seed(run, organisations, demo.maps)
            _interactions_seed(run, organisations, demo.interactions)
            _representatives_seed(run, organisations, demo.representatives)
    return run.created


def _organisations_seed(run: _Seeding, specs: tuple[Org, ...]) -> dict[str, Organisation]:
    existing = {
        organisation.name: organisation
        for organisation in Organisation.objects.filter(
            platform=run.platform, name__in=[spec.name for spec in specs]
        )
    }
    emails: set[tuple[int, str]] = set(
        Contact.objects.filter(organisation__in=existing.values()).values_list(
            "organisation_id", "email"
        )
    )
    for spec in specs:
        organisation = existing.get(spec.name)
        if organisation is None:
            organisation = Organisation(
                platform=run.platform,
                name=spec.name,
                acronym=spec.acronym,
                sector=spec.sector,
                sub_type=spec.sub_type,
                country=spec.country,
                website=spec.website,
                mandate=spec.mandate,
                constituencies=spec.constituencies,
                themes=themes_clean(list(spec.themes)),
            )
            organisation_validate(organisation)
            organisation.save()
            existing[spec.name] = organisation
            run.created += 1
        for person in spec.contacts:
            if (organisation.pk, person.address) in emails:
                continue
            contact = Contact(
                platform=run.platform,
                organisation=organisation,
                name=person.name,
                role=person.role,
                email=person.address,
                phone=person.phone,
            )
            contact.full_clean(exclude=["platform", "organisation"])
            contact.save()
            run.created += 1
    return existing


def _screenings_seed(
    run: _Seeding, organisations: dict[str, Organisation], specs: tuple[ScreeningSpec, ...]
) -> None:
    screened = set(
        Screening.objects.filter(platform=run.platform).values_list("organisation_id", flat=True)
    )
    histories: dict[str, list[ScreeningSpec]] = {}
    for spec in specs:  # each organisation's screenings, oldest first
        histories.setdefault(spec.organisation, []).append(spec)
    for name, history in histories.items():
        organisation = organisations[name]
        if organisation.pk in screened:
            continue  # screened already, by an earlier run or by someone using the demo
        screenings = [_screening_create(run, organisation, spec) for spec in history]
        # The service made the newest decision the current status, with the renewal date
        # it was given; the backdated history has the real one.
        organisation.refresh_from_db(fields=["screening_status", "screening_renew_by"])
        decided = [s for s in screenings if s.decided_at is not None]
        if decided and organisation.screening_renew_by != decided[-1].renew_by:
            organisation.screening_renew_by = decided[-1].renew_by
            organisation.save(update_fields=["screening_renew_by", "updated_at"])


def _screening_create(run: _Seeding, organisation: Organisation, spec: ScreeningSpec) -> Screening:
    """Open and decide the screening through the screening service, so the demo obeys the
    same rules as a broker, then move its dates into the past where the story needs it."""
    screening = screening_open(platform=run.platform, organisation=organisation, actor=run.broker)
    findings = list(screening.findings.order_by("criterion__position", "criterion__name"))
    given = dict(zip((f.pk for f in findings), spec.findings, strict=False))
    inputs = {
        f.pk: FindingInput(given[f.pk].rating, given[f.pk].text)
        if f.pk in given
        else FindingInput(FindingRating.NOT_ASSESSED)
        for f in findings
    }
    decided_on = renew_by = None
    if spec.decision != ScreeningDecision.PENDING and spec.decided_days_ago is not None:
        decided_on = run.today - timedelta(days=spec.decided_days_ago)
        if spec.decision in CLEARANCES:
            renew_by = decided_on + timedelta(days=spec.valid_for_days)
    screening = screening_update(
        platform=run.platform,
        screening=screening,
        actor=run.broker,
        findings=inputs,
        risk_level=spec.risk_level,
        decision=spec.decision,
        conditions=spec.conditions,
        summary=spec.summary,
        # The service only accepts a renewal date in the future; the real one follows.
        renew_by=None if renew_by is None else max(renew_by, run.today + timedelta(days=1)),
    )
    # auto_now_add and the service stamp "now"; the history shows when things happened.
    dates: dict[str, object] = {
        "created_at": run.at(run.today - timedelta(days=spec.opened_days_ago), 10)
    }
    if decided_on is not None:
        dates.update(decided_at=run.at(decided_on, 15), renew_by=renew_by)
    Screening.objects.filter(pk=screening.pk).update(**dates)
    for field, value in dates.items():
        setattr(screening, field, value)
    run.created += 1 + len(findings)
    return screening


def _interactions_seed(
    run: _Seeding, organisations: dict[str, Organisation], specs: tuple[InteractionSpec, ...]
) -> None:
    logged = set(
        Interaction.objects.filter(platform=run.platform).values_list(
            "organisation_id", "kind", "subject"
        )
    )
    for spec in specs:
        organisation = organisations[spec.organisation]
        if (organisation.pk, spec.kind, spec.subject) in logged:
            continue
        if isinstance(spec.occurred, str):
            occurred_on = date.fromisoformat(spec.occurred)
        else:
            occurred_on = run.today - timedelta(days=spec.occurred)
        follow_up_on = (
            None
            if spec.follow_up_in_days is None
            else run.today + timedelta(days=spec.follow_up_in_days)
        )
        Interaction.objects.create(
            platform=run.platform,
            organisation=organisation,
            kind=spec.kind,
            occurred_on=occurred_on,
            subject=spec.subject,
            participants=spec.participants,
            notes=spec.notes,
            follow_up_on=follow_up_on,
            follow_up_done_at=timezone.now() if spec.follow_up_done else None,
            recorded_by=run.broker,
        )
        run.created += 1


def _representatives_seed(
    run: _Seeding, organisations: dict[str, Organisation], representatives: dict[str, str]
) -> None:
    for email, name in representatives.items():
        membership = Membership.objects.filter(
            platform=run.platform, user__email=email, role=Role.PARTNER_REPRESENTATIVE
        ).first()
        if membership is None or Representative.objects.filter(membership=membership).exists():
            continue
        organisation = organisations[name]
        Representative.objects.create(
            platform=run.platform,
            membership=membership,
            organisation=organisation,
            contact=organisation.contacts.filter(email=email).first(),
        )
        run.created += 1
