"""Screening services: criteria, opening and deciding screenings, the kept history and the
organisation's denormalised current status in every transition."""

import threading
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from platforms.tenancy import platform_transaction, unscoped
from stakeholders.models import (
    DEFAULT_CRITERIA,
    NOT_SCREENED,
    FindingRating,
    Organisation,
    RiskLevel,
    Screening,
    ScreeningCriterion,
    ScreeningDecision,
    ScreeningFinding,
    Sector,
)
from stakeholders.services.screening import (
    FindingInput,
    criterion_create,
    criterion_update,
    screening_criteria_seed,
    screening_open,
    screening_update,
)
from stakeholders.templatetags.stakeholders import screening_state
from tests.factories import OrganisationFactory, PlatformFactory, ScreeningCriterionFactory

pytestmark = pytest.mark.django_db


# --- Helpers ----------------------------------------------------------------------------


def seed(platform) -> None:
    with unscoped():
        screening_criteria_seed(platform=platform)


def org_state(org) -> tuple[str, object]:
    with unscoped():
        org = Organisation.objects.get(pk=org.pk)
    return org.screening_status, org.screening_renew_by


def snapshot(platform) -> list:
    """Everything screening writes on a platform, to prove a refusal wrote nothing."""
    with unscoped():
        return [
            list(Screening.objects.filter(platform=platform).order_by("pk").values()),
            list(ScreeningFinding.objects.filter(platform=platform).order_by("pk").values()),
            list(ScreeningCriterion.objects.filter(platform=platform).order_by("pk").values()),
            list(
                Organisation.objects.filter(platform=platform)
                .order_by("pk")
                .values("pk", "screening_status", "screening_renew_by", "updated_at")
            ),
        ]


def findings_of(screening) -> list[ScreeningFinding]:
    with unscoped():
        return list(
            ScreeningFinding.objects.filter(screening=screening).select_related("criterion")
        )


def rated(screening, rating=FindingRating.MEETS, text="Checked.") -> dict[int, FindingInput]:
    return {f.pk: FindingInput(rating=rating, finding=text) for f in findings_of(screening)}


def decide(side, screening, decision=ScreeningDecision.CLEARED, **overrides):
    today = side.platform.today()
    fields = {
        "findings": rated(screening),
        "risk_level": RiskLevel.LOW,
        "decision": decision,
        "conditions": "Report quarterly." if decision == "cleared_with_conditions" else "",
        "summary": "Reason given." if decision == "declined" else "",
        "renew_by": today + timedelta(days=365),
    }
    fields.update(overrides)
    return screening_update(
        platform=side.platform, screening=screening, actor=side.broker.user, **fields
    )


def open_for(side, org=None):
    org = org or OrganisationFactory(platform=side.platform)
    return org, screening_open(platform=side.platform, organisation=org, actor=side.broker.user)


