"""The stakeholders benchmark's data: the seeded registry, the raw SQL baselines, and the
CSV file to import. Imported by bench/stakeholders.py after django.setup()."""

import csv
import io
import itertools
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.utils import timezone

from platforms.models import Membership, Platform, Role
from platforms.services import api_key_create
from platforms.tenancy import unscoped
from stakeholders.csvio import COLUMNS
from stakeholders.models import (
    NOT_SCREENED,
    SUB_TYPE_SECTOR,
    Contact,
    FindingRating,
    Interaction,
    Organisation,
    Position,
    RiskLevel,
    Screening,
    ScreeningCriterion,
    ScreeningDecision,
    ScreeningFinding,
    Sector,
    StakeholderMap,
)
from stakeholders.services.screening import screening_criteria_seed
from tests.factories import UserFactory

BATCH = 2000
TARGET = "Bench target organisation"
THEMES = [
    "Food security",
    "Nutrition",
    "Water",
    "Sanitation",
    "Education",
    "Health",
    "Gender",
    "Livelihoods",
    "Resilience",
    "Climate",
    "Agriculture",
    "Governance",
    "Youth",
    "Digital",
    "Energy",
    "Housing",
]
COUNTRIES = ["LK", "IN", "AF", "BD", "NP", "PK", "KE", "GH", "GB", "US"]
# Each sector with its sub-types, and no sub-type at all.
KINDS = [
    (sector, sub_type)
    for sector in Sector.values
    for sub_type in ["", *(s for s, of in SUB_TYPE_SECTOR.items() if of == sector)]
]
# Most of a registry is not screened yet; the rest spreads over every status.
STATUSES = [NOT_SCREENED] * 4 + [
    ScreeningDecision.CLEARED,
    ScreeningDecision.PENDING,
    ScreeningDecision.CLEARED_WITH_CONDITIONS,
    ScreeningDecision.DECLINED,
    "expired",
]


@dataclass
class BenchWorld:
    platform: Platform
    user: object
    api_key: str
    target: Organisation
    target_contacts: list[int]
    organisations: int
    contacts: int


def registry_seed(count: int) -> BenchWorld:
    """The bench platforms with ``count`` organisations each, made once and reused."""
    platform, _ = Platform.objects.get_or_create(
        slug="bench-registry", defaults={"name": "Bench registry", "time_zone": "Asia/Colombo"}
    )
    other, _ = Platform.objects.get_or_create(
        slug="bench-registry-other", defaults={"name": "Bench registry (other)"}
    )
    # Benchmark set-up is privileged work across two platforms: row-level security is
    # opted out here, as in the test factories.
    with unscoped(via="seed"):
        user = UserFactory(email="bench-broker@example.org")
        membership, _ = Membership.objects.get_or_create(
            platform=platform, user=user, defaults={"role": Role.BROKER}
        )
        fresh = False
        for each in (platform, other):
            fresh |= _organisations_fill(each, count)
        screening_criteria_seed(platform=platform)
        target = _target_seed(platform, user)
        target_contacts = list(target.contacts.values_list("pk", flat=True))
        _, raw_key = api_key_create(membership=membership, name="bench", scopes=["read"])
        organisations = Organisation.objects.filter(platform=platform).count()
        contacts = Contact.objects.filter(platform=platform).count()
    if fresh:
        with connection.cursor() as cursor:
            # Fresh rows have no planner statistics until autovacuum comes by.
            cursor.execute(
                "ANALYZE stakeholders_organisation, stakeholders_contact, platforms_auditevent"
            )
    return BenchWorld(platform, user, raw_key, target, target_contacts, organisations, contacts)


def _organisations_fill(platform: Platform, count: int) -> bool:
    """Add organisations until the platform has ``count``; True if any were added."""
    have = Organisation.objects.filter(platform=platform).count()
    today = timezone.localdate()
    for start in range(have, count, BATCH):
        organisations = [
            _organisation(platform, n, today) for n in range(start, min(start + BATCH, count))
        ]
        Organisation.objects.bulk_create(organisations)
        Contact.objects.bulk_create(
            Contact(
                platform=platform,
                organisation=organisation,
                name=f"Person {n}-{k}",
                role="Programme officer",
                email=f"person{n}.{k}@example.org",
                phone="+94 11 234 5678",
            )
            for n, organisation in enumerate(organisations, start=start)
            for k in range(1 + n % 2)
        )
    return have < count


