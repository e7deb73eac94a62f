"""Reads for the commitments page: the partnership's commitments, common and specific,
with the filters of the page. "Overdue" is an open commitment (planned, on track, at
risk) whose due date is before the platform's today."""

from datetime import date
from typing import TypedDict

from django.db.models import Q, QuerySet

from partnerships.models import Commitment, CommitmentKind, Partnership
from partnerships.models.reference import OPEN_COMMITMENT


class CommitmentFilters(TypedDict, total=False):
    status: str
    partner_id: int | None
    overdue: bool


def overdue_q(today: date) -> Q:
    return Q(status__in=OPEN_COMMITMENT, due_on__lt=today)


def commitment_list(
    *, partnership: Partnership, today: date, filters: CommitmentFilters | None = None
) -> QuerySet[Commitment]:
    """The partnership's commitments, soonest due first (undated last). One query."""
    filters = filters or {}
    commitments = Commitment.objects.filter(
        platform_id=partnership.platform_id, partnership=partnership
    ).select_related("partner__organisation", "status_changed_by")
    if filters.get("status"):
        commitments = commitments.filter(status=filters["status"])
    if filters.get("partner_id"):
        # A partner's commitments are its specific ones and the common ones it shares.
        commitments = commitments.filter(
            Q(partner_id=filters["partner_id"]) | Q(kind=CommitmentKind.COMMON)
        )
    if filters.get("overdue"):
        commitments = commitments.filter(overdue_q(today))
    return commitments.order_by("due_on", "created_at", "pk")


def is_overdue(commitment: Commitment, today: date) -> bool:
    return (
        commitment.status in OPEN_COMMITMENT
        and commitment.due_on is not None
        and commitment.due_on < today
    )
