"""Reads for a partnership's governance: its bodies, their seats, the partners that may
sit on them, and the balance of power (worked out in partnerships.selectors.power_balance).
Every lookup is scoped to the platform and the partnership."""

from django.db.models import QuerySet
from django.http import Http404

from partnerships.models import GovernanceBody, Partner, Partnership, Seat
from partnerships.selectors.power_balance import PowerBalance, power_balance
from platforms.models import Platform
from stakeholders.models import Position


def body_list(*, platform: Platform, partnership: Partnership) -> QuerySet[GovernanceBody]:
    return GovernanceBody.objects.filter(platform=platform, partnership=partnership)


def body_get(*, platform: Platform, partnership: Partnership, public_id) -> GovernanceBody:
    """One body of this partnership; 404 for missing and another's alike."""
    body = body_list(platform=platform, partnership=partnership).filter(public_id=public_id).first()
    if body is None:
        raise Http404("No such governance body.")
    body.partnership = partnership  # already checked and loaded: spare the services a query
    return body


def active_partners(*, platform: Platform, partnership: Partnership) -> list[Partner]:
    """The partners that may hold seats: those that have not left."""
    return list(
        Partner.objects.filter(platform=platform, partnership=partnership, left_on__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )


def seat_list(*, platform: Platform, partnership: Partnership) -> QuerySet[Seat]:
    """The seats of active partners on the partnership's bodies. A partner that left
    keeps no voice, whatever seat rows remain."""
    return Seat.objects.filter(
        platform=platform,
        body__partnership=partnership,
        partner__left_on__isnull=True,
    ).select_related("partner__organisation")


def body_seats(*, platform: Platform, body: GovernanceBody) -> dict[int, int]:
    """Seats on one body by partner id (the form's initial values)."""
    return dict(
        Seat.objects.filter(platform=platform, body=body).values_list("partner_id", "seats")
    )


def map_positions(*, platform: Platform, partnership: Partnership) -> list[Position]:
    if partnership.stakeholder_map_id is None:
        return []
    return list(
        Position.objects.filter(platform=platform, map_id=partnership.stakeholder_map_id)
        .select_related("organisation")
        .order_by("pk")
    )


def governance_overview(*, platform: Platform, partnership: Partnership) -> PowerBalance:
    """The bodies with their members and the balance of power, in three queries (bodies,
    seats, the map's positions) whatever their number."""
    return power_balance(
        list(body_list(platform=platform, partnership=partnership)),
        seats=list(seat_list(platform=platform, partnership=partnership)),
        stakeholder_map=partnership.stakeholder_map,
        positions=map_positions(platform=platform, partnership=partnership),
    )
