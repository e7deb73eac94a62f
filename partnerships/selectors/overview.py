"""Where partnerships stand: a partnership's overview page, the commitments due across
the platform, and the home page's figures. Each read is a fixed number of queries,
however many partners, commitments, rounds or events there are."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import (
    Avg,
    Count,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Window,
)

from partnerships.models import (
    FUNDAMENTALS,
    OPEN_COMMITMENT,
    Commitment,
    Fundamental,
    HealthResponse,
    HealthRound,
    Partner,
    Partnership,
    PartnershipType,
    PartnershipUserObjectPermission,
    Stage,
)
from platforms import rls
from platforms.models import AuditAction, AuditEvent, Membership, Platform
from platforms.permissions import can
from platforms.templatetags.ui import actor_name

DUE_SOON = timedelta(days=14)  # the overview's window
DUE_WINDOW = timedelta(days=30)  # the "Commitments due" page's window
LATEST_EVENTS = 10
LATEST_COMMITMENTS = 10
# A fundamental whose average is this low, or on which partners disagree this much,
# needs the broker's attention.
ALERT_AVERAGE = 2.5
ALERT_SPREAD = 3


@dataclass(frozen=True)
class Latest:
    """The first rows of a list, and how many the whole list has."""

    rows: Sequence[Any]
    total: int

    @property
    def more(self) -> bool:
        return self.total > len(self.rows)


def _latest(rows: QuerySet, limit: int) -> Latest:
    # Two small queries rather than one with a window count: the window makes PostgreSQL
    # read and sort every matching row before the LIMIT (34 ms at 5,000 partnerships on
    # the home page), while the first rows come straight off an index and the count is
    # an index scan.
    return Latest(rows=list(rows[:limit]), total=rows.order_by().count())


# -- One partnership -------------------------------------------------------------------


def overview_partners(*, platform: Platform, partnership: Partnership) -> list[Partner]:
    """The active partners with their organisations (and screening), by name."""
    return list(
        Partner.objects.filter(platform=platform, partnership=partnership, left_on__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name", "id")
    )


def open_commitments(*, platform: Platform, until: date) -> QuerySet[Commitment]:
    """Open commitments due by ``until`` (overdue ones included), the most overdue first."""
    return (
        Commitment.objects.filter(
            platform=platform, status__in=OPEN_COMMITMENT, due_on__isnull=False, due_on__lte=until
        )
        .select_related("partner__organisation", "partnership")
        .order_by("due_on", "created_at", "id")
    )


def overview_commitments(
    *, platform: Platform, partnership: Partnership, today: date, limit: int = LATEST_COMMITMENTS
) -> Latest:
    """Open commitments overdue or due within two weeks, overdue first."""
    return _latest(
        open_commitments(platform=platform, until=today + DUE_SOON).filter(partnership=partnership),
        limit,
    )


@dataclass(frozen=True)
class FundamentalResult:
    name: str
    label: str
    average: float | None
    spread: int | None

    @property
    def alert(self) -> bool:
        return self.average is not None and (
            self.average <= ALERT_AVERAGE or (self.spread or 0) >= ALERT_SPREAD
        )


@dataclass(frozen=True)
class Health:
    round: HealthRound
    responses: int
    fundamentals: list[FundamentalResult] = field(default_factory=list)


def _rating_aggregates() -> dict[str, Any]:
    aggregates: dict[str, Any] = {"responses": Count("id")}
    for name in FUNDAMENTALS:
        aggregates[f"{name}_avg"] = Avg(name)
        aggregates[f"{name}_min"] = Min(name)
        aggregates[f"{name}_max"] = Max(name)
    return aggregates


def _fundamentals(row: dict[str, Any]) -> list[FundamentalResult]:
    results = []
    for name, label in Fundamental.choices:
        average = row.get(f"{name}_avg")
        low, high = row.get(f"{name}_min"), row.get(f"{name}_max")
        results.append(
            FundamentalResult(
                name=name,
                label=str(label),
                average=round(float(average), 1) if average is not None else None,
                spread=(high - low) if high is not None and low is not None else None,
            )
        )
    return results


def overview_health(*, platform: Platform, partnership: Partnership) -> Health | None:
    """The latest health round (open or closed) and its averages and spreads; None when
    no round was ever opened. Two queries."""
    latest = (
        HealthRound.objects.filter(platform=platform, partnership=partnership)
        .order_by("-created_at", "-id")
        .first()
    )
    if latest is None:
        return None
    row = HealthResponse.objects.filter(platform=platform, round=latest).aggregate(
        **_rating_aggregates()
    )
    return Health(round=latest, responses=row["responses"], fundamentals=_fundamentals(row))


@dataclass(frozen=True)
class ActivityItem:
    """Who did what, when: an audit event told without its values."""

    event: AuditEvent
    who: str
    what: str
    fields: list[str] = field(default_factory=list)


PARTNERSHIP_TABLE = Partnership._meta.db_table
PERMISSION_TABLE = PartnershipUserObjectPermission._meta.db_table


def partnership_events(
    *, platform: Platform, partnership: Partnership, include_access: bool = False
) -> QuerySet[AuditEvent]:
    """Audit events about the partnership and the rows that belong to it, newest first.

    The trail keys events by table and row id. A child row's create and delete events
    carry its partnership_id in their snapshot (a guardian permission row, its
    content_object_id); an update records only the changed columns, so updates of
    child rows are not found here (the pages of each area show their own history).
    Access and broker assignments (the permission rows: whose access changed) only with
    ``include_access``, for those who may read the platform's activity log."""
    about = Q(table_name=PARTNERSHIP_TABLE, object_id=partnership.pk) | Q(
        table_name__startswith="partnerships_", changes__partnership_id=partnership.pk
    )
    if include_access:
        about |= Q(table_name=PERMISSION_TABLE, changes__content_object_id=partnership.pk)
    else:
        # Its name starts with "partnerships_" too; a snapshot never has partnership_id,
        # but say so rather than rely on it.
        about &= ~Q(table_name=PERMISSION_TABLE)
    return (
        AuditEvent.objects.filter(platform=platform)
        .filter(about)
        .select_related("actor")
        .order_by("-occurred_at", "-id")
    )