def _organisation(platform: Platform, n: int, today: date) -> Organisation:
    sector, sub_type = KINDS[n % len(KINDS)]
    themes = [THEMES[(n + k * 5) % len(THEMES)] for k in range(1 + n % 3)]
    status = STATUSES[n % len(STATUSES)]
    renew_by = None
    if status == "expired":
        status, renew_by = ScreeningDecision.CLEARED, today - timedelta(days=1 + n % 300)
    elif status in (ScreeningDecision.CLEARED, ScreeningDecision.CLEARED_WITH_CONDITIONS):
        renew_by = today + timedelta(days=1 + n % 700)
    country = COUNTRIES[n % len(COUNTRIES)]
    return Organisation(
        platform=platform,
        name=f"Organisation {n:05d} for {themes[0].lower()}",
        acronym=f"ORG{n}",
        sector=sector,
        sub_type=sub_type,
        country=country,
        website=f"https://org{n}.example.org",
        mandate=f"Works on {' and '.join(themes).lower()} with communities in {country}.",
        constituencies="Smallholder farmers, women's groups and young people.",
        themes=themes,
        screening_status=status,
        screening_renew_by=renew_by,
    )


def _target_seed(platform: Platform, user) -> Organisation:
    """One organisation with a full page: contacts, screenings, positions, interactions."""
    found = Organisation.objects.filter(platform=platform, name=TARGET).first()
    if found is not None:
        return found
    today = timezone.localdate()
    target = Organisation.objects.create(
        platform=platform,
        name=TARGET,
        sector=Sector.CIVIL_SOCIETY,
        country="LK",
        themes=["Food security"],
        screening_status=ScreeningDecision.CLEARED,
        screening_renew_by=today + timedelta(days=200),
    )
    for k in range(3):
        Contact.objects.create(
            platform=platform,
            organisation=target,
            name=f"Target person {k}",
            email=f"t{k}@example.org",
        )
    criteria = list(ScreeningCriterion.objects.filter(platform=platform))
    for decision in (ScreeningDecision.DECLINED, ScreeningDecision.CLEARED):
        screening = Screening.objects.create(
            platform=platform,
            organisation=target,
            opened_by=user,
            decided_by=user,
            decided_at=timezone.now(),
            decision=decision,
            risk_level=RiskLevel.LOW,
            summary="Bench screening.",
        )
        ScreeningFinding.objects.bulk_create(
            ScreeningFinding(
                platform=platform, screening=screening, criterion=c, rating=FindingRating.MEETS
            )
            for c in criteria
        )
    for k in range(2):
        stakeholder_map = StakeholderMap.objects.create(
            platform=platform, title=f"Bench map {k}", issue="bench", as_of=today, created_by=user
        )
        Position.objects.create(
            platform=platform, map=stakeholder_map, organisation=target, interest=7, influence=3
        )
    Interaction.objects.bulk_create(
        Interaction(
            platform=platform,
            organisation=target,
            kind="meeting",
            occurred_on=today - timedelta(days=k),
            subject=f"Meeting {k}",
            recorded_by=user,
        )
        for k in range(12)
    )
    return target


Statements = list[tuple[str, list]]
LIVE = "platform_id = %s AND archived_at IS NULL"


def list_sql(platform: Platform, *, limit: int) -> Statements:
    """What a list page or the API list needs from the database: one page and the count."""
    return [
        (
            f"SELECT * FROM stakeholders_organisation WHERE {LIVE} "  # noqa: S608 - constants
            f"ORDER BY name, id LIMIT {int(limit)}",
            [platform.pk],
        ),
        (f"SELECT count(*) FROM stakeholders_organisation WHERE {LIVE}", [platform.pk]),  # noqa: S608
    ]


