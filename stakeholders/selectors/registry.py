"""Figures about the whole registry, for the home page."""

from datetime import date

from django.db.models import Count, Q

from platforms.models import Platform
from stakeholders.models import CLEARANCES, NOT_SCREENED, Organisation, ScreeningDecision, Sector


def registry_summary(*, platform: Platform, today: date, soon: date) -> dict:
    """Active organisations by sector, and how their screening stands. Two queries."""
    active = Organisation.objects.filter(platform=platform, archived_at__isnull=True)
    by_sector = dict(
        active.order_by().values_list("sector").annotate(n=Count("id")).values_list("sector", "n")
    )
    lapsed = Organisation.screening_expired_q(today)
    screening = active.aggregate(
        cleared=Count(
            "id",
            filter=Q(screening_status__in=CLEARANCES) & ~lapsed,
        ),
        pending=Count("id", filter=Q(screening_status=ScreeningDecision.PENDING) & ~lapsed),
        expired=Count("id", filter=lapsed),
        due_soon=Count("id", filter=Q(screening_renew_by__gte=today, screening_renew_by__lte=soon)),
        not_screened=Count("id", filter=Q(screening_status=NOT_SCREENED)),
    )
    return {
        "sectors": [(value, label, by_sector.get(value, 0)) for value, label in Sector.choices],
        "total": sum(by_sector.values()),
        "screening": screening,
    }