def overview_activity(
    *,
    platform: Platform,
    partnership: Partnership,
    membership: Membership | None,
    limit: int = LATEST_EVENTS,
) -> list[ActivityItem]:
    """The latest events, in words: who, what and when, not the values. For staff and
    observers only (``view_organisations``): names and dates of who changed what are
    theirs to see, not the partners'. Access and broker assignments only for those who
    may read the activity log (``view_activity``, the admins). No query for the others."""
    if not can(membership, "view_organisations"):
        return []
    kinds = rls.audited_models()
    items = []
    events = partnership_events(
        platform=platform, partnership=partnership, include_access=can(membership, "view_activity")
    )
    for event in events[:limit]:
        model = kinds.get(event.table_name)
        if event.table_name == PARTNERSHIP_TABLE:
            what = "the partnership"
        elif event.table_name == PERMISSION_TABLE:
            what = "an access or broker assignment"
        else:
            what = rls.audited_label(model).lower() if model else event.table_name
        fields = []
        if event.action == AuditAction.UPDATE and model is not None:
            fields = _field_labels(model, event.changes or {})
        items.append(ActivityItem(event=event, who=actor_name(event), what=what, fields=fields))
    return items


def _field_labels(model, changes: dict) -> list[str]:
    by_column = {f.column: f for f in model._meta.concrete_fields}
    return [
        str(by_column[column].verbose_name).capitalize() if column in by_column else column
        for column in sorted(changes)
    ]


# -- The platform ---------------------------------------------------------------------


def commitments_due(*, platform: Platform, today: date, overdue_only: bool = False):
    """Every open commitment of the platform overdue or due within 30 days, by due date."""
    until = today - timedelta(days=1) if overdue_only else today + DUE_WINDOW
    return open_commitments(platform=platform, until=until)


def overdue_commitments(*, platform: Platform, today: date, limit: int = 5) -> Latest:
    return _latest(open_commitments(platform=platform, until=today - timedelta(days=1)), limit)


def partnership_summary(*, platform: Platform) -> dict[str, Any]:
    """How many partnerships by stage, by type and by goal. One query."""
    counts: dict[str, Any] = {"total": Count("id")}
    for stage in Stage:
        counts[f"stage_{stage.value}"] = Count("id", filter=Q(stage=stage.value))
    for kind in PartnershipType:
        counts[f"type_{kind.value}"] = Count("id", filter=Q(type=kind.value))
    for number in range(1, 18):
        counts[f"goal_{number}"] = Count("id", filter=Q(goals__contains=[number]))
    row = Partnership.objects.filter(platform=platform).aggregate(**counts)
    return {
        "total": row["total"],
        "stages": [(s.value, s.label, row[f"stage_{s.value}"]) for s in Stage],
        "types": [(t.value, t.label, row[f"type_{t.value}"]) for t in PartnershipType],
        "goals": {number: row[f"goal_{number}"] for number in range(1, 18)},
    }


def _alert_q() -> Q:
    condition = Q()
    for name in FUNDAMENTALS:
        condition |= Q(**{f"{name}_avg__lte": ALERT_AVERAGE}) | Q(
            **{f"{name}_gap__gte": ALERT_SPREAD}
        )
    return condition


def health_alerts(*, platform: Platform, limit: int = 5) -> Latest:
    """Partnerships whose latest health round (open or closed) has a fundamental with a
    low average or a wide spread. One query: responses grouped by the latest rounds."""
    latest_round = (
        HealthRound.objects.filter(partnership=OuterRef("round__partnership"))
        .order_by("-created_at", "-id")
        .values("id")[:1]
    )
    aggregates = _rating_aggregates()
    gaps = {f"{name}_gap": Max(name) - Min(name) for name in FUNDAMENTALS}
    rows = (
        HealthResponse.objects.filter(platform=platform, round_id=Subquery(latest_round))
        .values(
            "round_id",
            "round__closed_at",
            "round__closes_on",
            partnership_title=F("round__partnership__title"),
            partnership_public_id=F("round__partnership__public_id"),
        )
        .annotate(**aggregates, **gaps)
        .filter(_alert_q())
        .annotate(total_rows=Window(Count("round_id")))
        .order_by("partnership_title", "round_id")
    )
    shown: list[dict[str, Any]] = [dict(row) for row in rows[:limit]]
    for row in shown:
        row["alerts"] = [result for result in _fundamentals(row) if result.alert]
    return Latest(rows=shown, total=shown[0]["total_rows"] if shown else 0)


def your_partnerships(*, partnerships: QuerySet[Partnership], limit: int = 10) -> Latest:
    """A partner representative's partnerships (already scoped to what it may see)."""
    return _latest(partnerships.select_related("lead_organisation").order_by("title", "id"), limit)