def messages_of(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


# --- Criteria ---------------------------------------------------------------------------


def test_seed_adds_the_defaults_once(world):
    with unscoped():
        assert screening_criteria_seed(platform=world.a.platform) == len(DEFAULT_CRITERIA)
        assert screening_criteria_seed(platform=world.a.platform) == 0
        names = list(
            ScreeningCriterion.objects.filter(platform=world.a.platform).values_list(
                "name", flat=True
            )
        )
    assert names == [name for name, _ in DEFAULT_CRITERIA]


def test_criterion_create_adds_at_the_end(world):
    seed(world.a.platform)
    criterion = criterion_create(
        platform=world.a.platform,
        actor=world.a.admin.user,
        name="  Gender   policy ",
        description="x",
    )
    assert criterion.name == "Gender policy"
    assert criterion.position == len(DEFAULT_CRITERIA) + 1
    assert criterion.is_active


@pytest.mark.parametrize("name", ["Mandate", "mandate", " MANDATE "])
def test_criterion_names_are_unique_per_platform(world, name):
    seed(world.a.platform)
    before = snapshot(world.a.platform)
    with pytest.raises(ValidationError) as caught:
        criterion_create(platform=world.a.platform, actor=world.a.admin.user, name=name)
    assert "already has a criterion named" in messages_of(caught.value)["name"][0]
    assert snapshot(world.a.platform) == before


def test_the_same_name_is_fine_on_another_platform(world):
    seed(world.a.platform)
    criterion = criterion_create(
        platform=world.b.platform, actor=world.b.admin.user, name="Mandate"
    )
    assert criterion.platform_id == world.b.platform.pk


def test_renaming_onto_another_criterion_is_refused(world):
    seed(world.a.platform)
    with unscoped():
        first, second = ScreeningCriterion.objects.filter(platform=world.a.platform)[:2]
    before = snapshot(world.a.platform)
    with pytest.raises(ValidationError) as caught:
        criterion_update(
            platform=world.a.platform,
            criterion=second,
            actor=world.a.admin.user,
            name=first.name,
            description="",
            position=2,
            is_active=True,
        )
    assert "name" in messages_of(caught.value)
    assert snapshot(world.a.platform) == before


@pytest.mark.parametrize("name, position", [("", 1), ("x" * 201, 1), ("Fine", -1)])
def test_bad_criterion_input_is_refused(world, name, position):
    before = snapshot(world.a.platform)
    with pytest.raises(ValidationError):
        criterion_create(
            platform=world.a.platform, actor=world.a.admin.user, name=name, position=position
        )
    assert snapshot(world.a.platform) == before


def test_retiring_a_criterion_keeps_its_findings_and_leaves_it_out_of_new_screenings(world):
    seed(world.a.platform)
    _org, old = open_for(world.a)
    decide(world.a, old)
    retired = findings_of(old)[0].criterion
    criterion_update(
        platform=world.a.platform,
        criterion=retired,
        actor=world.a.admin.user,
        name=retired.name,
        description=retired.description,
        position=retired.position,
        is_active=False,
    )
    assert retired.pk in {f.criterion_id for f in findings_of(old)}
    _org2, new = open_for(world.a)
    assert retired.pk not in {f.criterion_id for f in findings_of(new)}
    assert len(findings_of(new)) == len(DEFAULT_CRITERIA) - 1


def test_every_sector_gets_the_same_criteria(world):
    seed(world.a.platform)
    business = OrganisationFactory(platform=world.a.platform, sector=Sector.BUSINESS)
    ngo = OrganisationFactory(platform=world.a.platform, sector=Sector.CIVIL_SOCIETY)
    _b, business_screening = open_for(world.a, business)
    _n, ngo_screening = open_for(world.a, ngo)

    def criteria(screening):
        return [f.criterion.name for f in findings_of(screening)]

    assert criteria(business_screening) == criteria(ngo_screening)
    assert criteria(business_screening) == [name for name, _ in DEFAULT_CRITERIA]


# --- Opening ----------------------------------------------------------------------------


def test_opening_a_screening(world):
    seed(world.a.platform)
    org, screening = open_for(world.a)
    findings = findings_of(screening)
    assert len(findings) == len(DEFAULT_CRITERIA)
    assert {f.rating for f in findings} == {FindingRating.NOT_ASSESSED}
    assert screening.decision == ScreeningDecision.PENDING
    assert screening.opened_by == world.a.broker.user
    assert org_state(org) == (ScreeningDecision.PENDING, None)


def test_opening_refuses_an_archived_organisation(world):
    seed(world.a.platform)
    org = OrganisationFactory(platform=world.a.platform, archived_at=timezone.now())
    before = snapshot(world.a.platform)
    with pytest.raises(ValidationError, match="archived"):
        open_for(world.a, org)
    assert snapshot(world.a.platform) == before


def test_opening_refuses_a_second_open_screening(world):
    seed(world.a.platform)
    org, _screening = open_for(world.a)
    before = snapshot(world.a.platform)
    with pytest.raises(ValidationError, match="already has an open screening"):
        open_for(world.a, org)
    assert snapshot(world.a.platform) == before


def test_opening_refuses_without_active_criteria(world):
    ScreeningCriterionFactory(platform=world.a.platform, is_active=False)
    org = OrganisationFactory(platform=world.a.platform)
    before = snapshot(world.a.platform)
    with pytest.raises(ValidationError, match="no published screening criteria"):
        open_for(world.a, org)
    assert snapshot(world.a.platform) == before
    assert org_state(org) == (NOT_SCREENED, None)


def test_opening_refuses_another_platforms_organisation(world):
    seed(world.a.platform)
    org = OrganisationFactory(platform=world.b.platform)
    with pytest.raises(ValidationError):
        screening_open(platform=world.a.platform, organisation=org, actor=world.a.broker.user)
    with unscoped():
        assert not Screening.objects.exists()


# --- Recording and deciding -------------------------------------------------------------


def test_saving_as_pending_saves_progress_only(world):
    seed(world.a.platform)
    org, screening = open_for(world.a)
    first = findings_of(screening)[0]
    inputs = rated(screening, rating=FindingRating.NOT_ASSESSED, text="")
    inputs[first.pk] = FindingInput(rating=FindingRating.PARTLY, finding="Thin evidence.")
    screening_update(
        platform=world.a.platform,
        screening=screening,
        actor=world.a.broker.user,
        findings=inputs,
        risk_level="",
        decision=ScreeningDecision.PENDING,
        summary="Halfway.",
    )
    saved = {f.pk: f for f in findings_of(screening)}
    assert (saved[first.pk].rating, saved[first.pk].finding) == ("partly", "Thin evidence.")
    with unscoped():
        screening.refresh_from_db()
    assert screening.summary == "Halfway."
    assert screening.decided_at is None and screening.decided_by is None
    assert org_state(org) == (ScreeningDecision.PENDING, None)


@pytest.mark.parametrize(
    "decision", [ScreeningDecision.CLEARED, ScreeningDecision.CLEARED_WITH_CONDITIONS]
)
def test_a_clearance_becomes_the_current_status(world, decision):
    seed(world.a.platform)
    org, screening = open_for(world.a)
    renew_by = world.a.platform.today() + timedelta(days=200)
    decided = decide(world.a, screening, decision=decision, renew_by=renew_by)
    assert decided.decided_by == world.a.broker.user
    assert decided.decided_at is not None
    assert org_state(org) == (decision, renew_by)


def test_declining_needs_a_reason_and_has_no_renewal(world):
    seed(world.a.platform)
    org, screening = open_for(world.a)
    decided = decide(
        world.a, screening, decision=ScreeningDecision.DECLINED, summary="Conflict of interest."
    )
    assert decided.renew_by is None
    assert org_state(org) == (ScreeningDecision.DECLINED, None)


def test_deciding_with_everything_missing_lists_every_problem_and_writes_nothing(world):
    seed(world.a.platform)
    org, screening = open_for(world.a)
    before = snapshot(world.a.platform)
    with pytest.raises(ValidationError) as caught:
        decide(
            world.a,
            screening,
            decision=ScreeningDecision.CLEARED_WITH_CONDITIONS,
            findings=rated(screening, rating=FindingRating.NOT_ASSESSED),
            risk_level="",
            conditions="",
            renew_by=None,
        )
    errors = messages_of(caught.value)
    assert set(errors) == {"risk_level", "findings", "renew_by", "conditions"}
    assert "Not assessed: Representativeness, Mandate" in errors["findings"][0]
    assert snapshot(world.a.platform) == before
    assert org_state(org) == (ScreeningDecision.PENDING, None)


@pytest.mark.parametrize("days", [0, -1, -400])
def test_a_clearance_needs_a_renew_date_after_today(world, days):
    seed(world.a.platform)
    _org, screening = open_for(world.a)
    before = snapshot(world.a.platform)
    with pytest.raises(ValidationError) as caught:
        decide(world.a, screening, renew_by=world.a.platform.today() + timedelta(days=days))
    assert "after today" in messages_of(caught.value)["renew_by"][0]
    assert snapshot(world.a.platform) == before


@pytest.mark.parametrize(
    "decision, overrides, field",
    [
        (ScreeningDecision.CLEARED_WITH_CONDITIONS, {"conditions": "   "}, "conditions"),
        (ScreeningDecision.CLEARED, {"conditions": "Some"}, "conditions"),
        (ScreeningDecision.DECLINED, {"summary": ""}, "summary"),
        (ScreeningDecision.CLEARED, {"risk_level": "extreme"}, "risk_level"),
        ("approved", {}, "decision"),
    ],
)
def test_incomplete_or_bad_decisions_are_refused(world, decision, overrides, field):
    seed(world.a.platform)
    _org, screening = open_for(world.a)
    before = snapshot(world.a.platform)
    with pytest.raises(ValidationError) as caught:
        decide(world.a, screening, decision=decision, **overrides)
    assert field in messages_of(caught.value)
    assert snapshot(world.a.platform) == before


def test_a_rating_outside_the_choices_is_refused_even_when_pending(world):
    seed(world.a.platform)
    _org, screening = open_for(world.a)
    before = snapshot(world.a.platform)
    with pytest.raises(ValidationError) as caught:
        decide(
            world.a,
            screening,
            decision=ScreeningDecision.PENDING,
            findings=rated(screening, rating="excellent"),
        )
    assert "Choose a rating" in messages_of(caught.value)["findings"][0]
    assert snapshot(world.a.platform) == before


def test_findings_of_another_screening_are_refused(world):
    seed(world.a.platform)
    _org, screening = open_for(world.a)
    _org2, other = open_for(world.a)
    before = snapshot(world.a.platform)
    with pytest.raises(ValidationError, match="reload the page"):
        decide(world.a, screening, findings=rated(other))
    assert snapshot(world.a.platform) == before


def test_a_decided_screening_is_closed_and_history_stays(world):
    seed(world.a.platform)
    org, screening = open_for(world.a)
    decide(world.a, screening)
    before = snapshot(world.a.platform)
    with pytest.raises(ValidationError, match="Open a new screening to change a decision"):
        decide(world.a, screening, decision=ScreeningDecision.DECLINED, summary="Changed my mind.")
    with pytest.raises(ValidationError, match="Open a new screening"):
        decide(world.a, screening, decision=ScreeningDecision.PENDING)
    assert snapshot(world.a.platform) == before


# --- The current status across a screening's life ---------------------------------------


def test_current_status_through_renewals(world):
    seed(world.a.platform)
    today = world.a.platform.today()
    org = OrganisationFactory(platform=world.a.platform)
    assert org_state(org) == (NOT_SCREENED, None)

    _org, first = open_for(world.a, org)
    assert org_state(org) == (ScreeningDecision.PENDING, None)

    first_renew = today + timedelta(days=30)
    decide(world.a, first, renew_by=first_renew)
    assert org_state(org) == (ScreeningDecision.CLEARED, first_renew)

    # Time passes: the clearance expires. The status stays "cleared" with its past
    # renew-by date, which every badge shows as expired.
    past = today - timedelta(days=3)
    with unscoped():
        Organisation.objects.filter(pk=org.pk).update(screening_renew_by=past)
        Screening.objects.filter(pk=first.pk).update(renew_by=past)
        expired = Organisation.objects.get(pk=org.pk)
    assert screening_state(expired)[0] == "Screening expired"

    # A renewal opened on a cleared organisation leaves its status alone until decided.
    _org, second = open_for(world.a, org)
    assert org_state(org) == (ScreeningDecision.CLEARED, past)

    decide(
        world.a,
        second,
        decision=ScreeningDecision.CLEARED_WITH_CONDITIONS,
        conditions="Publish its accounts.",
        renew_by=today + timedelta(days=90),
    )
    assert org_state(org) == (ScreeningDecision.CLEARED_WITH_CONDITIONS, today + timedelta(days=90))

    _org, third = open_for(world.a, org)
    decide(world.a, third, decision=ScreeningDecision.DECLINED, summary="Controversy.")
    assert org_state(org) == (ScreeningDecision.DECLINED, None)

    # The history is kept as each screening was decided.
    with unscoped():
        history = list(
            Screening.objects.filter(organisation=org)
            .order_by("created_at")
            .values_list("decision", "renew_by")
        )
    assert history == [
        (ScreeningDecision.CLEARED, past),
        (ScreeningDecision.CLEARED_WITH_CONDITIONS, today + timedelta(days=90)),
        (ScreeningDecision.DECLINED, None),
    ]


def test_platform_today_is_the_platforms_calendar_day(world):
    # Kiritimati (UTC+14) and Pago Pago (UTC-11) are 25 hours apart: never the same day.
    east = PlatformFactory(time_zone="Pacific/Kiritimati")
    west = PlatformFactory(time_zone="Pacific/Pago_Pago")
    assert east.today() - west.today() in (timedelta(days=1), timedelta(days=2))


# --- Adding the defaults twice at once -------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_clicks_on_add_the_defaults_add_them_once(world):
    """A double click runs two seeds at once. The first holds its transaction open until
    the second is waiting on it; the second must then find the criteria, not break the
    unique name (a 500)."""
    platform = world.a.platform
    seeded, release = threading.Event(), threading.Event()
    added: list[int] = []
    errors: list[Exception] = []

    def first_click():
        try:
            with platform_transaction(platform.pk):
                added.append(screening_criteria_seed(platform=platform))
                seeded.set()
                release.wait(10)
        except Exception as error:
            errors.append(error)
        finally:
            seeded.set()
            connection.close()

    def second_click():
        try:
            seeded.wait(10)
            added.append(screening_criteria_seed(platform=platform))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first_click), threading.Thread(target=second_click)]
    for thread in threads:
        thread.start()
    try:
        _wait_for_a_blocked_session()
    finally:
        release.set()
        for thread in threads:
            thread.join(10)
    assert errors == []
    assert sorted(added) == [0, len(DEFAULT_CRITERIA)]
    with unscoped():
        assert ScreeningCriterion.objects.filter(platform=platform).count() == len(DEFAULT_CRITERIA)


