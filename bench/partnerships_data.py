"""The partnerships benchmark's data: 5,000 partnerships and 25,000 partner rows in one
platform (and a smaller platform of noise beside it), made with bulk_create once and reused
on the next run. Imported by bench/partnerships.py after django.setup()."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import Permission
from django.db import connection
from django.utils import timezone

from partnerships.models import (
    FUNDAMENTALS,
    Activity,
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    GovernanceBody,
    HealthResponse,
    HealthRound,
    Level,
    Objective,
    Partner,
    PartnerRole,
    Partnership,
    PartnershipType,
    PartnershipUserObjectPermission,
    Resource,
    Seat,
    Stage,
    StageMove,
)
from platforms.models import Membership, Platform, Role
from platforms.services import api_key_create
from platforms.tenancy import unscoped
from stakeholders.models import Organisation, Representative, ScreeningDecision, Sector
from tests.factories import UserFactory

BATCH = 2000
PARTNERS_EACH = 5
ORGANISATIONS = 1000
# The representative's organisation is a partner of one partnership in REP_EVERY.
REP_EVERY = 100
TARGET = "Bench target partnership"
REP_ORGANISATION = "Bench representative organisation"
THEMES = ["Food security", "Nutrition", "Water", "Education", "Health", "Gender", "Climate"]
ROLES = [PartnerRole.LEAD, PartnerRole.CORE, PartnerRole.IMPLEMENTING, PartnerRole.FUNDER]
STATUSES = list(CommitmentStatus.values)


@dataclass
class BenchWorld:
    platform: Platform
    admin: object
    rep: object
    rep_key: str
    target: Partnership
    partnerships: int
    partners: int
    rep_partnerships: int


def partnerships_seed(count: int) -> tuple[BenchWorld, BenchWorld]:
    """The main platform with ``count`` partnerships, and the platform of noise beside it
    with a fifth as many, made alike (an admin, a representative, a target partnership),
    so that each page's query count can be compared between the two."""
    platform, _ = Platform.objects.get_or_create(
        slug="bench-partnerships",
        defaults={"name": "Bench partnerships", "time_zone": "Asia/Colombo"},
    )
    other, _ = Platform.objects.get_or_create(
        slug="bench-partnerships-other", defaults={"name": "Bench partnerships (other)"}
    )
    # Benchmark set-up is privileged work across two platforms: row-level security is
    # opted out here, as in the test factories.
    with unscoped(via="seed"):
        admin = UserFactory(email="bench-partnerships-admin@example.org")
        rep = UserFactory(email="bench-partnerships-rep@example.org")
        fresh = False
        # The target partnership (a full overview page) is each platform's last one.
        for each, how_many in ((platform, count), (other, count // 5)):
            organisations = _organisations_fill(each)
            fresh |= _partnerships_fill(each, how_many - 1, organisations)
        worlds = tuple(_side(each, admin, rep) for each in (platform, other))
    if fresh:
        with connection.cursor() as cursor:
            # Fresh rows have no planner statistics until autovacuum comes by.
            cursor.execute(
                "ANALYZE partnerships_partnership, partnerships_partner, "
                "partnerships_commitment, partnerships_healthround, "
                "partnerships_healthresponse, partnerships_partnershipuserobjectpermission, "
                "stakeholders_organisation, platforms_auditevent"
            )
    return worlds[0], worlds[1]


def _side(platform: Platform, admin, rep) -> BenchWorld:
    """One platform's people (its admin, and a representative whose organisation is in
    one partnership in a hundred), its target partnership and its figures."""
    Membership.objects.get_or_create(
        platform=platform, user=admin, defaults={"role": Role.PLATFORM_ADMIN}
    )
    rep_membership, _ = Membership.objects.get_or_create(
        platform=platform, user=rep, defaults={"role": Role.PARTNER_REPRESENTATIVE}
    )
    rep_organisation = Organisation.objects.get(platform=platform, name=REP_ORGANISATION)
    Representative.objects.get_or_create(
        platform=platform, membership=rep_membership, defaults={"organisation": rep_organisation}
    )
    rep_partnerships = _access_grant(platform, rep, rep_organisation)
    target = _target_seed(platform, admin)
    _, rep_key = api_key_create(membership=rep_membership, name="bench", scopes=["read"])
    return BenchWorld(
        platform,
        admin,
        rep,
        rep_key,
        target,
        Partnership.objects.filter(platform=platform).count(),
        Partner.objects.filter(platform=platform).count(),
        rep_partnerships,
    )


def _organisations_fill(platform: Platform) -> list[Organisation]:
    """The cleared organisations the partners come from (and the representative's)."""
    names = [f"Partner organisation {n:04d}" for n in range(ORGANISATIONS)] + [REP_ORGANISATION]
    have = set(
        Organisation.objects.filter(platform=platform, name__in=names).values_list(
            "name", flat=True
        )
    )
    renew_by = timezone.localdate() + timedelta(days=365)
    Organisation.objects.bulk_create(
        Organisation(
            platform=platform,
            name=name,
            sector=Sector.values[n % len(Sector.values)],
            country="LK",
            screening_status=ScreeningDecision.CLEARED,
            screening_renew_by=renew_by,
        )
        for n, name in enumerate(names)
        if name not in have
    )
    by_name = {o.name: o for o in Organisation.objects.filter(platform=platform, name__in=names)}
    return [by_name[name] for name in names]


def _partnerships_fill(platform: Platform, count: int, organisations: list[Organisation]) -> bool:
    """Add partnerships (each with five partners and two commitments, one in ten with a
    health round) until the platform has ``count``; True if any were added."""
    have = Partnership.objects.filter(platform=platform).exclude(title=TARGET).count()
    today = timezone.localdate()
    rep_organisation = organisations[-1]
    for start in range(have, count, BATCH):
        numbers = range(start, min(start + BATCH, count))
        partnerships = Partnership.objects.bulk_create(
            _partnership(platform, n, today, organisations) for n in numbers
        )
        partners = Partner.objects.bulk_create(
            Partner(
                platform=platform,
                partnership=partnership,
                organisation=(
                    rep_organisation
                    if k == 1 and n % REP_EVERY == 0
                    else organisations[(n * 7 + k * 200) % ORGANISATIONS]
                ),
                role=ROLES[k % len(ROLES)],
                joined_on=today - timedelta(days=400),
                # One partnership in ten has a partner that left.
                left_on=today - timedelta(days=30) if k == 4 and n % 10 == 0 else None,
            )
            for n, partnership in zip(numbers, partnerships, strict=True)
            for k in range(PARTNERS_EACH)
        )
        Commitment.objects.bulk_create(
            Commitment(
                platform=platform,
                partnership=partner.partnership,
                kind=CommitmentKind.SPECIFIC,
                partner=partner,
                what=f"Deliver item {i}",
                due_on=today + timedelta(days=(i * 37) % 240 - 120),
                status=STATUSES[i % len(STATUSES)],
                evidence="Report" if STATUSES[i % len(STATUSES)] == "done" else "",
            )
            for i, partner in enumerate(partners)
            if i % PARTNERS_EACH < 2
        )
        _health_seed(platform, [p for i, p in enumerate(partners) if i // PARTNERS_EACH % 10 == 0])
    return have < count


def _partnership(
    platform: Platform, n: int, today, organisations: list[Organisation]
) -> Partnership:
    theme = THEMES[n % len(THEMES)]
    return Partnership(
        platform=platform,
        title=f"Partnership {n:05d} on {theme.lower()}",
        description="A bench partnership.",
        issue=theme,
        type=PartnershipType.values[n % 3],
        level=Level.values[n % 4],
        themes=[theme],
        goals=sorted({n % 17 + 1, 17}),
        targets=[f"{n % 17 + 1}.1"],
        lead_organisation=organisations[(n * 7) % ORGANISATIONS],
        starts_on=today - timedelta(days=n % 700),
        stage=Stage.values[n % len(Stage.values)],
        stage_changed_at=timezone.now() - timedelta(days=n % 90),
    )


def _health_seed(platform: Platform, partners: list[Partner]) -> None:
    """A closed round with every active partner's ratings, for the health figures."""
    today = timezone.localdate()
    by_partnership: dict[int, list[Partner]] = {}
    for partner in partners:
        by_partnership.setdefault(partner.partnership_id, []).append(partner)
    rounds = HealthRound.objects.bulk_create(
        HealthRound(
            platform=platform,
            partnership_id=partnership_id,
            title="Annual check",
            closes_on=today - timedelta(days=10),
            closed_at=timezone.now() - timedelta(days=10),
        )
        for partnership_id in by_partnership
    )
    HealthResponse.objects.bulk_create(
        HealthResponse(
            platform=platform,
            round=health_round,
            partner=partner,
            **{name: 1 + (partner.pk + k) % 5 for k, name in enumerate(FUNDAMENTALS)},
        )
        for health_round in rounds
        for partner in by_partnership[health_round.partnership_id]
        if partner.left_on is None
    )


def _access_grant(platform: Platform, user, organisation: Organisation) -> int:
    """The guardian rows partner_access_grant would write, in bulk."""
    permission = Permission.objects.get(
        codename="access_partnership", content_type__app_label="partnerships"
    )
    ids = set(
        Partner.objects.filter(
            platform=platform, organisation=organisation, left_on__isnull=True
        ).values_list("partnership_id", flat=True)
    )
    granted = set(
        PartnershipUserObjectPermission.objects.filter(
            platform=platform, user=user, permission=permission
        ).values_list("content_object_id", flat=True)
    )
    PartnershipUserObjectPermission.objects.bulk_create(
        PartnershipUserObjectPermission(
            platform=platform, user=user, permission=permission, content_object_id=pk
        )
        for pk in ids - granted
    )
    return len(ids)


def _target_seed(platform: Platform, user) -> Partnership:
    """One partnership with a full overview: five partners, objectives and activities,
    resources, commitments due and overdue, a governance body, health rounds, moves."""
    found = Partnership.objects.filter(platform=platform, title=TARGET).first()
    if found is not None:
        return found
    today = timezone.localdate()
    organisations = list(
        Organisation.objects.filter(
            platform=platform, name__startswith="Partner organisation"
        ).order_by("name")[:PARTNERS_EACH]
    )
    target = Partnership.objects.create(
        platform=platform,
        title=TARGET,
        type=PartnershipType.COMBINE,
        level=Level.NATIONAL,
        goals=[2, 3, 17],
        targets=["2.1", "17.17"],
        lead_organisation=organisations[0],
        stage=Stage.STRUCTURE,
        stage_changed_at=timezone.now(),
        vision="Every child eats well.",
        purpose="Link gardens and kitchens.",
        created_by=user,
    )
    partners = [
        Partner.objects.create(
            platform=platform,
            partnership=target,
            organisation=organisation,
            role=ROLES[k % len(ROLES)],
            joined_on=today - timedelta(days=200),
        )
        for k, organisation in enumerate(organisations)
    ]
    for stage in range(1, Stage.STRUCTURE):
        StageMove.objects.create(
            platform=platform,
            partnership=target,
            from_stage=stage,
            to_stage=stage + 1,
            moved_by=user,
        )
    for k in range(3):
        objective = Objective.objects.create(
            platform=platform, partnership=target, title=f"Objective {k}", position=k
        )
        for j in range(2):
            Activity.objects.create(
                platform=platform,
                partnership=target,
                objective=objective,
                title=f"Activity {k}.{j}",
                responsible=partners[(k + j) % PARTNERS_EACH],
                starts_on=today - timedelta(days=30),
                ends_on=today + timedelta(days=30 * (j + 1)),
            )
    for k, partner in enumerate(partners):
        Resource.objects.create(
            platform=platform,
            partnership=target,
            partner=partner,
            type="cash",
            description="Funding",
            value=1000 * (k + 1),
            currency="USD",
        )
        for i in range(2):
            status = STATUSES[(k + i) % len(STATUSES)]
            Commitment.objects.create(
                platform=platform,
                partnership=target,
                kind=CommitmentKind.SPECIFIC,
                partner=partner,
                what=f"Commitment {k}.{i}",
                due_on=today + timedelta(days=(k * 2 + i) * 9 - 30),
                status=status,
                evidence="Report" if status == "done" else "",
            )
    body = GovernanceBody.objects.create(
        platform=platform,
        partnership=target,
        name="Steering committee",
        type="steering_committee",
        decision_rule="formal_consensus",
        scope="strategy",
    )
    Seat.objects.bulk_create(
        Seat(platform=platform, body=body, partner=partner, seats=1) for partner in partners
    )
    _health_seed(platform, partners)
    HealthRound.objects.create(
        platform=platform,
        partnership=target,
        title="Open round",
        closes_on=today + timedelta(days=14),
        opened_by=user,
    )
    return target


Statements = list[tuple[str, list]]
PARTNERS_OF = (
    "SELECT pa.*, o.id, o.public_id, o.name FROM partnerships_partner pa "
    "JOIN stakeholders_organisation o ON o.id = pa.organisation_id "
    "WHERE pa.platform_id = %s AND pa.left_on IS NULL AND pa.partnership_id IN ({ids}) "
    "ORDER BY o.name, pa.id"
)


def list_sql(platform: Platform, *, limit: int, user=None) -> Statements:
    """One page of partnerships by title with their lead organisation, the count, and the
    page's active partners; with ``user``, only those the user was granted access to."""
    p = platform.pk
    where, params = "p.platform_id = %s", [p]
    if user is not None:
        where += (
            " AND EXISTS (SELECT 1 FROM partnerships_partnershipuserobjectpermission g "
            "JOIN auth_permission perm ON perm.id = g.permission_id "
            "WHERE g.platform_id = p.platform_id AND g.user_id = %s "
            "AND perm.codename = 'access_partnership' AND g.content_object_id = p.id)"
        )
        params = [p, user.pk]
    page = (
        f"SELECT p.id FROM partnerships_partnership p WHERE {where} "  # noqa: S608 - constants
        f"ORDER BY p.title, p.id LIMIT {int(limit)}"
    )
    return [
        (
            "SELECT p.*, o.id, o.public_id, o.name FROM partnerships_partnership p "  # noqa: S608
            "LEFT JOIN stakeholders_organisation o ON o.id = p.lead_organisation_id "
            f"WHERE {where} ORDER BY p.title, p.id LIMIT {int(limit)}",
            params,
        ),
        (f"SELECT count(*) FROM partnerships_partnership p WHERE {where}", params),  # noqa: S608
        (PARTNERS_OF.format(ids=page), [p, *params]),
    ]


def overview_sql(platform: Platform, target: Partnership) -> Statements:
    """The rows a partnership's overview shows: it, its partners, the commitments due and
    overdue, the objectives, the latest health round's figures, the recent moves."""
    p, t = platform.pk, target.pk
    return [
        (
            "SELECT p.*, o.* FROM partnerships_partnership p "
            "LEFT JOIN stakeholders_organisation o ON o.id = p.lead_organisation_id "
            "WHERE p.platform_id = %s AND p.public_id = %s",
            [p, target.public_id],
        ),
        (PARTNERS_OF.format(ids="%s"), [p, t]),
        (
            "SELECT c.*, o.name FROM partnerships_commitment c "
            "LEFT JOIN partnerships_partner pa ON pa.id = c.partner_id "
            "LEFT JOIN stakeholders_organisation o ON o.id = pa.organisation_id "
            "WHERE c.platform_id = %s AND c.partnership_id = %s "
            "AND c.status IN ('planned', 'on_track', 'at_risk') ORDER BY c.due_on LIMIT 10",
            [p, t],
        ),
        (
            "SELECT * FROM partnerships_objective WHERE platform_id = %s AND partnership_id = %s "
            "ORDER BY position, created_at",
            [p, t],
        ),
        (
            "SELECT r.id, "
            + ", ".join(f"avg(h.{f}), stddev_pop(h.{f})" for f in FUNDAMENTALS)
            + " FROM partnerships_healthround r "
            "LEFT JOIN partnerships_healthresponse h ON h.round_id = r.id "
            "WHERE r.platform_id = %s AND r.partnership_id = %s "
            "GROUP BY r.id ORDER BY r.id DESC LIMIT 2",
            [p, t],
        ),
        (
            "SELECT m.*, u.* FROM partnerships_stagemove m "
            "LEFT JOIN auth_user u ON u.id = m.moved_by_id "
            "WHERE m.platform_id = %s AND m.partnership_id = %s "
            "ORDER BY m.created_at DESC, m.id DESC LIMIT 10",
            [p, t],
        ),
        (
            # Recent activity: the audit trail of the partnership and its rows.
            "SELECT e.*, u.* FROM platforms_auditevent e "
            "LEFT JOIN auth_user u ON u.id = e.actor_id "
            "WHERE e.platform_id = %s AND ("
            "(e.table_name = 'partnerships_partnership' AND e.object_id = %s) OR "
            "(e.table_name LIKE 'partnerships\\_%%' AND "
            "(e.changes -> 'partnership_id') = to_jsonb(%s::bigint))"
            ") ORDER BY e.occurred_at DESC, e.id DESC LIMIT 10",
            [p, t, t],
        ),
    ]


def home_sql(platform: Platform) -> Statements:
    """The home page's partnership figures: by stage, type and goal; the overdue
    commitments; the health alerts (closed rounds whose lowest average is under 3)."""
    p = platform.pk
    return [
        (
            "SELECT stage, count(*) FROM partnerships_partnership WHERE platform_id = %s "
            "GROUP BY stage",
            [p],
        ),
        (
            "SELECT type, count(*) FROM partnerships_partnership WHERE platform_id = %s "
            "GROUP BY type",
            [p],
        ),
        (
            "SELECT g, count(*) FROM partnerships_partnership, unnest(goals) g "
            "WHERE platform_id = %s GROUP BY g",
            [p],
        ),
        (
            "SELECT c.*, p.title FROM partnerships_commitment c "
            "JOIN partnerships_partnership p ON p.id = c.partnership_id "
            "WHERE c.platform_id = %s AND c.status IN ('planned', 'on_track', 'at_risk') "
            "AND c.due_on < CURRENT_DATE ORDER BY c.due_on LIMIT 5",
            [p],
        ),
        (
            "SELECT count(*) FROM partnerships_commitment WHERE platform_id = %s "
            "AND status IN ('planned', 'on_track', 'at_risk') AND due_on < CURRENT_DATE",
            [p],
        ),
        (
            "SELECT r.id FROM partnerships_healthround r "
            "JOIN partnerships_healthresponse h ON h.round_id = r.id "
            "WHERE r.platform_id = %s GROUP BY r.id HAVING least("
            + ", ".join(f"avg(h.{f})" for f in FUNDAMENTALS)
            + ") < 3 ORDER BY r.id DESC LIMIT 5",
            [p],
        ),
    ]
