"""The stakeholders demo data (`manage.py seed_demo`): enough to show every feature, and
safe to load twice."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from platforms.models import AuditEvent, Platform
from platforms.tenancy import unscoped
from stakeholders.demo import sri_lanka
from stakeholders.demo import sri_lanka_organisations as lk
from stakeholders.models import (
    SUB_TYPE_SECTOR,
    Contact,
    FindingRating,
    Interaction,
    Organisation,
    Position,
    Representative,
    Screening,
    ScreeningCriterion,
    ScreeningDecision,
    ScreeningFinding,
    Sector,
    StakeholderMap,
)

pytestmark = pytest.mark.django_db

TABLES = (
    Organisation,
    Contact,
    ScreeningCriterion,
    Screening,
    ScreeningFinding,
    StakeholderMap,
    Position,
    Interaction,
    Representative,
)


def counts() -> dict[str, int]:
    with unscoped():
        found = {model.__name__: model.objects.count() for model in TABLES}
        found["AuditEvent"] = AuditEvent.objects.count()
    return found


@pytest.fixture
def seeded():
    call_command("seed_demo")
    with unscoped():
        yield Platform.objects.get(slug="un-sri-lanka"), Platform.objects.get(slug="ppg")


def test_a_second_run_creates_nothing_and_audits_nothing(seeded):
    before = counts()
    assert before["Organisation"] >= 40
    call_command("seed_demo")
    assert counts() == before


def test_the_registry_spans_all_eight_sectors_on_both_platforms(seeded):
    lanka, ppg = seeded
    organisations = Organisation.objects.all()
    assert organisations.count() >= 40
    assert set(organisations.values_list("sector", flat=True)) == set(Sector.values)
    assert organisations.filter(platform=ppg).count() >= 12
    # Every organisation has someone to talk to, and sub-types only refine their sector.
    assert not organisations.filter(contacts__isnull=True).exists()
    kinds = set(organisations.exclude(sub_type="").values_list("sub_type", "sector"))
    assert len({sub_type for sub_type, _ in kinds}) >= 6
    assert all(SUB_TYPE_SECTOR[sub_type] == sector for sub_type, sector in kinds)
    assert ScreeningCriterion.objects.filter(platform=lanka).count() == 6
    assert ScreeningCriterion.objects.filter(platform=ppg).count() == 6


def test_screenings_in_every_state_with_consistent_current_status(seeded):
    lanka, _ = seeded
    today = timezone.localdate()
    screenings = Screening.objects.filter(platform=lanka)
    assert set(screenings.values_list("decision", flat=True)) == set(ScreeningDecision.values)
    declined = screenings.get(decision=ScreeningDecision.DECLINED)
    assert declined.summary and declined.decided_by and declined.decided_at
    assert screenings.filter(decision=ScreeningDecision.CLEARED_WITH_CONDITIONS).exclude(
        conditions=""
    )
    # Findings are recorded against the platform's criteria, per criterion.
    assert ScreeningFinding.objects.filter(screening=declined).count() == 6
    assert ScreeningFinding.objects.filter(rating=FindingRating.DOES_NOT_MEET).exists()
    # One organisation's screening has lapsed; another keeps its history.
    expired = Organisation.objects.filter(platform=lanka, screening_renew_by__lt=today)
    assert expired.filter(screening_status=ScreeningDecision.CLEARED).count() == 1
    wfp = Organisation.objects.get(platform=lanka, name=lk.WFP)
    assert wfp.screenings.count() == 2
    assert wfp.screening_status == ScreeningDecision.CLEARED
    assert wfp.screening_renew_by and wfp.screening_renew_by > today
    for organisation in Organisation.objects.filter(screenings__isnull=False).distinct():
        latest_decided = (
            organisation.screenings.exclude(decided_at=None).order_by("-decided_at").first()
        )
        expected = latest_decided.decision if latest_decided else ScreeningDecision.PENDING
        assert organisation.screening_status == expected, organisation.name
        assert organisation.screening_renew_by == (
            latest_decided.renew_by if latest_decided else None
        )


def test_the_food_security_map_holds_the_exercise(seeded):
    lanka, _ = seeded
    workshop = StakeholderMap.objects.get(platform=lanka, title=sri_lanka.WORKSHOP_MAP)
    assert workshop.issue == "food security in Sri Lanka"
    placed = set(
        workshop.positions.exclude(organisation=None).values_list("organisation__name", flat=True)
    )
    assert set(lk.EXERCISE) <= placed
    households = workshop.positions.get(label=lk.HOUSEHOLDS)
    assert households.is_primary and households.organisation is None
    # The earlier snapshot differs, so comparing the two shows who moved.
    earlier = workshop.copied_from
    assert earlier is not None and earlier.as_of < workshop.as_of
    before = {p.name: (p.interest, p.influence, p.attitude) for p in earlier.positions.all()}
    after = {p.name: (p.interest, p.influence, p.attitude) for p in workshop.positions.all()}
    moved = [name for name in before.keys() & after.keys() if before[name] != after[name]]
    assert len(moved) >= 5


def test_interactions_include_the_workshop_and_follow_ups_due(seeded):
    lanka, _ = seeded
    today = timezone.localdate()
    interactions = Interaction.objects.filter(platform=lanka)
    workshop = interactions.filter(kind="workshop", occurred_on="2023-06-26")
    assert {i.organisation.name for i in workshop} >= {lk.UNICEF, lk.WFP}
    open_follow_ups = interactions.filter(follow_up_done_at=None).exclude(follow_up_on=None)
    assert open_follow_ups.filter(follow_up_on__lt=today).exists()  # overdue
    assert open_follow_ups.filter(follow_up_on__gte=today).exists()  # coming up


def test_the_partner_representatives_speak_for_an_organisation(seeded):
    lanka, ppg = seeded
    sarvodaya = Representative.objects.get(membership__user__email="partner@uncp.example")
    assert sarvodaya.organisation.name == lk.SARVODAYA
    assert sarvodaya.platform == lanka
    assert sarvodaya.contact and sarvodaya.contact.email == "partner@uncp.example"
    assert Representative.objects.get(membership__user__email="partner@ppg.example").platform == ppg


def test_every_demo_record_shows_on_its_page(seeded):
    """The demo is only useful if the pages can show it: each organisation, screening and
    map, the map's chart and comparison, and the lists, for each platform's broker."""
    urls: dict[str, list[str]] = {}
    for platform in seeded:
        base = f"/p/{platform.slug}"
        pages = [f"{base}/", f"{base}/organisations/", f"{base}/maps/", f"{base}/interactions/"]
        pages += [f"{base}/screening/renewals/", f"{base}/organisations/?screening=expired"]
        for organisation in Organisation.objects.filter(platform=platform):
            pages.append(f"{base}/organisations/{organisation.public_id}/")
        for screening in Screening.objects.filter(platform=platform):
            pages.append(f"{base}/screenings/{screening.public_id}/")
        maps = list(StakeholderMap.objects.filter(platform=platform).order_by("as_of"))
        for stakeholder_map in maps:
            pages.append(f"{base}/maps/{stakeholder_map.public_id}/")
            pages.append(f"{base}/maps/{stakeholder_map.public_id}/chart.svg")
        if len(maps) == 2:
            pages.append(f"{base}/maps/compare/?from={maps[0].public_id}&to={maps[1].public_id}")
        urls[platform.slug] = pages
    brokers = {"un-sri-lanka": "broker@uncp.example", "ppg": "broker@ppg.example"}
    for slug, pages in urls.items():
        client = Client()
        client.force_login(get_user_model().objects.get(username=brokers[slug]))
        for url in pages:
            assert client.get(url).status_code == 200, url
    assert len(urls["un-sri-lanka"]) >= 50  # every record above was visited
