"""Demo health-check rounds: opened, answered and closed through the health services,
then moved into the past (a round can only be opened for a date to come)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from partnerships.models import FUNDAMENTALS, HealthResponse, HealthRound, Partner, Partnership
from partnerships.services.health import health_respond, health_round_close, health_round_open
from platforms.models import Role
from stakeholders.models import Representative

from .records import HealthSpec

if TYPE_CHECKING:
    from . import Seeding


def health_seed(
    run: Seeding,
    partnership: Partnership,
    partners: dict[str, Partner],
    specs: tuple[HealthSpec, ...],
) -> None:
    for spec in specs:  # oldest first: one round is open at a time
        closes_on = run.day(max(spec.closes_in, 0))
        health_round = health_round_open(
            platform=run.platform,
            partnership=partnership,
            actor=run.broker,
            title=spec.title,
            closes_on=closes_on,
        )
        run.created += 1
        for response in spec.responses:
            partner = partners[response.partner]
            health_respond(
                platform=run.platform,
                round=health_round,
                partner=partner,
                actor=_respondent(run, partner) or run.broker,
                ratings=dict(zip(FUNDAMENTALS, response.ratings, strict=True)),
                comments=response.comments,
            )
            run.created += 1
        opened = run.day(-spec.opened_days_ago)
        dates: dict[str, object] = {"created_at": run.at(opened, 9)}
        if spec.closed:
            health_round_close(platform=run.platform, health_round=health_round, actor=run.broker)
            closed_on = run.day(spec.closes_in)
            dates.update(closes_on=closed_on, closed_at=run.at(closed_on, 17))
        HealthRound.objects.filter(pk=health_round.pk).update(**dates)
        answered = run.at(opened + timedelta(days=2), 14)
        HealthResponse.objects.filter(round=health_round).update(created_at=answered)


def _respondent(run: Seeding, partner: Partner):
    """The organisation's representative, who would answer on the web or through the API."""
    representative = (
        Representative.objects.filter(
            platform=run.platform,
            organisation_id=partner.organisation_id,
            membership__role=Role.PARTNER_REPRESENTATIVE,
        )
        .select_related("membership__user")
        .first()
    )
    return representative.membership.user if representative else None
