"""The partnerships demo data (`manage.py seed_demo`): partnerships at different stages,
of every type, with commitments in every status, governance, health rounds and access for
the demo partner representatives; safe to load twice. The agreements:
test_demo_agreements.py."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count

from partnerships.models import (
    OPEN_COMMITMENT,
    Activity,
    Agreement,
    AgreementClause,
    AgreementVersion,
    Commitment,
    CommitmentStatus,
    Divergence,
    GovernanceBody,
    HealthResponse,
    HealthRound,
    Lesson,
    Objective,
    Partner,
    Partnership,
    PartnershipType,
    PartnershipUserObjectPermission,
    Resource,
    Risk,
    Seat,
    Signatory,
    StageMove,
)
from partnerships.selectors.access import BROKER, partnership_visible
from platforms.models import AuditEvent, Job, Membership, Platform
from platforms.tenancy import unscoped
from stakeholders.models import Representative

pytestmark = pytest.mark.django_db

TABLES = (
    Partnership,
    Partner,
    StageMove,
    Objective,
    Activity,
    Resource,
    Commitment,
    GovernanceBody,
    Seat,
    Risk,
    Divergence,
    Lesson,
    HealthRound,
    HealthResponse,
    PartnershipUserObjectPermission,
    Agreement,
    AgreementVersion,
    AgreementClause,
    Signatory,
    Job,
    get_user_model(),
    Membership,
    Representative,
    AuditEvent,
)


def counts() -> dict[str, int]:
    with unscoped():
        return {model.__name__: model.objects.count() for model in TABLES}


@pytest.fixture
def seeded():
    call_command("seed_demo")
    with unscoped():
        yield Platform.objects.get(slug="un-sri-lanka"), Platform.objects.get(slug="ppg")


def test_a_second_run_creates_nothing_and_audits_nothing(seeded):
    before = counts()
    assert before["Partnership"] >= 10
    assert before["Agreement"] >= 8 and before["Job"] >= 6  # the PDF jobs
    call_command("seed_demo")
    # Nothing written, no job enqueued (the PDFs asked for are still on their way).
    assert counts() == before


def test_each_platform_has_every_type_at_several_stages(seeded):
    for platform in seeded:
        partnerships = Partnership.objects.filter(platform=platform)
        assert set(partnerships.values_list("type", flat=True)) == set(PartnershipType.values)
        stages = set(partnerships.values_list("stage", flat=True))
        assert len(stages) >= 5, (platform.slug, stages)
        assert {1, 3, 5, 6, 8} <= stages
        # Every partner comes from the platform's own registry.
        partners = Partner.objects.filter(platform=platform)
        assert partners.count() >= 15
        assert not partners.exclude(organisation__platform=platform).exists()


def test_the_stage_history_leads_to_each_partnership_s_stage(seeded):
    for partnership in Partnership.objects.all():
        moves = list(partnership.moves.order_by("created_at", "id"))
        assert len(moves) >= partnership.stage - 1, partnership.title
        stage = 1
        for move in moves:
            assert move.from_stage == stage, partnership.title
            stage = move.to_stage
            assert move.moved_by_id is not None
        assert stage == partnership.stage, partnership.title
        if moves:
            assert partnership.stage_changed_at == moves[-1].created_at
    # One partnership went back a stage, with the reason.
    back = [m for m in StageMove.objects.all() if m.is_back]
    assert back and all(m.note for m in back)


def test_what_each_stage_agrees_is_recorded(seeded):
    for partnership in Partnership.objects.filter(stage__gte=3):
        assert partnership.vision, partnership.title
    for partnership in Partnership.objects.filter(stage__gte=4):
        assert partnership.purpose, partnership.title
    for partnership in Partnership.objects.filter(stage__gte=5):
        assert Activity.objects.filter(partnership=partnership).exists(), partnership.title
    for partnership in Partnership.objects.filter(stage__gte=7):
        assert partnership.bodies.exclude(decision_rule="").exists(), partnership.title
    assert Seat.objects.count() >= 10
    assert Risk.objects.exists() and Divergence.objects.exists() and Lesson.objects.exists()
    assert Partnership.objects.exclude(levers=[]).count() >= 3
    assert Partnership.objects.filter(goals__contains=[17]).exists()
    assert Partnership.objects.exclude(targets=[]).count() == Partnership.objects.count()


def test_commitments_in_every_status_some_overdue(seeded):
    for platform in seeded:
        commitments = Commitment.objects.filter(platform=platform)
        assert set(commitments.values_list("status", flat=True)) == set(CommitmentStatus.values)
        overdue = commitments.filter(status__in=OPEN_COMMITMENT, due_on__lt=platform.today())
        assert overdue.exists(), platform.slug
        assert commitments.filter(kind="common").exists()
        assert not commitments.filter(status="done", evidence="").exists()


def test_two_health_rounds_show_a_trend_and_a_spread(seeded):
    lanka, _ = seeded
    gardens = Partnership.objects.get(platform=lanka, title="Home gardens and school meals")
    closed, open_ = gardens.health_rounds.order_by("created_at")
    active = Partner.objects.filter(partnership=gardens, left_on=None)
    assert closed.closed_at is not None and closed.closes_on < lanka.today()
    assert open_.closed_at is None and open_.closes_on >= lanka.today()
    assert closed.responses.count() == active.count() == 6
    assert 0 < open_.responses.count() < active.count()
    spread = closed.responses.values_list("empowered_partners", flat=True)
    assert max(spread) - min(spread) >= 2


def test_the_demo_representatives_see_their_organisations_partnerships(seeded):
    for platform, email, organisation in (
        (seeded[0], "partner@uncp.example", "Sarvodaya"),
        (seeded[1], "partner@ppg.example", "Afghanistan Civil Society Forum-organization"),
    ):
        membership = Membership.objects.get(platform=platform, user__email=email)
        visible = set(partnership_visible(platform=platform, membership=membership))
        theirs = set(
            Partnership.objects.filter(
                partners__organisation__name=organisation, partners__left_on=None
            )
        )
        assert theirs and visible == theirs, email
        assert visible != set(Partnership.objects.filter(platform=platform))


def test_brokers_are_assigned_and_a_partner_has_left(seeded):
    assigned = PartnershipUserObjectPermission.objects.filter(permission__codename=BROKER)
    per_platform = dict(assigned.values_list("platform__slug").annotate(n=Count("id")))
    assert per_platform == {"un-sri-lanka": 5, "ppg": 5}
    # A partner that left stays in the history, after answering the first health check.
    left = Partner.objects.exclude(left_on=None).get()
    assert left.left_on < left.partnership.platform.today()
    assert left.health_responses.exists()