def _wait_for_a_blocked_session(seconds: float = 5) -> None:
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError("the second seed never waited for the first")


# --- One home for the screening rules ----------------------------------------------------


def test_clearances_are_defined_once():
    from stakeholders import models
    from stakeholders.selectors import screening as selectors
    from stakeholders.services.screening import screenings

    assert selectors.CLEARANCES is screenings.CLEARANCES is models.CLEARANCES


@pytest.mark.parametrize(
    ("status", "renew_in_days", "expired"),
    [
        (ScreeningDecision.CLEARED, -1, True),
        (ScreeningDecision.CLEARED, 0, False),
        (ScreeningDecision.CLEARED_WITH_CONDITIONS, -30, True),
        (ScreeningDecision.PENDING, -1, True),
        (ScreeningDecision.DECLINED, None, False),
        (NOT_SCREENED, -1, False),
    ],
)
def test_screening_expired_in_python_and_in_sql(world, status, renew_in_days, expired):
    today = world.a.platform.today()
    renew_by = None if renew_in_days is None else today + timedelta(days=renew_in_days)
    org = OrganisationFactory(
        platform=world.a.platform, screening_status=status, screening_renew_by=renew_by
    )
    assert org.screening_expired(today) is expired
    with unscoped():
        in_sql = Organisation.objects.filter(Organisation.screening_expired_q(today), pk=org.pk)
        assert in_sql.exists() is expired


def test_the_badge_and_the_api_ask_the_model(monkeypatch):
    from stakeholders.api.common import ScreeningOutputSerializer

    org = Organisation(screening_status=ScreeningDecision.CLEARED, screening_renew_by=None)
    assert screening_state(org)[0] == "Cleared"
    assert ScreeningOutputSerializer(org).data["expired"] is False
    monkeypatch.setattr(Organisation, "screening_expired", lambda self, today: True)
    assert screening_state(org) == ("Screening expired", "badge-expired")
    assert ScreeningOutputSerializer(org).data["expired"] is True