def detail_sql(
    platform: Platform, organisation: Organisation, contacts: list[int], *, page: bool = True
) -> Statements:
    """The rows an organisation's page (or, with page=False, the API detail) shows."""
    p, o = platform.pk, organisation.pk
    statements: Statements = [
        (
            "SELECT * FROM stakeholders_organisation WHERE platform_id = %s AND public_id = %s",
            [p, organisation.public_id],
        ),
        (
            "SELECT * FROM stakeholders_contact WHERE platform_id = %s AND organisation_id = %s "
            "ORDER BY name",
            [p, o],
        ),
    ]
    if not page:
        return statements
    return statements + [
        (
            "SELECT * FROM stakeholders_representative r "
            "JOIN platforms_membership m ON m.id = r.membership_id "
            "JOIN auth_user u ON u.id = m.user_id "
            "LEFT JOIN stakeholders_contact c ON c.id = r.contact_id "
            "WHERE r.platform_id = %s AND r.organisation_id = %s ORDER BY u.email",
            [p, o],
        ),
        (
            "SELECT * FROM stakeholders_representativeinvitation ri "
            "JOIN platforms_invitation i ON i.id = ri.invitation_id "
            "JOIN stakeholders_contact c ON c.id = ri.contact_id "
            "WHERE ri.platform_id = %s AND ri.organisation_id = %s "
            "AND i.accepted_at IS NULL AND i.revoked_at IS NULL ORDER BY i.created_at DESC",
            [p, o],
        ),
        (
            "SELECT * FROM stakeholders_screening s LEFT JOIN auth_user u ON u.id = s.decided_by_id "
            "WHERE s.platform_id = %s AND s.organisation_id = %s "
            "ORDER BY s.created_at DESC, s.id DESC LIMIT 5",
            [p, o],
        ),
        (
            "SELECT * FROM stakeholders_position p "
            "JOIN stakeholders_stakeholdermap m ON m.id = p.map_id "
            "WHERE p.platform_id = %s AND p.organisation_id = %s "
            "ORDER BY m.as_of DESC, m.title, p.id LIMIT 20",
            [p, o],
        ),
        (
            "SELECT * FROM stakeholders_interaction i LEFT JOIN auth_user u ON u.id = i.recorded_by_id "
            "WHERE i.platform_id = %s AND i.organisation_id = %s "
            "ORDER BY i.occurred_on DESC, i.created_at DESC, i.id DESC LIMIT 10",
            [p, o],
        ),
        (
            "SELECT * FROM platforms_auditevent e LEFT JOIN auth_user u ON u.id = e.actor_id "
            "WHERE e.platform_id = %s AND ("
            "(e.table_name = 'stakeholders_organisation' AND e.object_id = %s) OR "
            "(e.table_name = 'stakeholders_contact' AND "
            "((e.changes -> 'organisation_id') = to_jsonb(%s::bigint) OR e.object_id = ANY(%s)))"
            ") ORDER BY e.occurred_at DESC, e.id DESC LIMIT 10",
            [p, o, o, contacts],
        ),
    ]


def import_csv(rows: int) -> bytes:
    """A good file of ``rows`` rows, one organisation and one contact each, with names the
    seeded registry does not have (so there are no duplicates to choose about)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    sectors = itertools.cycle(KINDS)
    for n in range(rows):
        sector, sub_type = next(sectors)
        writer.writerow(
            {
                "name": f"Imported organisation {n:05d}",
                "acronym": f"IMP{n}",
                "sector": Sector(sector).label,
                "sub_type": sub_type,
                "country": "Sri Lanka",
                "website": f"imported{n}.example.org",
                "mandate": "Community-led development.",
                "constituencies": "Villages",
                "themes": "Food security; Water",
                "contact_name": f"Imported person {n}",
                "contact_role": "Director",
                "contact_email": f"imported{n}@example.org",
                "contact_phone": "+94 11 234 5678",
            }
        )
    return buffer.getvalue().encode()
