"""Writes for screenings: open one, record findings, decide.

A screening is open while its decision is "pending"; deciding it closes it for good, so
the history stays as it was and a changed decision is a new screening. The organisation's
screening_status / screening_renew_by mirror its latest decided screening ("pending"
while it only has open ones) and are kept here, in the transaction that changes them.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from platforms.models import Platform
from platforms.tenancy import platform_transaction
from stakeholders.models import (
    CLEARANCES,
    NOT_SCREENED,
    FindingRating,
    Organisation,
    RiskLevel,
    Screening,
    ScreeningCriterion,
    ScreeningDecision,
    ScreeningFinding,
)
from stakeholders.services.common import actor_id, platform_check


def _organisation_status_refresh(organisation: Organisation) -> None:
    """Recompute the organisation's current screening from its history (see module doc)."""
    screenings = Screening.objects.filter(
        platform_id=organisation.platform_id, organisation=organisation
    )
    latest = (
        screenings.exclude(decision=ScreeningDecision.PENDING)
        .order_by("-decided_at", "-created_at")
        .values("decision", "renew_by")
        .first()
    )
    if latest is not None:
        status, renew_by = latest["decision"], latest["renew_by"]
    elif screenings.exists():
        status, renew_by = ScreeningDecision.PENDING, None
    else:
        status, renew_by = NOT_SCREENED, None
    if (organisation.screening_status, organisation.screening_renew_by) != (status, renew_by):
        organisation.screening_status = status
        organisation.screening_renew_by = renew_by
        organisation.save(update_fields=["screening_status", "screening_renew_by", "updated_at"])


def screening_open(*, platform: Platform, organisation: Organisation, actor) -> Screening:
    """Open a screening with one unassessed finding per active criterion."""
    platform_check(platform, organisation)
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        # Locked, so two people opening a screening at once get one open screening.
        organisation = Organisation.objects.select_for_update().get(
            platform=platform, pk=organisation.pk
        )
        if organisation.is_archived:
            raise ValidationError(
                f"{organisation.name} is archived: restore it before screening it."
            )
        if Screening.objects.filter(
            platform=platform, organisation=organisation, decision=ScreeningDecision.PENDING
        ).exists():
            raise ValidationError(
                f"{organisation.name} already has an open screening: "
                "finish that one instead of opening another."
            )
        criteria = list(ScreeningCriterion.objects.filter(platform=platform, is_active=True))
        if not criteria:
            raise ValidationError(
                "The platform has no published screening criteria. "
                "A platform admin must publish criteria before anyone can screen."
            )
        screening = Screening.objects.create(
            platform=platform, organisation=organisation, opened_by=actor
        )
        ScreeningFinding.objects.bulk_create(
            ScreeningFinding(platform=platform, screening=screening, criterion=criterion)
            for criterion in criteria
        )
        _organisation_status_refresh(organisation)
    return screening


@dataclass(frozen=True)
class FindingInput:
    rating: str
    finding: str = ""


CLOSED = "This screening has been decided and is closed. Open a new screening to change a decision."


def _screening_errors(
    *,
    platform: Platform,
    findings: list[ScreeningFinding],
    inputs: Mapping[int, FindingInput],
    risk_level: str,
    decision: str,
    conditions: str,
    summary: str,
    renew_by: date | None,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if decision not in ScreeningDecision.values:
        add("decision", "Choose a decision: pending, cleared, cleared with conditions or declined.")
    if risk_level and risk_level not in RiskLevel.values:
        add("risk_level", "Choose a risk level: low, medium or high.")
    bad = [f.criterion.name for f in findings if inputs[f.pk].rating not in FindingRating.values]
    if bad:
        add("findings", "Choose a rating from the list for: " + ", ".join(bad) + ".")
    if decision == ScreeningDecision.PENDING or errors:
        return errors

    # Deciding: the record must be complete enough to stand as the organisation's status.
    if not risk_level:
        add("risk_level", "Choose a risk level before deciding.")
    unrated = [
        f.criterion.name for f in findings if inputs[f.pk].rating == FindingRating.NOT_ASSESSED
    ]
    if unrated:
        add(
            "findings",
            "Assess every criterion before deciding. Not assessed: " + ", ".join(unrated) + ".",
        )
    today = platform.today()
    if decision in CLEARANCES:
        if renew_by is None:
            add("renew_by", "A clearance needs a renew-by date.")
        elif renew_by <= today:
            add("renew_by", f"The renew-by date must be after today ({today:%-d %b %Y}).")
    if decision == ScreeningDecision.CLEARED_WITH_CONDITIONS and not conditions:
        add("conditions", "Write down the conditions of the clearance.")
    if decision == ScreeningDecision.CLEARED and conditions:
        add(
            "conditions",
            "Conditions go with “Cleared with conditions”: choose that decision, "
            "or empty the conditions.",
        )
    if decision == ScreeningDecision.DECLINED and not summary:
        add("summary", "Give the reason for declining in the summary.")
    return errors


def screening_update(
    *,
    platform: Platform,
    screening: Screening,
    actor,
    findings: Mapping[int, FindingInput],
    risk_level: str = "",
    decision: str = ScreeningDecision.PENDING,
    conditions: str = "",
    summary: str = "",
    renew_by: date | None = None,
) -> Screening:
    """Record findings (keyed by ScreeningFinding pk) and, unless the decision is pending,
    decide: the screening closes and becomes the organisation's current status.

    Every finding of the screening must be given. A refusal lists every problem and
    writes nothing."""
    platform_check(platform, screening)
    conditions, summary = (conditions or "").strip(), (summary or "").strip()
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        # Locked and re-read: two people deciding at once must not both succeed.
        screening = (
            Screening.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .get(platform=platform, pk=screening.pk)
        )
        if screening.decision != ScreeningDecision.PENDING:
            raise ValidationError(CLOSED)
        rows = list(
            ScreeningFinding.objects.filter(platform=platform, screening=screening).select_related(
                "criterion"
            )
        )
        if {f.pk for f in rows} != set(findings):
            raise ValidationError(
                {
                    "findings": "The criteria of this screening changed: reload the page and try again."
                }
            )
        errors = _screening_errors(
            platform=platform,
            findings=rows,
            inputs=findings,
            risk_level=risk_level,
            decision=decision,
            conditions=conditions,
            summary=summary,
            renew_by=renew_by,
        )
        if errors:
            raise ValidationError(errors)

        now = timezone.now()
        for row in rows:
            row.updated_at = now  # bulk_update skips auto_now
            row.rating = findings[row.pk].rating
            row.finding = (findings[row.pk].finding or "").strip()
        ScreeningFinding.objects.bulk_update(rows, ["rating", "finding", "updated_at"])
        screening.risk_level = risk_level
        screening.decision = decision
        screening.conditions = conditions
        screening.summary = summary
        # A renew-by date only means something for a clearance.
        screening.renew_by = (
            renew_by if decision in CLEARANCES or decision == ScreeningDecision.PENDING else None
        )
        if decision != ScreeningDecision.PENDING:
            screening.decided_by = actor
            screening.decided_at = now
        screening.save()
        if decision != ScreeningDecision.PENDING:
            _organisation_status_refresh(screening.organisation)
    return screening
